import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { changePasswordInput, signUpInput } from "@/lib/auth/schemas";
import { roleSchema } from "./common";

/** Browser-only endpoints behind the account pages; not part of the public API document. */
export const signUp = defineOperation({
  id: "signUp",
  method: "POST",
  path: "/api/account/signup",
  tag: "Account",
  summary: "Create an account and its first workspace",
  auth: "public",
  internal: true,
  body: signUpInput,
  response: z.object({ userId: z.uuid(), workspaceId: z.uuid() }),
  status: 201,
});

export const changePassword = defineOperation({
  id: "changePassword",
  method: "POST",
  path: "/api/account/password",
  tag: "Account",
  summary: "Change the signed-in user's password (ends other sessions)",
  auth: "session",
  internal: true,
  body: changePasswordInput,
  status: 204,
});

export const myWorkspaceSchema = z.object({ id: z.uuid(), name: z.string(), role: roleSchema });

export const listMyWorkspaces = defineOperation({
  id: "listMyWorkspaces",
  method: "GET",
  path: "/api/account/workspaces",
  tag: "Account",
  summary: "Workspaces the signed-in user belongs to",
  auth: "session",
  internal: true,
  response: z.object({ data: z.array(myWorkspaceSchema) }),
});

export const createMyWorkspace = defineOperation({
  id: "createMyWorkspace",
  method: "POST",
  path: "/api/account/workspaces",
  tag: "Account",
  summary: "Create another workspace owned by the signed-in user",
  auth: "session",
  internal: true,
  body: z.strictObject({ name: z.string().trim().min(1, "Name the workspace").max(100) }),
  response: z.object({ workspace: myWorkspaceSchema }),
  status: 201,
});
