/**
 * Mails the site sent, read from its log (the default log mailer prints each one as "[mail] To: …").
 *
 *   const mark = server.output().length;
 *   await postForm(server, "/reset-password", s, { email: "ada@example.org" });
 *   const mail = await lastMailTo(server, "ada@example.org", mark);   // "" when none came in 5 s
 *
 * This file must not import vitest.
 */
import type { TestServer } from "./server";

/** The newest mail to this address printed after `after` (an offset in server.output()), waiting up to 5 s for it; "" when none. */
export async function lastMailTo(server: TestServer, email: string, after = 0): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const blocks = server.output().slice(after).split("[mail] To: ").slice(1);
    const mine = blocks.filter((b) => b.startsWith(`${email}\n`));
    if (mine.length) return mine[mine.length - 1].split("\n").filter((l) => l.startsWith("[mail]") || l === email).join("\n");
    await new Promise((r) => setTimeout(r, 100));
  }
  return "";
}
