import { z } from "zod";

/** Shared by the sign-up form, the account API and the CLI. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email("Enter a valid email address"));
export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const signUpInput = z.strictObject({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: emailSchema,
  password: passwordSchema,
  workspaceName: z.string().trim().min(1, "Name your workspace").max(100),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: passwordSchema,
});
