"use client";

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type Viewport,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { browserWordWidth, estimateCardGeometry, type CardGeometry } from "./card-geometry";
import { initialViewport } from "./fit-view";
import { FlowNodeCard, type FlowCanvasNode } from "./flow-node";
import { useFunnelCount, useFunnelView } from "./funnel-data";
import { useFlowLocale } from "./locale";
import { paletteMime } from "./node-palette";
import { useFlowEditor } from "./store";
import type { FlowDocument } from "@/lib/flow/document";
import type { FlowLocale } from "@/lib/flow/localizedText";

const nodeTypes = { flow: FlowNodeCard };
const deleteKeys = ["Delete", "Backspace"];
/** Shift+click adds to the selection, as the shortcut help says; Ctrl/Cmd+click too. */
const multiSelectKeys = ["Shift", "Meta", "Control"];
const miniMapSize = { width: 150, height: 100 };
const funnelLabelStyle = { fontSize: 12, fontWeight: 600, fill: "#0f172a" };
const funnelLabelBgStyle = { fill: "#ffffff", stroke: "#cbd5e1", strokeWidth: 1 };
const funnelLabelPadding: [number, number] = [6, 3];

type NodeData = FlowCanvasNode["data"];

/** Same config object → same data object, so memoised cards skip re-rendering on others' edits. */
const dataCache = new WeakMap<Record<string, unknown>, NodeData>();
const geometryCache = new WeakMap<NodeData, CardGeometry & { locale: FlowLocale }>();
const canvasNodeCache = new WeakMap<FlowDocument["nodes"][number], FlowCanvasNode>();

