import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { conversations } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import type { WorkspaceCaller } from "@/lib/api/caller";
import type { Agent } from "./actions";

/**
 * The agent behind an API call on a conversation: the conversation must be the workspace's
 * (404 otherwise, whoever asks), and the caller a person, since a conversation is assigned to
 * and answered by someone (an API key gets 403).
 */
export async function agentFor(
  db: Executor,
  caller: WorkspaceCaller,
  conversationId: string,
): Promise<Agent> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(eq(conversations.id, conversationId), eq(conversations.workspaceId, caller.workspaceId)),
    );
  if (!row) throw notFound("Conversation");
  if (!caller.user)
    throw new ApiError("forbidden", "Agents act on conversations as themselves: sign in");
  return { workspaceId: caller.workspaceId, userId: caller.user.id };
}
