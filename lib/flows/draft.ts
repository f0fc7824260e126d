import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { flows } from "@/lib/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { parseFlowDocument, type FlowDocument } from "@/lib/flow/document";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { inWorkspace } from "./flows";

export interface Draft {
  document: FlowDocument;
  revision: number;
  updatedAt: Date;
}

/** Reads the draft through the format migrations, so old drafts open in the current format. */
export async function getDraft(db: Executor, workspaceId: string, flowId: string): Promise<Draft> {
  const [row] = await db
    .select({ draft: flows.draft, revision: flows.draftRevision, updatedAt: flows.updatedAt })
    .from(flows)
    .where(inWorkspace(workspaceId, flowId));
  if (!row) throw notFound("Flow");
  const parsed = parseFlowDocument(row.draft);
  if (!parsed.ok)
    throw new Error(`Stored draft of flow ${flowId} does not parse: ${parsed.errors[0]?.message}`);
  return { document: parsed.document, revision: row.revision, updatedAt: row.updatedAt };
}

/** Structural check of a submitted document; node configs may be incomplete in a draft. */
export function parseSubmittedDocument(input: unknown): FlowDocument {
  const parsed = parseFlowDocument(input);
  if (!parsed.ok) {
    throw new ApiError("unprocessable_entity", "The flow document is not valid", {
      details: parsed.errors.map((e) => ({
        path: ["document", ...e.path].join("."),
        message: e.message,
      })),
    });
  }
  return parsed.document;
}

/**
 * Saves a draft only if nobody saved since `baseRevision` (two tabs, two people): the later
 * save gets a 409 naming the current revision and nothing is overwritten. The check and the
 * write are one conditional UPDATE, so concurrent saves cannot both win.
 */
export async function saveDraft(
  db: Db,
  input: {
    workspaceId: string;
    flowId: string;
    baseRevision: number;
    document: unknown;
    actor: Actor;
  },
): Promise<{ revision: number; updatedAt: Date }> {
  const document = parseSubmittedDocument(input.document);
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .update(flows)
      .set({
        draft: document,
        draftRevision: sql`${flows.draftRevision} + 1`,
        updatedAt: new Date(),
      })
      .where(
        and(
          inWorkspace(input.workspaceId, input.flowId),
          eq(flows.draftRevision, input.baseRevision),
        ),
      )
      .returning({ revision: flows.draftRevision, updatedAt: flows.updatedAt, botId: flows.botId });
    if (!saved) {
      const [current] = await tx
        .select({ revision: flows.draftRevision })
        .from(flows)
        .where(inWorkspace(input.workspaceId, input.flowId));
      if (!current) throw notFound("Flow");
      throw new ApiError(
        "conflict",
        `The draft was changed elsewhere (now revision ${current.revision}, this edit started from ${input.baseRevision}). Reload it or overwrite it deliberately.`,
        { details: [{ path: "baseRevision", message: `current revision is ${current.revision}` }] },
      );
    }
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "flow.draft_saved",
      botId: saved.botId,
      subjectId: input.flowId,
      data: {
        revision: saved.revision,
        nodes: document.nodes.length,
        edges: document.edges.length,
      },
    });
    return { revision: saved.revision, updatedAt: saved.updatedAt };
  });
}
