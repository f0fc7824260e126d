import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParams, roleSchema, timestamp } from "./common";

export const memberSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    joinedAt: timestamp,
  })
  .meta({ id: "Member" });

export const listMembers = defineOperation({
  id: "listMembers",
  method: "GET",
  path: "/api/v1/members",
  tag: "Members",
  summary: "List the workspace's members",
  auth: "workspace",
  permission: "members.read",
  response: z.object({ data: z.array(memberSchema) }),
});

export const updateMemberInput = z.strictObject({ role: roleSchema });

export const updateMember = defineOperation({
  id: "updateMember",
  method: "PATCH",
  path: "/api/v1/members/{id}",
  tag: "Members",
  summary: "Change a member's role",
  description: "Only owners can make or unmake owners; the last owner cannot be demoted.",
  auth: "workspace",
  permission: "members.manage",
  params: idParams,
  body: updateMemberInput,
  response: z.object({ member: memberSchema }),
});

export const removeMember = defineOperation({
  id: "removeMember",
  method: "DELETE",
  path: "/api/v1/members/{id}",
  tag: "Members",
  summary: "Remove a member from the workspace",
  description: "The last owner cannot be removed.",
  auth: "workspace",
  permission: "members.manage",
  params: idParams,
  status: 204,
});

export const inviteSchema = z
  .object({
    id: z.uuid(),
    role: roleSchema,
    createdAt: timestamp,
    expiresAt: timestamp,
    acceptedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
  })
  .meta({ id: "Invite" });

export const listInvites = defineOperation({
  id: "listInvites",
  method: "GET",
  path: "/api/v1/invites",
  tag: "Members",
  summary: "List invite links",
  auth: "workspace",
  permission: "members.manage",
  response: z.object({ data: z.array(inviteSchema) }),
});

export const createInviteInput = z.strictObject({
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(30).default(7),
});

export const createInvite = defineOperation({
  id: "createInvite",
  method: "POST",
  path: "/api/v1/invites",
  tag: "Members",
  summary: "Create an invite link",
  description: "The link (with its token) is in this response only. Only owners can invite owners.",
  auth: "workspace",
  permission: "members.manage",
  body: createInviteInput,
  response: z.object({ url: z.url(), invite: inviteSchema }),
  status: 201,
});

export const revokeInvite = defineOperation({
  id: "revokeInvite",
  method: "DELETE",
  path: "/api/v1/invites/{id}",
  tag: "Members",
  summary: "Revoke an invite link",
  auth: "workspace",
  permission: "members.manage",
  params: idParams,
  response: z.object({ invite: inviteSchema }),
});

/** Browser-side: the invite page previews and accepts by token (not part of the public API). */
export const inviteTokenParams = z.object({ token: z.string().min(20).max(100) });

export const previewInvite = defineOperation({
  id: "previewInvite",
  method: "GET",
  path: "/api/invites/{token}",
  tag: "Account",
  summary: "What an invite link offers",
  auth: "public",
  internal: true,
  params: inviteTokenParams,
  response: z.object({ workspaceName: z.string(), role: roleSchema, expiresAt: timestamp }),
});

export const acceptInvite = defineOperation({
  id: "acceptInvite",
  method: "POST",
  path: "/api/invites/{token}",
  tag: "Account",
  summary: "Join the workspace of an invite link as the signed-in user",
  auth: "session",
  internal: true,
  params: inviteTokenParams,
  response: z.object({ workspaceId: z.uuid(), role: roleSchema }),
});
