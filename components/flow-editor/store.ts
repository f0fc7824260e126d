import { create } from "zustand";
import { pasteFragment, type FlowFragment } from "@/lib/flow/clipboard";
import type { FlowDocument, FlowEdge, FlowNode } from "@/lib/flow/document";
import {
  createHistory,
  pushHistory,
  redoHistory,
  sealHistory,
  undoHistory,
  type FlowHistory,
} from "@/lib/flow/history";
import { nodeDefinition } from "@/lib/flow/registry";
import { validateFlow, type FlowProblem } from "@/lib/flow/validate";

export type SaveStatus = "saved" | "unsaved" | "saving" | "conflict" | "error";

export interface NodeProblemCount {
  errors: number;
  warnings: number;
}

interface FlowEditorState {
  /** The flow whose draft is loaded. */
  flowId: string | null;
  history: FlowHistory;
  /** Problems of the present document, recomputed on every change (validateFlow is linear). */
  problems: FlowProblem[];
  problemCounts: Record<string, NodeProblemCount>;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  /** Canvas sizes React Flow measured; view state, not part of the document. */
  measured: Record<string, { width: number; height: number }>;
  /**
   * Where nodes are while a drag is under way. The document (and with it history, validation
   * and autosave) changes once, when the drag ends: per frame that work would cost the frame.
   */
  dragPositions: Record<string, { x: number; y: number }> | null;
  /** The server's revision of the draft and the document it holds. */
  revision: number;
  savedDocument: FlowDocument;
  status: SaveStatus;
  /** The preview chat panel is open (it replaces the inspector). */
  previewOpen: boolean;
  /** The node the preview conversation is at; its card is ringed while the preview is open. */
  previewNodeId: string | null;
  /**
   * The funnel overlay is on: cards and edges show a published version's figures, and the
   * canvas is read-only meanwhile. The preview and the funnel take turns.
   */
  funnelOpen: boolean;

