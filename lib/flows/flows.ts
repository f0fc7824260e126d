import "server-only";
import { and, asc, eq, inArray, max } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { bots, flowHits, flows, flowVersions } from "@/lib/db/schema";
import { notFound } from "@/lib/api/errors";
import { currentFlowVersion } from "@/lib/flow/migrations";
import type { FlowDocument } from "@/lib/flow/document";
import type { FlowLocale } from "@/lib/flow/localizedText";
import { nodeDefinition } from "@/lib/flow/registry";
import { buildFlowTemplate, type FlowTemplateId } from "@/lib/flow/templates";
import { recordJournal, type Actor } from "@/lib/journal/record";

export interface FlowRow {
  id: string;
  botId: string;
  name: string;
  draftRevision: number;
  createdAt: Date;
  updatedAt: Date;
  /** The newest published version number, or null while never published. */
  publishedVersion: number | null;
}

const latestVersion = max(flowVersions.n);

const columns = {
  id: flows.id,
  botId: flows.botId,
  name: flows.name,
  draftRevision: flows.draftRevision,
  createdAt: flows.createdAt,
  updatedAt: flows.updatedAt,
};

export const inWorkspace = (workspaceId: string, id: string) =>
  and(eq(flows.id, id), eq(flows.workspaceId, workspaceId));

function selectFlows(db: Executor) {
  return db
    .select({ ...columns, publishedVersion: latestVersion })
    .from(flows)
    .leftJoin(flowVersions, eq(flowVersions.flowId, flows.id))
    .groupBy(flows.id);
}

export async function listFlows(
  db: Executor,
  workspaceId: string,
  botId?: string,
): Promise<FlowRow[]> {
  return selectFlows(db)
    .where(
      botId
        ? and(eq(flows.workspaceId, workspaceId), eq(flows.botId, botId))
        : eq(flows.workspaceId, workspaceId),
    )
    .orderBy(asc(flows.createdAt));
}

export async function getFlow(db: Executor, workspaceId: string, id: string): Promise<FlowRow> {
  const [row] = await selectFlows(db).where(inWorkspace(workspaceId, id));
  if (!row) throw notFound("Flow");
  return row;
}

/** A new flow starts with a /start trigger, so the canvas is never a blank page. */
export function starterDocument(): FlowDocument {
  const start = nodeDefinition("trigger.start");
  return {
    version: currentFlowVersion,
    nodes: [
      {
        id: "start",
        type: "trigger.start",
        position: { x: 0, y: 0 },
        config: start?.defaultConfig() ?? {},
      },
    ],
    edges: [],
    variables: [],
  };
}

export async function createFlow(
  db: Db,
  input: {
    workspaceId: string;
    botId: string;
    name: string;
    actor: Actor;
    /** Start from this template (its texts in `locale`, English by default) instead of /start alone. */
    template?: FlowTemplateId;
    locale?: FlowLocale;
  },
): Promise<FlowRow> {
  const draft = input.template
    ? buildFlowTemplate(input.template, input.locale ?? "en")
    : starterDocument();
  return db.transaction(async (tx) => {
    const [bot] = await tx
      .select({ id: bots.id })
      .from(bots)
      .where(and(eq(bots.id, input.botId), eq(bots.workspaceId, input.workspaceId)));
    if (!bot) throw notFound("Bot");
    const [row] = await tx
      .insert(flows)
      .values({
        workspaceId: input.workspaceId,
        botId: bot.id,
        name: input.name,
        draft,
      })
      .returning(columns);
    if (!row) throw new Error("createFlow: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "flow.created",
      botId: bot.id,
      subjectId: row.id,
      data: input.template ? { name: row.name, template: input.template } : { name: row.name },
    });
    return { ...row, publishedVersion: null };
  });
}

export async function renameFlow(
  db: Db,
  input: { workspaceId: string; id: string; name: string; actor: Actor },
): Promise<FlowRow> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(flows)
      .set({ name: input.name, updatedAt: new Date() })
      .where(inWorkspace(input.workspaceId, input.id))
      .returning({ botId: flows.botId });
    if (!row) throw notFound("Flow");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "flow.renamed",
      botId: row.botId,
      subjectId: input.id,
      data: { name: input.name },
    });
  });
  return getFlow(db, input.workspaceId, input.id);
}

export async function deleteFlow(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    // The funnel's rows have no foreign key to the versions (lib/db/schema/analytics.ts).
    await tx
      .delete(flowHits)
      .where(
        inArray(
          flowHits.flowVersionId,
          tx
            .select({ id: flowVersions.id })
            .from(flowVersions)
            .innerJoin(flows, eq(flows.id, flowVersions.flowId))
            .where(inWorkspace(workspaceId, id)),
        ),
      );
    const [row] = await tx
      .delete(flows)
      .where(inWorkspace(workspaceId, id))
      .returning({ botId: flows.botId, name: flows.name });
    if (!row) throw notFound("Flow");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "flow.deleted",
      botId: row.botId,
      subjectId: id,
      data: { name: row.name },
    });
  });
}
