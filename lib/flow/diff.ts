import type { FlowDocument, FlowEdge } from "./document";

export interface FlowDiff {
  nodesAdded: string[];
  nodesRemoved: string[];
  /** Nodes whose type or config changed (what the bot does). */
  nodesChanged: string[];
  /** Nodes only moved on the canvas: no change in behaviour. */
  nodesMoved: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
  /** Same edge id, different ends or outcome (a reconnected edge). */
  edgesChanged: string[];
  variablesAdded: string[];
  variablesRemoved: string[];
}

/** What changed from `before` to `after`, by id: for the publish dialog and the journal. */
export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]));
  const newEdges = new Map(after.edges.map((e) => [e.id, e]));
  const oldVariables = new Set(before.variables.map((v) => `${v.name}:${v.type}`));
  const newVariables = new Set(after.variables.map((v) => `${v.name}:${v.type}`));

  const nodesChanged: string[] = [];
  const nodesMoved: string[] = [];
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) continue;
    if (old.type !== node.type || !sameJson(old.config, node.config)) nodesChanged.push(node.id);
    else if (old.position.x !== node.position.x || old.position.y !== node.position.y)
      nodesMoved.push(node.id);
  }
  return {
    nodesAdded: after.nodes.filter((n) => !oldNodes.has(n.id)).map((n) => n.id),
    nodesRemoved: before.nodes.filter((n) => !newNodes.has(n.id)).map((n) => n.id),
    nodesChanged,
    nodesMoved,
    edgesAdded: after.edges.filter((e) => !oldEdges.has(e.id)).map((e) => e.id),
    edgesRemoved: before.edges.filter((e) => !newEdges.has(e.id)).map((e) => e.id),
    edgesChanged: after.edges.filter((e) => isReconnected(oldEdges.get(e.id), e)).map((e) => e.id),
    variablesAdded: [...newVariables].filter((v) => !oldVariables.has(v)),
    variablesRemoved: [...oldVariables].filter((v) => !newVariables.has(v)),
  };
}

/** True when the two documents behave the same (moves alone do not count). */
export function isBehaviourUnchanged(diff: FlowDiff): boolean {
  return Object.entries(diff).every(([key, ids]) => key === "nodesMoved" || ids.length === 0);
}

function isReconnected(old: FlowEdge | undefined, edge: FlowEdge): boolean {
  return (
    old !== undefined &&
    (old.source !== edge.source ||
      old.sourceHandle !== edge.sourceHandle ||
      old.target !== edge.target)
  );
}

/** Structural equality of JSON values; key order does not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameJson(x, b[i]))
    );
  }
  const aKeys = Object.keys(a);
  const bEntries = new Map(Object.entries(b));
  return (
    aKeys.length === bEntries.size &&
    Object.entries(a).every(
      ([key, value]) => bEntries.has(key) && sameJson(value, bEntries.get(key)),
    )
  );
}
