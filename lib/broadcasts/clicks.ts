import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { broadcastClicks, broadcasts, contacts } from "@/lib/db/schema";
import { clickTargets } from "./message";
import { storedMessage } from "./broadcasts";
import { verifyClick } from "./click-token";

/**
 * A tap through the tracking redirect: records it and answers the address to send the reader
 * on to, which is read from the broadcast (never from the token). A token that does not verify,
 * or names a broadcast or target that does not exist, answers null and records nothing.
 */
export async function recordClick(db: Executor, token: string): Promise<string | null> {
  const ref = verifyClick(token);
  if (!ref) return null;
  const [row] = await db
    .select({ id: broadcasts.id, workspaceId: broadcasts.workspaceId, message: broadcasts.message })
    .from(broadcasts)
    .where(eq(broadcasts.id, ref.broadcastId));
  if (!row) return null;
  const target = clickTargets(storedMessage(row))[ref.target];
  if (!target) return null;
  await db.insert(broadcastClicks).values({
    broadcastId: row.id,
    // Null once the contact was deleted: the click still counts for the broadcast.
    contactId: sql`(${db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.id, ref.contactId), eq(contacts.workspaceId, row.workspaceId)))})`,
    target: ref.target,
  });
  return target.url;
}
