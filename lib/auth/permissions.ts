import type { Role } from "@/lib/db/schema/accounts";

/**
 * What each role may do. Agents work the inbox and contacts only; admins run the shop;
 * owners can also manage who else is an owner and delete the workspace.
 */
export const permissions = [
  "workspace.read",
  "workspace.manage",
  "members.read",
  "members.manage",
  "owners.manage",
  "apiKeys.manage",
  "bots.read",
  "bots.manage",
  "flows.read",
  "flows.manage",
  "journal.read",
  "inbox.use",
  /** Canned replies: owners and admins write them, agents use them. */
  "inbox.manage",
  "contacts.read",
  /** Tags, custom field values, the test flag and time zone of one contact (agents too). */
  "contacts.edit",
  /**
   * Everything else about contacts: erasure, CSV import and export, phone and external id,
   * custom field definitions and saved segments (owners and admins).
   */
  "contacts.manage",
  /** Push ERP events and obtain link codes (the shop's systems, with an API key). */
  "events.send",
  /** Declare event types. */
  "events.manage",
  /** Compose, send, pause and cancel broadcasts. */
  "broadcasts.manage",
  /** Outgoing webhooks: endpoints, their secrets and delivery log. */
  "webhooks.manage",
] as const;

export type Permission = (typeof permissions)[number];

const agent: Permission[] = ["workspace.read", "inbox.use", "contacts.read", "contacts.edit"];
const admin: Permission[] = permissions.filter((p) => p !== "owners.manage");

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(permissions),
  admin: new Set(admin),
  agent: new Set(agent),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export const roles = ["owner", "admin", "agent"] as const satisfies readonly Role[];
