// Rules for account fields (sign-up, sign-in, password reset, user:create). No I/O.
import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const emailSchema = z
  .string({ required_error: "is required" })
  .trim()
  .min(1, "is required")
  .max(320, "must be at most 320 characters")
  .email("must be an email address like name@example.org")
  .transform((v) => v.toLowerCase());

export const passwordSchema = z
  .string({ required_error: "is required" })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const accountSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100, "must be at most 100 characters").optional().default(""),
});

export const signInSchema = z.object({
  email: z.string({ required_error: "is required" }).trim().min(1, "is required").max(320, "must be at most 320 characters"),
  password: z.string({ required_error: "is required" }).min(1, "is required").max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
});
