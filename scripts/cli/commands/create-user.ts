import { z } from "zod";
import { createAccount } from "@/lib/auth/accounts";
import { emailSchema, passwordSchema, signUpInput } from "@/lib/auth/schemas";
import { randomToken } from "@/lib/crypto/secrets";
import { defineCommand } from "../command";

export const createUser = defineCommand({
  name: "create-user",
  summary: "Create a user and a new workspace with that user as its owner.",
  details:
    "Without --password a strong password is generated and printed once. A password given on the\n" +
    "command line may be kept in your shell history; prefer the generated one on shared machines.",
  flags: [
    { name: "email", value: "<email>", description: "Sign-in email (unique)" },
    { name: "name", value: "<name>", description: "The user's display name" },
    {
      name: "password",
      value: "<password>",
      description: "At least 10 characters (default: generated)",
    },
    { name: "workspace", value: "<name>", description: "Name of the workspace to create" },
  ],
  schema: z.strictObject({
    email: emailSchema,
    name: signUpInput.shape.name,
    password: passwordSchema.optional(),
    workspace: signUpInput.shape.workspaceName,
  }),
  async run(input, ctx) {
    const password = input.password ?? randomToken(18);
    const account = await createAccount(await ctx.db(), {
      email: input.email,
      name: input.name,
      password,
      workspaceName: input.workspace,
    });
    ctx.out(`Created user ${input.email} (id ${account.userId})`);
    ctx.out(`Workspace "${input.workspace}" (id ${account.workspaceId}), role: owner`);
    if (!input.password) ctx.out(`Password (shown only now): ${password}`);
  },
});
