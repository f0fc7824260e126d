import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { notFound } from "@/lib/api/errors";
import type { Executor } from "@/lib/db";
import { flowHits, flows, flowVersions, sessions } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { parseFlowDocument } from "@/lib/flow/document";
import { getFlow } from "@/lib/flows/flows";

/**
 * The funnel of one published version, from the paths the runtime stored (flow_hit, written by
 * lib/analytics/flow-hits.ts in each event's transaction). Every figure counts contacts, each
 * once however often they passed.
 */

export interface FunnelNode {
  nodeId: string;
  /** Contacts whose path reached the node. */
  reached: number;
  /**
   * Reached it, never followed one of its edges and are not waiting there now: they left the
   * flow here (for a node with no edges, that is where its path ends).
   */
  left: number;
  /** Sessions waiting at this node now (a question unanswered, a payment open, a timer). */
  waiting: number;
  /** Connections leaving the node in the version; 0: its path ends here (or goes to a flow). */
  exits: number;
}

export interface Funnel {
  /** Null when the flow was never published (and no version was asked for). */
  version: { id: string; n: number; publishedAt: Date } | null;
  /** Contacts that reached any node of the version. */
  contacts: number;
  /** Every node of the version's document, in its order; zeros where nobody came. */
  nodes: FunnelNode[];
  /** Every edge of the version's document: how many contacts followed it. */
  edges: { edgeId: string; count: number }[];
}

/** A version by id or by number; omitted, the newest published one. */
export type FunnelVersion = { id: string } | { n: number } | undefined;

export async function getFunnel(
  db: Executor,
  workspaceId: string,
  flowId: string,
  which: FunnelVersion,
): Promise<Funnel> {
  const [version] = await db
    .select({
      id: flowVersions.id,
      n: flowVersions.n,
      publishedAt: flowVersions.publishedAt,
      document: flowVersions.document,
      botId: flows.botId,
    })
    .from(flowVersions)
    .innerJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(and(eq(flows.id, flowId), eq(flows.workspaceId, workspaceId), versionFilter(which)))
    .orderBy(desc(flowVersions.n))
    .limit(1);
  if (!version) {
    await getFlow(db, workspaceId, flowId); // 404 for a flow that is not there (or not ours)
    if (which) throw notFound("Flow version");
    return { version: null, contacts: 0, nodes: [], edges: [] };
  }
  const parsed = parseFlowDocument(version.document);
  if (!parsed.ok) throw new Error(`Stored document of flow version ${version.id} does not parse`);
  const { nodes, edges } = parsed.document;

  const figures = new Map<string, { reached: number; left: number; waiting: number }>();
  for (const row of rowsOf<FigureRow>(
    await db.execute(figuresQuery(version.id, version.botId, edges)),
  )) {
    const f = figures.get(row.item) ?? { reached: 0, left: 0, waiting: 0 };
    const reached = Number(row.reached);
    f.reached += reached;
    // Each row adds to one part: reached (+), took an edge (−), waiting there and took none (−).
    f.left += reached - Number(row.took) - Number(row.waiting_only);
    f.waiting += Number(row.waiting);
    figures.set(row.item, f);
  }

  const exits = new Map<string, number>();
  for (const edge of edges) exits.set(edge.source, (exits.get(edge.source) ?? 0) + 1);
  return {
    version: { id: version.id, n: version.n, publishedAt: version.publishedAt },
    contacts: figures.get("")?.reached ?? 0,
    nodes: nodes.map((node) => ({
      nodeId: node.id,
      ...(figures.get(`n:${node.id}`) ?? { reached: 0, left: 0, waiting: 0 }),
      exits: exits.get(node.id) ?? 0,
    })),
    edges: edges.map((edge) => ({
      edgeId: edge.id,
      count: figures.get(`e:${edge.id}`)?.reached ?? 0,
    })),
  };
}

function versionFilter(which: FunnelVersion): SQL | undefined {
  if (!which) return undefined;
  return "id" in which ? eq(flowVersions.id, which.id) : eq(flowVersions.n, which.n);
}

interface FigureRow {
  item: string;
  reached: number | string;
  took: number | string;
  waiting: number | string;
  waiting_only: number | string;
}

/**
 * One statement of four parts, each one pass over the version's range of flow_hit's primary key
 * (no join of the hits with themselves, which grows badly with the contacts):
 * - per item, the contacts that reached it;
 * - per node, the contacts that followed any of its edges (the edges' sources come from the
 *   version's document, so the database needs no copy of the graph);
 * - per node, the sessions waiting there now among those that reached it, and how many of them
 *   followed none of its edges (looked up by key, and waiting sessions are few);
 * - under item "", the version's contacts.
 * "left" is then reached − followed an edge − waiting without having followed one. Distinct
 * contacts are counted by grouping (a hash), not count(distinct …), which sorts.
 */
function figuresQuery(
  versionId: string,
  botId: string,
  edges: readonly { id: string; source: string }[],
): SQL {
  const outgoing = JSON.stringify(edges.map((e) => [`e:${e.id}`, `n:${e.source}`]));
  return sql`
    with outgoing as (
      select o->>0 as edge_item, o->>1 as node_item from jsonb_array_elements(${outgoing}::jsonb) o
    ),
    waiting as (
      select 'n:' || s.node_id as item, s.contact_id
      from ${sessions} s
      where s.bot_id = ${botId} and s.flow_version_id = ${versionId}
        and s.waiting_for is not null
        and exists (select 1 from ${flowHits} h
                    where h.flow_version_id = ${versionId} and h.item = 'n:' || s.node_id
                      and h.contact_id = s.contact_id)
    )
    select item, count(*) as reached, 0 as took, 0 as waiting, 0 as waiting_only
    from ${flowHits} where flow_version_id = ${versionId}
    group by item
    union all
    select t.node_item, 0, count(*), 0, 0
    from (select o.node_item, h.contact_id
          from ${flowHits} h join outgoing o on o.edge_item = h.item
          where h.flow_version_id = ${versionId}
          group by o.node_item, h.contact_id) t
    group by t.node_item
    union all
    select w.item, 0, 0, count(*),
           count(*) filter (where not exists (
             select 1 from ${flowHits} h join outgoing o on o.edge_item = h.item
             where h.flow_version_id = ${versionId} and o.node_item = w.item
               and h.contact_id = w.contact_id))
    from waiting w
    group by w.item
    union all
    select '', count(*), 0, 0, 0
    from (select contact_id from ${flowHits} where flow_version_id = ${versionId}
          group by contact_id) c`;
}
