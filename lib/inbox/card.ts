import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { contacts, handoffs, orders, sessions } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { findConversation, type ConversationRow } from "./list";
import { loadFlowVersion, nodeRef, type FlowNodeRef } from "./flow-nodes";

/**
 * What an agent sees beside the thread: the contact, their orders, where their flow waits and
 * the open hand-off.
 */

export interface ConversationCard {
  conversation: ConversationRow;
  contact: typeof contacts.$inferSelect;
  orders: {
    id: string;
    title: string;
    status: (typeof orders.$inferSelect)["status"];
    amountMinor: number;
    currency: string;
    test: boolean;
    createdAt: Date;
  }[];
  session: {
    flowId: string | null;
    flowName: string | null;
    node: FlowNodeRef | null;
    waiting: string | null;
    updatedAt: Date;
  } | null;
  handoff: {
    id: string;
    source: "node" | "command" | "agent";
    note: string;
    requestedAt: Date;
    assignedAt: Date | null;
  } | null;
}

export async function getConversationCard(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<ConversationCard> {
  const conversation = await findConversation(db, workspaceId, id);
  if (!conversation) throw notFound("Conversation");
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, conversation.contactId), eq(contacts.workspaceId, workspaceId)));
  if (!contact) throw notFound("Conversation");
  const [orderRows, [session], [handoff]] = await Promise.all([
    db
      .select({
        id: orders.id,
        title: orders.title,
        status: orders.status,
        amountMinor: orders.amountMinor,
        currency: orders.currency,
        test: orders.test,
        createdAt: orders.createdAt,
      })
      .from(orders)
      .where(and(eq(orders.contactId, contact.id), eq(orders.workspaceId, workspaceId)))
      .orderBy(desc(orders.createdAt))
      .limit(20),
    db
      .select()
      .from(sessions)
      .where(and(eq(sessions.contactId, contact.id), eq(sessions.workspaceId, workspaceId))),
    conversation.handoffId
      ? db
          .select({
            id: handoffs.id,
            source: handoffs.source,
            note: handoffs.note,
            requestedAt: handoffs.requestedAt,
            assignedAt: handoffs.assignedAt,
          })
          .from(handoffs)
          .where(
            and(eq(handoffs.id, conversation.handoffId), eq(handoffs.workspaceId, workspaceId)),
          )
      : [],
  ]);
  return {
    conversation,
    contact,
    orders: orderRows,
    session: session ? await sessionPlace(db, workspaceId, session) : null,
    handoff: handoff ?? null,
  };
}

/** Where the contact's flow is: its name, the node it waits on, and what for. */
export async function sessionPlace(
  db: Executor,
  workspaceId: string,
  session: typeof sessions.$inferSelect,
): Promise<NonNullable<ConversationCard["session"]>> {
  const version = session.flowVersionId
    ? await loadFlowVersion(db, workspaceId, session.flowVersionId)
    : undefined;
  const node = session.nodeId
    ? version?.document.nodes.find((n) => n.id === session.nodeId)
    : undefined;
  const waiting = session.waitingFor as { kind?: unknown } | null;
  return {
    flowId: version?.flowId ?? null,
    flowName: version?.flowName ?? null,
    node: node ? nodeRef(node) : null,
    waiting: typeof waiting?.kind === "string" ? waiting.kind : null,
    updatedAt: session.updatedAt,
  };
}
