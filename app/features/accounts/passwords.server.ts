// Passwords: argon2id hashes, and checking an email and password.
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import type { Db } from "../../../db/index";
import { findSignInByEmail, type User } from "./users.data.server";

export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Check an email and password. Takes about as long whether or not the account exists. */
export async function authenticate(db: Db, email: string, password: string): Promise<User | null> {
  const row = await findSignInByEmail(db.kysely, email.trim());
  // An account a connector made that has no password yet cannot be signed in to, and takes as
  // long to refuse as an unknown one.
  if (!row || !row.password_hash) {
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  const { password_hash: _p, ...user } = row;
  return user;
}
