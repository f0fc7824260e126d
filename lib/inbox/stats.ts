import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";

/**
 * First-response and resolution time per agent, from the hand-off episodes (lib/db/schema/
 * inbox.ts `handoff`) requested in [from, to). First response: from the request to the agent's
 * first message. Resolution: from the request to the release or close. Medians and means in
 * seconds; a hand-off nobody answered yet counts in `open`, not in the times. With `botId`, only
 * that bot's conversations.
 */
export interface AgentSupportFigures {
  agentId: string;
  agentName: string;
  handoffs: number;
  answered: number;
  resolved: number;
  firstResponseMedianSeconds: number | null;
  firstResponseMeanSeconds: number | null;
  resolutionMedianSeconds: number | null;
  resolutionMeanSeconds: number | null;
}

export interface SupportFigures {
  agents: AgentSupportFigures[];
  /** Hand-offs in the range still waiting for anyone. */
  unassigned: number;
}

export async function supportFigures(
  db: Executor,
  workspaceId: string,
  range: { from: Date; to: Date },
  botId?: string,
): Promise<SupportFigures> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const ofBot = botId
    ? sql`and conversation_id in (select id from conversation
          where workspace_id = ${workspaceId} and bot_id = ${botId})`
    : sql``;
  const perAgent = rowsOf<{
    agent_id: string;
    agent_name: string;
    handoffs: number;
    answered: number;
    resolved: number;
    fr_median: number | null;
    fr_mean: number | null;
    res_median: number | null;
    res_mean: number | null;
  }>(
    await db.execute(sql`
      with h as (
        select assignee_id,
               extract(epoch from first_response_at - requested_at) as fr,
               extract(epoch from resolved_at - requested_at) as res
        from handoff
        where workspace_id = ${workspaceId} and assignee_id is not null
          and requested_at >= ${from}::timestamptz and requested_at < ${to}::timestamptz ${ofBot})
      select h.assignee_id as agent_id, u.name as agent_name,
             count(*)::int as handoffs, count(h.fr)::int as answered, count(h.res)::int as resolved,
             percentile_cont(0.5) within group (order by h.fr)::float8 as fr_median,
             avg(h.fr)::float8 as fr_mean,
             percentile_cont(0.5) within group (order by h.res)::float8 as res_median,
             avg(h.res)::float8 as res_mean
      from h join "user" u on u.id = h.assignee_id
      group by h.assignee_id, u.name
      order by u.name, h.assignee_id`),
  );
  const [open] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from handoff
      where workspace_id = ${workspaceId} and assignee_id is null and resolved_at is null
        and requested_at >= ${from}::timestamptz and requested_at < ${to}::timestamptz ${ofBot}`),
  );
  return {
    agents: perAgent.map((r) => ({
      agentId: r.agent_id,
      agentName: r.agent_name,
      handoffs: Number(r.handoffs),
      answered: Number(r.answered),
      resolved: Number(r.resolved),
      firstResponseMedianSeconds: seconds(r.fr_median),
      firstResponseMeanSeconds: seconds(r.fr_mean),
      resolutionMedianSeconds: seconds(r.res_median),
      resolutionMeanSeconds: seconds(r.res_mean),
    })),
    unassigned: Number(open?.n ?? 0),
  };
}

function seconds(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}
