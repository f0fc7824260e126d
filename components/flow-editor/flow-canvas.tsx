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
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { FlowNodeCard, type FlowCanvasNode } from "./flow-node";
import { paletteMime } from "./node-palette";
import { useFlowEditor } from "./store";

const nodeTypes = { flow: FlowNodeCard };
const deleteKeys = ["Delete", "Backspace"];
const fitViewOptions = { maxZoom: 1, padding: 0.2 };
const miniMapSize = { width: 150, height: 100 };

type NodeData = FlowCanvasNode["data"];

/** Same config object → same data object, so memoised cards skip re-rendering on others' edits. */
const dataCache = new WeakMap<Record<string, unknown>, NodeData>();

/** The canvas: React Flow nodes and edges are derived from the document, never stored apart. */
export function FlowCanvas({ readOnly }: { readOnly: boolean }) {
  const doc = useFlowEditor((s) => s.history.present);
  const { selectedNodeIds, selectedEdgeIds, measured } = useFlowEditor(
    useShallow((s) => ({
      selectedNodeIds: s.selectedNodeIds,
      selectedEdgeIds: s.selectedEdgeIds,
      measured: s.measured,
    })),
  );
  const actions = useFlowEditor(
    useShallow((s) => ({
      moveNode: s.moveNode,
      select: s.select,
      setMeasured: s.setMeasured,
      seal: s.seal,
      connect: s.connect,
      remove: s.remove,
      addNode: s.addNode,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();

  const nodes = useMemo<FlowCanvasNode[]>(() => {
    const selected = new Set(selectedNodeIds);
    return doc.nodes.map((node) => {
      let data = dataCache.get(node.config);
      if (!data || data.type !== node.type) {
        data = { type: node.type, config: node.config };
        dataCache.set(node.config, data);
      }
      return {
        id: node.id,
        type: "flow",
        position: node.position,
        data,
        selected: selected.has(node.id),
        measured: measured[node.id],
      };
    });
  }, [doc.nodes, selectedNodeIds, measured]);

  const edges = useMemo<Edge[]>(() => {
    const selected = new Set(selectedEdgeIds);
    return doc.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      selected: selected.has(edge.id),
    }));
  }, [doc.edges, selectedEdgeIds]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      let nodeSelection: Set<string> | undefined;
      for (const change of changes) {
        if (change.type === "position") {
          if (change.position && !readOnly) actions.moveNode(change.id, change.position);
          if (change.dragging === false) actions.seal();
        } else if (change.type === "dimensions" && change.dimensions) {
          actions.setMeasured(change.id, change.dimensions);
        } else if (change.type === "select") {
          nodeSelection ??= new Set(useFlowEditor.getState().selectedNodeIds);
          if (change.selected) nodeSelection.add(change.id);
          else nodeSelection.delete(change.id);
        }
        // Removals arrive through onDelete, as one undo step with their edges.
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
    <ReactFlow<FlowCanvasNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onDelete={onDelete}
      onNodeDragStop={actions.seal}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }}
      onDrop={onDrop}
      deleteKeyCode={readOnly ? null : deleteKeys}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      fitView
      fitViewOptions={fitViewOptions}
      defaultEdgeOptions={{ type: "smoothstep" }}
    >
      <Background gap={20} />
      <MiniMap pannable zoomable className="!hidden lg:!block" style={miniMapSize} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
