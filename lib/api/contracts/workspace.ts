import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { timeZoneSchema } from "@/lib/workspaces/time-zone";
import { roleSchema, timestamp } from "./common";

export const workspaceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string().describe("IANA time zone for dates and times in messages"),
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
  name: z.string().trim().min(1, "Name the workspace").max(100).optional(),
  timeZone: timeZoneSchema
    .optional()
    .describe("IANA name, e.g. Europe/Moscow: the zone of dates and times in bot messages"),
});

export const updateWorkspace = defineOperation({
  id: "updateWorkspace",
  method: "PATCH",
  path: "/api/v1/workspace",
  tag: "Workspace",
  summary: "Rename the workspace or change its time zone",
  auth: "workspace",
  permission: "workspace.manage",
  body: updateWorkspaceInput,
  response: z.object({ workspace: workspaceSchema }),
});
