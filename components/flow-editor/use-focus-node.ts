"use client";

import { useReactFlow } from "@xyflow/react";
import { useCallback } from "react";
import { useFlowEditor } from "./store";

/**
 * Selects a node and centres the view on it (problem lists, version history). Returns false
 * when the node is not in the draft.
 */
export function useFocusNode() {
  const { setCenter } = useReactFlow();
  return useCallback(
    (nodeId: string | undefined) => {
      if (!nodeId) return false;
      const state = useFlowEditor.getState();
      const node = state.history.present.nodes.find((n) => n.id === nodeId);
      if (!node) return false;
      state.select([nodeId]);
      const size = state.measured[nodeId] ?? { width: 240, height: 100 };
      void setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
        zoom: 1,
        duration: 300,
      });
      return true;
    },
    [setCenter],
  );
}
