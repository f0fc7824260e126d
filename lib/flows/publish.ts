import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { flows, flowVersions, users, type FlowVersionChanges } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { parseFlowDocument, type FlowDocument } from "@/lib/flow/document";
import { diffFlows } from "@/lib/flow/diff";
import { validateFlow, type FlowProblem } from "@/lib/flow/validate";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { getFlow, inWorkspace } from "./flows";

export interface Published {
  n: number;
  fromRevision: number;
  publishedAt: Date;
  changes: FlowVersionChanges;
  /** Warnings do not block publishing; the owner sees them after the fact. */
  warnings: FlowProblem[];
}

/** Names nodes and edges by id rather than array index: ids are what API clients know. */
function problemPath(p: FlowProblem): string {
  const path = p.path ?? [];
  const [list, , ...rest] = path;
  if (p.nodeId && (list === "nodes" || !path.length))
    return [`nodes[id=${p.nodeId}]`, ...rest].join(".");
  if (p.edgeId && (list === "edges" || !path.length))
    return [`edges[id=${p.edgeId}]`, ...rest].join(".");
  return path.length ? path.join(".") : "(flow)";
}

function parseStored(flowId: string, raw: unknown): FlowDocument {
  const parsed = parseFlowDocument(raw);
  if (!parsed.ok)
    throw new Error(
      `Stored document of flow ${flowId} does not parse: ${parsed.errors[0]?.message}`,
    );
  return parsed.document;
}

/** How many changed nodes a version keeps by name; the counts cover the rest. */
export const changedNodesListed = 20;

/** The version's change summary against the previous one; the first version adds everything. */
export function summarizeChanges(
  before: FlowDocument | null,
  after: FlowDocument,
): FlowVersionChanges {
  const diff = diffFlows(before ?? { ...after, nodes: [], edges: [], variables: [] }, after);
  const oldTypes = new Map(before?.nodes.map((n) => [n.id, n.type]));
  const newTypes = new Map(after.nodes.map((n) => [n.id, n.type]));
  const entry =
    (change: FlowVersionChanges["nodes"][number]["change"], types: Map<string, string>) =>
    (nodeId: string) => ({ nodeId, type: types.get(nodeId) ?? "", change });
  return {
    nodesAdded: diff.nodesAdded.length,
    nodesRemoved: diff.nodesRemoved.length,
    nodesChanged: diff.nodesChanged.length,
    edgesChanged: diff.edgesAdded.length + diff.edgesRemoved.length + diff.edgesChanged.length,
    nodes: [
      ...diff.nodesAdded.map(entry("added", newTypes)),
      ...diff.nodesChanged.map(entry("changed", newTypes)),
      ...diff.nodesRemoved.map(entry("removed", oldTypes)),
    ].slice(0, changedNodesListed),
  };
}

/**
 * Publishes the current draft as the next immutable version. The flow row is locked so two
 * publishes cannot take the same number; a draft with errors is refused with every problem.
 */
