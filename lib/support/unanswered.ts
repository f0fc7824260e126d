import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bots, contacts, journal } from "@/lib/db/schema";
import { normalizeText } from "@/lib/runtime/faq-match";

/** The journal kind an faq node writes when it has no answer (lib/runtime/executors.ts). */
export const unansweredKind = "faq.unanswered";

export interface UnansweredQuestion {
  id: number;
  at: Date;
  /** The customer's message as they wrote it. */
  text: string;
  nodeId: string | null;
  contactId: string | null;
  /** "Anna K." or "@anna_k"; null when the contact is gone. */
  contactName: string | null;
  botId: string | null;
  /** The bot's @username, else its name in Botshop; null when the bot is gone. */
  botName: string | null;
}

/** Messages that are the same question: the same words, whatever the case and punctuation. */
export interface UnansweredGroup {
  /** The newest wording of the question. */
  text: string;
  count: number;
  lastAt: Date;
}

export interface UnansweredList {
  questions: UnansweredQuestion[];
  /** Questions asked more than once among `questions`, most asked first. */
  repeated: UnansweredGroup[];
}

/**
 * The questions the workspace's faq nodes could not answer, newest first, at most `limit` of
 * them, with who asked and in which bot. Owners read them to add keywords or new questions.
 */
export async function listUnanswered(
  db: Executor,
  workspaceId: string,
  { limit = 200 }: { limit?: number } = {},
): Promise<UnansweredList> {
  const rows = await db
    .select({
      id: journal.id,
      at: journal.at,
      data: journal.data,
      contactId: journal.contactId,
      botId: journal.botId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      username: contacts.username,
      botTitle: bots.name,
      botMe: bots.telegramMe,
    })
    .from(journal)
    // The journal keeps plain ids; the joins stay within the workspace all the same.
    .leftJoin(
      contacts,
      and(eq(contacts.id, journal.contactId), eq(contacts.workspaceId, workspaceId)),
    )
    .leftJoin(bots, and(eq(bots.id, journal.botId), eq(bots.workspaceId, workspaceId)))
    .where(and(eq(journal.workspaceId, workspaceId), eq(journal.kind, unansweredKind)))
    .orderBy(desc(journal.id))
    .limit(limit);

  const questions = rows.map((r): UnansweredQuestion => {
    const name = [r.firstName, r.lastName].filter(Boolean).join(" ").trim();
    return {
      id: r.id,
      at: r.at,
      text: typeof r.data.text === "string" ? r.data.text : "",
      nodeId: typeof r.data.nodeId === "string" ? r.data.nodeId : null,
      contactId: r.contactId,
      contactName: name || (r.username ? `@${r.username}` : null),
      botId: r.botId,
      botName: r.botMe?.username ? `@${r.botMe.username}` : (r.botTitle ?? null),
    };
  });
  return { questions, repeated: repeatedQuestions(questions) };
}

/** Groups the questions by their words; only those asked more than once. */
export function repeatedQuestions(questions: readonly UnansweredQuestion[]): UnansweredGroup[] {
  const groups = new Map<string, UnansweredGroup>();
  // Newest first: the first of a group is its newest wording and time.
  for (const q of questions) {
    const key = normalizeText(q.text);
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { text: q.text, count: 1, lastAt: q.at });
  }
  return [...groups.values()]
    .filter((g) => g.count > 1)
    .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
}
