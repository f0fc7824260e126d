import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { roleSchema, timestamp } from "./common";

export const workspaceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    createdAt: timestamp,
    role: roleSchema.describe("The caller's role here"),
  })
  .meta({ id: "Workspace" });

export const getWorkspace = defineOperation({
  id: "getWorkspace",
  method: "GET",
  path: "/api/v1/workspace",
  tag: "Workspace",
  summary: "The workspace the caller is working in",
  auth: "workspace",
  permission: "workspace.read",
  response: z.object({ workspace: workspaceSchema }),
});

export const updateWorkspaceInput = z.strictObject({
  name: z.string().trim().min(1, "Name the workspace").max(100),
});

export const updateWorkspace = defineOperation({
  id: "updateWorkspace",
  method: "PATCH",
  path: "/api/v1/workspace",
  tag: "Workspace",
  summary: "Rename the workspace",
  auth: "workspace",
  permission: "workspace.manage",
  body: updateWorkspaceInput,
  response: z.object({ workspace: workspaceSchema }),
});