export async function publishFlow(
  db: Db,
  input: {
    workspaceId: string;
    flowId: string;
    baseRevision?: number;
    actor: Actor;
    userId?: string | null;
  },
): Promise<Published> {
  return db.transaction(async (tx) => {
    const [flow] = await tx
      .select({ draft: flows.draft, revision: flows.draftRevision, botId: flows.botId })
      .from(flows)
      .where(inWorkspace(input.workspaceId, input.flowId))
      .for("update");
    if (!flow) throw notFound("Flow");
    if (input.baseRevision !== undefined && input.baseRevision !== flow.revision) {
      throw new ApiError(
        "conflict",
        `The draft changed since you looked at it (now revision ${flow.revision}); review it before publishing.`,
      );
    }
    const document = parseStored(input.flowId, flow.draft);
    const problems = validateFlow(document);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length) {
      throw new ApiError(
        "unprocessable_entity",
        `The flow has ${errors.length} problem(s) to fix before publishing`,
        {
          details: errors.map((p) => ({
            path: problemPath(p),
            message: `${p.code}: ${p.message.en}`,
          })),
        },
      );
    }
    const [previous] = await tx
      .select({ n: flowVersions.n, document: flowVersions.document })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, input.flowId))
      .orderBy(desc(flowVersions.n))
      .limit(1);
    const n = (previous?.n ?? 0) + 1;
    const changes = summarizeChanges(
      previous ? parseStored(input.flowId, previous.document) : null,
      document,
    );
    const [version] = await tx
      .insert(flowVersions)
      .values({
        workspaceId: input.workspaceId,
        flowId: input.flowId,
        n,
        document,
        fromRevision: flow.revision,
        publishedBy: input.userId ?? null,
        changes,
      })
      .returning({ publishedAt: flowVersions.publishedAt });
    if (!version) throw new Error("publishFlow: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "flow.published",
      botId: flow.botId,
      subjectId: input.flowId,
      data: {
        version: n,
        fromRevision: flow.revision,
        warnings: problems.length - errors.length,
        ...(previous
          ? {
              nodesAdded: changes.nodesAdded,
              nodesRemoved: changes.nodesRemoved,
              nodesChanged: changes.nodesChanged,
            }
          : { first: true }),
      },
    });
    return {
      n,
      fromRevision: flow.revision,
      publishedAt: version.publishedAt,
      changes,
      warnings: problems.filter((p) => p.severity === "warning"),
    };
  });
}

export interface PublishedVersionRow {
  n: number;
  fromRevision: number;
  publishedAt: Date;
  publishedBy: string | null;
  /** Who published it, while that user still exists. */
  publisher: { name: string; email: string } | null;
  changes: FlowVersionChanges | null;
}

/** The flow's published versions, newest first, with what each changed and who published it. */
export async function listPublishedVersions(
  db: Executor,
  workspaceId: string,
  flowId: string,
): Promise<PublishedVersionRow[]> {
  await getFlow(db, workspaceId, flowId);
  const rows = await db
    .select({
      n: flowVersions.n,
      fromRevision: flowVersions.fromRevision,
      publishedAt: flowVersions.publishedAt,
      publishedBy: flowVersions.publishedBy,
      publisherName: users.name,
      publisherEmail: users.email,
      changes: flowVersions.changes,
    })
    .from(flowVersions)
    .leftJoin(users, eq(users.id, flowVersions.publishedBy))
    .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.workspaceId, workspaceId)))
    .orderBy(desc(flowVersions.n));
  return rows.map(({ publisherName, publisherEmail, ...row }) => ({
    ...row,
    publisher:
      publisherName !== null && publisherEmail !== null
        ? { name: publisherName, email: publisherEmail }
        : null,
  }));
}

export async function getFlowVersion(
  db: Db,
  workspaceId: string,
  flowId: string,
  n: number,
): Promise<{ n: number; document: FlowDocument; publishedAt: Date; fromRevision: number }> {
  const [row] = await db
    .select()
    .from(flowVersions)
    .where(
      and(
        eq(flowVersions.flowId, flowId),
        eq(flowVersions.workspaceId, workspaceId),
        eq(flowVersions.n, n),
      ),
    );
  if (!row) throw notFound("Flow version");
  return {
    n: row.n,
    document: parseStored(flowId, row.document),
    publishedAt: row.publishedAt,
    fromRevision: row.fromRevision,
  };
}

/** Copies a published version into the draft as a new revision; nothing is published. */
export async function restoreVersionToDraft(
  db: Db,
  input: { workspaceId: string; flowId: string; n: number; actor: Actor },
): Promise<{ revision: number }> {
  const version = await getFlowVersion(db, input.workspaceId, input.flowId, input.n);
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .update(flows)
      .set({
        draft: version.document,
        draftRevision: sql`${flows.draftRevision} + 1`,
        updatedAt: new Date(),
      })
      .where(inWorkspace(input.workspaceId, input.flowId))
      .returning({ revision: flows.draftRevision, botId: flows.botId });
    if (!saved) throw notFound("Flow");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "flow.version_restored",
      botId: saved.botId,
      subjectId: input.flowId,
      data: { version: input.n, revision: saved.revision },
    });
    return { revision: saved.revision };
  });
}