  load(flowId: string, document: FlowDocument, revision: number): void;
  addNode(type: string, position: { x: number; y: number }): void;
  moveNode(id: string, position: { x: number; y: number }): void;
  dragNodes(positions: Record<string, { x: number; y: number }>): void;
  /** Commits the dragged positions as one undo step. */
  endDrag(): void;
  updateConfig(id: string, config: Record<string, unknown>, field: string): void;
  connect(edge: Omit<FlowEdge, "id">): void;
  /** Moves one end of an existing edge (same id, so the diff calls it a reconnection). */
  reconnect(edgeId: string, edge: Omit<FlowEdge, "id">): void;
  /** Adds a copied fragment under fresh ids with its top-left at `at`, and selects it. */
  paste(fragment: FlowFragment, at: { x: number; y: number }): void;
  /** Arranges every node along the edges (one undo step). */
  /** Tidies the layout; resolves once done (dagre loads on first use, not with the editor). */
  arrange(): Promise<void>;
  /** Replaces the whole document (an import), as one undo step. */
  replaceDocument(document: FlowDocument): void;
  remove(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  select(nodeIds: readonly string[], edgeIds?: readonly string[]): void;
  setMeasured(sizes: Record<string, { width: number; height: number }>): void;
  seal(): void;
  undo(): void;
  redo(): void;
  saveStarted(): void;
  saveFinished(document: FlowDocument, revision: number): void;
  saveFailed(conflict: boolean): void;
  /** Keep our document over a newer server draft: the next save starts from its revision. */
  rebase(revision: number): void;
  setPreviewOpen(open: boolean): void;
  setPreviewNode(nodeId: string | null): void;
  setFunnelOpen(open: boolean): void;
}

function analyse(document: FlowDocument) {
  const problems = validateFlow(document);
  const problemCounts: Record<string, NodeProblemCount> = {};
  for (const p of problems) {
    if (!p.nodeId) continue;
    const count = (problemCounts[p.nodeId] ??= { errors: 0, warnings: 0 });
    if (p.severity === "error") count.errors++;
    else count.warnings++;
  }
  return { problems, problemCounts };
}

const emptyDocument: FlowDocument = { version: 1, nodes: [], edges: [], variables: [] };

function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The nodes at their new positions; the same array when none of them moved. */
function movedTo(
  nodes: FlowNode[],
  positionOf: (id: string) => { x: number; y: number } | undefined,
): FlowNode[] {
  let moved = false;
  const next = nodes.map((n) => {
    const position = positionOf(n.id);
    if (!position || (position.x === n.position.x && position.y === n.position.y)) return n;
    moved = true;
    return { ...n, position };
  });
  return moved ? next : nodes;
}

export const useFlowEditor = create<FlowEditorState>()((set, get) => {
  /** Every document change goes through here: history, then the derived problems. */
  function commit(document: FlowDocument, coalesceKey?: string) {
    const { history, status } = get();
    const next = pushHistory(history, document, coalesceKey);
    if (next === history) return;
    set({
      history: next,
      ...analyse(next.present),
      // A save in flight finishes first and then sees the newer document (saveFinished).
      status: status === "conflict" || status === "saving" ? status : "unsaved",
    });
  }
  function present() {
    return get().history.present;
  }
  function travel(history: FlowHistory) {
    const { status, savedDocument } = get();
    set({
      history,
      ...analyse(history.present),
      status:
        status === "conflict" || status === "saving"
          ? status
          : history.present === savedDocument
            ? "saved"
            : "unsaved",
    });
  }

  return {
    flowId: null,
    history: createHistory(emptyDocument),
    problems: [],
    problemCounts: {},
    selectedNodeIds: [],
    selectedEdgeIds: [],
    measured: {},
    dragPositions: null,
    revision: 0,
    savedDocument: emptyDocument,
    status: "saved",
    previewOpen: false,
    previewNodeId: null,
    funnelOpen: false,

    load(flowId, document, revision) {
      set({
        flowId,
        history: createHistory(document),
        ...analyse(document),
        selectedNodeIds: [],
        selectedEdgeIds: [],
        measured: {},
        dragPositions: null,
        revision,
        savedDocument: document,
        status: "saved",
        previewOpen: false,
        previewNodeId: null,
        funnelOpen: false,
      });
    },
    addNode(type, position) {
      const definition = nodeDefinition(type);
      if (!definition) return;
      const node: FlowNode = {
        id: newId(type.replace(/\W/g, "-")),
        type,
        position,
        config: definition.defaultConfig(),
      };
      const doc = present();
      commit({ ...doc, nodes: [...doc.nodes, node] });
      set({ selectedNodeIds: [node.id], selectedEdgeIds: [] });
    },
    moveNode(id, position) {
      const doc = present();
      commit(
        { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, position } : n)) },
        `move:${id}`,
      );
    },
    dragNodes(positions) {
      set((s) => ({ dragPositions: { ...s.dragPositions, ...positions } }));
    },
    endDrag() {
      const dragged = get().dragPositions;
      if (!dragged) return;
      const doc = present();
      set({ dragPositions: null });
      const nodes = movedTo(doc.nodes, (id) => dragged[id]);
      if (nodes !== doc.nodes) commit({ ...doc, nodes });
    },
    updateConfig(id, config, field) {
      const doc = present();
      commit(
        { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, config } : n)) },
        `config:${id}:${field}`,
      );
    },
    connect(edge) {
      const doc = present();
      // One edge per outcome: a new connection from a wired outcome replaces the old one.
      const kept = doc.edges.filter(
        (e) => !(e.source === edge.source && e.sourceHandle === edge.sourceHandle),
      );
      commit({ ...doc, edges: [...kept, { ...edge, id: newId("e") }] });
    },
    reconnect(edgeId, edge) {
      const doc = present();
      if (!doc.edges.some((e) => e.id === edgeId)) return;
      const edges = doc.edges.flatMap((e) => {
        if (e.id === edgeId) return [{ ...edge, id: edgeId }];
        // The outcome it now leaves from may have had an edge of its own: one edge per outcome.
        return e.source === edge.source && e.sourceHandle === edge.sourceHandle ? [] : [e];
      });
      commit({ ...doc, edges });
    },
    paste(fragment, at) {
      const result = pasteFragment(present(), fragment, at, newId);
      commit(result.document);
      set({ selectedNodeIds: result.nodeIds, selectedEdgeIds: [] });
    },
    async arrange() {
      const { autoLayout } = await import("@/lib/flow/layout");
      const doc = present();
      const positions = autoLayout(doc, get().measured);
      const nodes = movedTo(doc.nodes, (id) => positions.get(id));
      if (nodes !== doc.nodes) commit({ ...doc, nodes });
    },
    replaceDocument(document) {
      commit(document);
      set({ selectedNodeIds: [], selectedEdgeIds: [] });
    },
    remove(nodeIds, edgeIds) {
      const nodes = new Set(nodeIds);
      const edges = new Set(edgeIds);
      const doc = present();
      commit({
        ...doc,
        nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
        edges: doc.edges.filter(
          (e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target),
        ),
      });
      set({ selectedNodeIds: [], selectedEdgeIds: [] });
    },
    select(nodeIds, edgeIds = []) {
      set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
    },
    setMeasured(sizes) {
      set((s) => ({ measured: { ...s.measured, ...sizes } }));
    },
    seal() {
      set((s) => ({ history: sealHistory(s.history) }));
    },
    undo() {
      travel(undoHistory(get().history));
    },
    redo() {
      travel(redoHistory(get().history));
    },
    saveStarted() {
      set({ status: "saving" });
    },
    saveFinished(document, revision) {
      const current = present();
      set({
        revision,
        savedDocument: document,
        status: current === document ? "saved" : "unsaved",
      });
    },
    rebase(revision) {
      set({ revision, status: "unsaved" });
    },
    saveFailed(conflict) {
      set({ status: conflict ? "conflict" : "error" });
    },
    setPreviewOpen(previewOpen) {
      set(previewOpen ? { previewOpen, funnelOpen: false } : { previewOpen });
    },
    setPreviewNode(previewNodeId) {
      set({ previewNodeId });
    },
    setFunnelOpen(funnelOpen) {
      set(funnelOpen ? { funnelOpen, previewOpen: false } : { funnelOpen });
    },
  };
});
