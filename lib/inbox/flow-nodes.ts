import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { flows, flowVersions } from "@/lib/db/schema";
import { parseFlowDocument, type FlowDocument } from "@/lib/flow/document";
import { nodeDefinition } from "@/lib/flow/registry";

/**
 * Flow nodes as agents see them: where a contact waits, and where a conversation can be handed
 * back. Nodes have no names of their own, so a node reads as its type's label and its summary.
 */

export interface FlowNodeRef {
  id: string;
  type: string;
  label: { en: string; ru: string };
  summary: { en: string; ru: string };
}

export function nodeRef(node: FlowDocument["nodes"][number]): FlowNodeRef {
  const definition = nodeDefinition(node.type);
  return {
    id: node.id,
    type: node.type,
    label: definition?.label ?? { en: node.type, ru: node.type },
    summary: {
      en: definition?.summary(node.config, "en") ?? "",
      ru: definition?.summary(node.config, "ru") ?? "",
    },
  };
}

/** A flow version's document and its flow's name, or undefined. */
export async function loadFlowVersion(
  db: Executor,
  workspaceId: string,
  versionId: string,
): Promise<{ flowId: string; flowName: string; document: FlowDocument } | undefined> {
  const [row] = await db
    .select({ flowId: flows.id, flowName: flows.name, document: flowVersions.document })
    .from(flowVersions)
    .innerJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(and(eq(flowVersions.id, versionId), eq(flowVersions.workspaceId, workspaceId)));
  if (!row) return undefined;
  const parsed = parseFlowDocument(row.document);
  return parsed.ok
    ? { flowId: row.flowId, flowName: row.flowName, document: parsed.document }
    : undefined;
}

/** The bot's flows as last published, oldest flow first, each with its nodes but triggers. */
export async function publishedFlowNodes(
  db: Executor,
  workspaceId: string,
  botId: string,
): Promise<{ id: string; name: string; nodes: FlowNodeRef[] }[]> {
  const newest = await db
    .selectDistinctOn([flowVersions.flowId], {
      versionId: flowVersions.id,
      flowId: flows.id,
      name: flows.name,
      createdAt: flows.createdAt,
    })
    .from(flowVersions)
    .innerJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(and(eq(flows.botId, botId), eq(flows.workspaceId, workspaceId)))
    .orderBy(flowVersions.flowId, desc(flowVersions.n));
  if (!newest.length) return [];
  const documents = await db
    .select({ id: flowVersions.id, document: flowVersions.document })
    .from(flowVersions)
    .where(
      inArray(
        flowVersions.id,
        newest.map((n) => n.versionId),
      ),
    );
  const byId = new Map(documents.map((d) => [d.id, d.document]));
  return newest
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name))
    .flatMap((flow) => {
      const parsed = parseFlowDocument(byId.get(flow.versionId));
      if (!parsed.ok) return [];
      return [
        {
          id: flow.flowId,
          name: flow.name,
          nodes: parsed.document.nodes
            .filter((n) => !n.type.startsWith("trigger."))
            .sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x)
            .map(nodeRef),
        },
      ];
    });
}