/** The canvas: React Flow nodes and edges are derived from the document, never stored apart. */
export function FlowCanvas({ readOnly }: { readOnly: boolean }) {
  const doc = useFlowEditor((s) => s.history.present);
  const { selectedNodeIds, selectedEdgeIds, measured, dragPositions } = useFlowEditor(
    useShallow((s) => ({
      selectedNodeIds: s.selectedNodeIds,
      selectedEdgeIds: s.selectedEdgeIds,
      measured: s.measured,
      dragPositions: s.dragPositions,
    })),
  );
  const actions = useFlowEditor(
    useShallow((s) => ({
      moveNode: s.moveNode,
      dragNodes: s.dragNodes,
      endDrag: s.endDrag,
      reconnect: s.reconnect,
      select: s.select,
      setMeasured: s.setMeasured,
      seal: s.seal,
      connect: s.connect,
      remove: s.remove,
      addNode: s.addNode,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();
  const locale = useFlowLocale();
  const funnel = useFunnelView();
  const funnelCount = useFunnelCount();
  const frame = useRef<HTMLDivElement>(null);
  const [defaultViewport, setDefaultViewport] = useState<Viewport>();

  const nodes = useMemo<FlowCanvasNode[]>(() => {
    const selected = new Set(selectedNodeIds);
    return doc.nodes.map((node) => {
      let data = dataCache.get(node.config);
      if (!data || data.type !== node.type) {
        data = { type: node.type, config: node.config };
        dataCache.set(node.config, data);
      }
      const position = dragPositions?.[node.id] ?? node.position;
      const isSelected = selected.has(node.id);
      const size = measured[node.id];
      // Not rendered yet: an estimate lets React Flow skip it while it is out of view.
      let geometry: CardGeometry | undefined;
      if (!size) {
        let cached = geometryCache.get(data);
        if (!cached || cached.locale !== locale) {
          cached = {
            ...estimateCardGeometry(data.type, data.config, locale, browserWordWidth),
            locale,
          };
          geometryCache.set(data, cached);
        }
        geometry = cached;
      }
      // The same object as last time when nothing about the card changed: React Flow then
      // keeps its internal node instead of rebuilding all of them on every drag step.
      const previous = canvasNodeCache.get(node);
      if (
        previous &&
        previous.data === data &&
        previous.position === position &&
        previous.selected === isSelected &&
        previous.measured === size &&
        previous.handles === geometry?.handles
      )
        return previous;
      const canvasNode: FlowCanvasNode = {
        id: node.id,
        type: "flow",
        position,
        data,
        selected: isSelected,
        ...(size
          ? { measured: size }
          : {
              initialWidth: geometry!.width,
              initialHeight: geometry!.height,
              handles: geometry!.handles,
            }),
      };
      canvasNodeCache.set(node, canvasNode);
      return canvasNode;
    });
  }, [doc.nodes, selectedNodeIds, measured, dragPositions, locale]);

  // Before the first paint: the frame's size is known once it is laid out, and React Flow only
  // reads its default viewport when it mounts.
  const initialNodes = useRef(nodes);
  useLayoutEffect(() => {
    const box = frame.current!.getBoundingClientRect();
    setDefaultViewport(initialViewport(initialNodes.current, box.width, box.height));
  }, []);

  const edges = useMemo<Edge[]>(() => {
    const selected = new Set(selectedEdgeIds);
    return doc.edges.map((edge) => {
      // While the funnel is on: how many contacts followed it (edges the version lacks: none).
      const count = funnel?.edges.get(edge.id);
      return {
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourceHandle,
        target: edge.target,
        selected: selected.has(edge.id),
        ...(count === undefined
          ? {}
          : {
              label: funnelCount(count),
              labelStyle: funnelLabelStyle,
              labelBgStyle: funnelLabelBgStyle,
              labelBgPadding: funnelLabelPadding,
              labelBgBorderRadius: 9,
            }),
      };
    });
  }, [doc.edges, selectedEdgeIds, funnel, funnelCount]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      let nodeSelection: Set<string> | undefined;
      // Batched: React Flow measures every card of a big flow in one call.
      let sizes: Record<string, { width: number; height: number }> | undefined;
      let dragged: Record<string, { x: number; y: number }> | undefined;
      let dragEnded = false;
      for (const change of changes) {
        if (change.type === "position") {
          if (readOnly) continue;
          // A drag's steps carry `dragging`; other moves (arrow keys) commit at once.
          if (change.dragging !== undefined && change.position)
            (dragged ??= {})[change.id] = change.position;
          else if (change.position) actions.moveNode(change.id, change.position);
          if (change.dragging === false) dragEnded = true;
        } else if (change.type === "dimensions" && change.dimensions) {
          (sizes ??= {})[change.id] = change.dimensions;
        } else if (change.type === "select") {
          nodeSelection ??= new Set(useFlowEditor.getState().selectedNodeIds);
          if (change.selected) nodeSelection.add(change.id);
          else nodeSelection.delete(change.id);
        }
        // Removals arrive through onDelete, as one undo step with their edges.
      }
      if (sizes) actions.setMeasured(sizes);
      if (dragged) actions.dragNodes(dragged);
      if (dragEnded) {
        actions.endDrag();
        actions.seal();
      }
      if (nodeSelection)
        actions.select([...nodeSelection], useFlowEditor.getState().selectedEdgeIds);
    },
    [actions, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let edgeSelection: Set<string> | undefined;
      for (const change of changes) {
        if (change.type !== "select") continue;
        edgeSelection ??= new Set(useFlowEditor.getState().selectedEdgeIds);
        if (change.selected) edgeSelection.add(change.id);
        else edgeSelection.delete(change.id);
      }
      if (edgeSelection)
        actions.select(useFlowEditor.getState().selectedNodeIds, [...edgeSelection]);
    },
    [actions],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle || c.source === c.target) return;
      actions.connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    },
    [actions],
  );

  // Dragging an edge's end to another node rewires it; dropping it on empty canvas removes it.
  const reconnected = useRef(true);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      reconnected.current = true;
      if (!c.sourceHandle || c.source === c.target) return;
      actions.reconnect(old.id, {
        source: c.source,
        sourceHandle: c.sourceHandle,
        target: c.target,
      });
    },
    [actions],
  );
  const onReconnectEnd = useCallback(
    (_: unknown, edge: Edge) => {
      if (!reconnected.current) actions.remove([], [edge.id]);
      reconnected.current = true;
    },
    [actions],
  );

  const onDelete = useCallback(
    ({ nodes, edges }: { nodes: FlowCanvasNode[]; edges: Edge[] }) =>
      actions.remove(
        nodes.map((n) => n.id),
        edges.map((e) => e.id),
      ),
    [actions],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const type = event.dataTransfer.getData(paletteMime);
      if (!type || readOnly) return;
      event.preventDefault();
      actions.addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [actions, readOnly, screenToFlowPosition],
  );

  return (
    <div ref={frame} className="size-full">
      {defaultViewport ? (
        <ReactFlow<FlowCanvasNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onDelete={onDelete}
          onReconnectStart={onReconnectStart}
          onReconnect={onReconnect}
          onReconnectEnd={onReconnectEnd}
          edgesReconnectable={!readOnly}
          onlyRenderVisibleElements
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = "move";
          }}
          onDrop={onDrop}
          deleteKeyCode={readOnly ? null : deleteKeys}
          multiSelectionKeyCode={multiSelectKeys}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          defaultViewport={defaultViewport}
          minZoom={0.1}
          defaultEdgeOptions={{ type: "smoothstep" }}
        >
          <Background gap={20} />
          <MiniMap pannable zoomable className="!hidden lg:!block" style={miniMapSize} />
          <Controls showInteractive={false} />
        </ReactFlow>
      ) : null}
    </div>
  );
}
