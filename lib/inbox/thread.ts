import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import type { MessageContent } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { findConversation } from "./list";
import { quickReplyText } from "./quick-replies";

/**
 * A conversation's messages, a page at a time from the newest. A button press is stored as its
 * callback data; the label is the text of that button in the latest earlier message that showed
 * it (a quick reply carries its text in the data).
 */

export interface ThreadMessage {
  id: number;
  direction: "in" | "out";
  author: "contact" | "bot" | "agent";
  agentId: string | null;
  agentName: string | null;
  text: string;
  content: MessageContent;
  pressedLabel: string | null;
  createdAt: Date;
}

export async function listThread(
  db: Executor,
  workspaceId: string,
  conversationId: string,
  page: { before?: number; limit: number },
): Promise<{ rows: ThreadMessage[]; nextBefore: number | null }> {
  const conversation = await findConversation(db, workspaceId, conversationId);
  if (!conversation) throw notFound("Conversation");
  const result = await db.execute(sql`
    select m.id, m.direction, m.author, m.agent_id, u.name as agent_name, m.text, m.content,
           m.created_at,
           case when m.content->>'pressed' is not null then (
             select b->>'text'
             from message o,
                  jsonb_array_elements(case when jsonb_typeof(o.content->'buttons') = 'array'
                                            then o.content->'buttons' else '[]'::jsonb end) r,
                  jsonb_array_elements(case when jsonb_typeof(r) = 'array'
                                            then r else '[]'::jsonb end) b
             where o.contact_id = m.contact_id and o.id < m.id and o.direction = 'out'
               and b->>'callback_data' = m.content->>'pressed'
             order by o.id desc
             limit 1)
           end as pressed_label
    from message m
    left join "user" u on u.id = m.agent_id
    where m.contact_id = ${conversation.contactId} and m.workspace_id = ${workspaceId}
      ${page.before ? sql`and m.id < ${page.before}` : sql``}
    order by m.id desc
    limit ${page.limit + 1}`);
  const raw = rowsOf<{
    id: number | string;
    direction: "in" | "out";
    author: "contact" | "bot" | "agent";
    agent_id: string | null;
    agent_name: string | null;
    text: string;
    content: MessageContent | string;
    created_at: Date | string;
    pressed_label: string | null;
  }>(result);
  const more = raw.length > page.limit;
  const rows = (more ? raw.slice(0, page.limit) : raw).map((r): ThreadMessage => {
    const content: MessageContent =
      typeof r.content === "string" ? (JSON.parse(r.content) as MessageContent) : r.content;
    return {
      id: Number(r.id),
      direction: r.direction,
      author: r.author,
      agentId: r.agent_id,
      agentName: r.agent_name,
      text: r.text,
      content,
      pressedLabel: r.pressed_label ?? quickReplyText(content.pressed) ?? null,
      createdAt: new Date(r.created_at),
    };
  });
  return {
    rows: rows.reverse(),
    nextBefore: more ? (rows[0]?.id ?? null) : null,
  };
}
