import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, conversations } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { contactListColumns, type ContactListRow } from "./list";

/**
 * One contact of the workspace with its bot, order count and inbox conversation. An erased
 * contact is still found (its anonymous orders point at it); another workspace's is a 404.
 */
export async function getContact(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<ContactListRow & { conversationId: string | null }> {
  const [row] = await db
    .select({ ...contactListColumns, conversationId: conversations.id })
    .from(contacts)
    .innerJoin(bots, eq(bots.id, contacts.botId))
    .leftJoin(conversations, eq(conversations.contactId, contacts.id))
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (!row) throw notFound("Contact");
  return row;
}
