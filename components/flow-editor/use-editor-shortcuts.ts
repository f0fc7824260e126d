"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef, type RefObject } from "react";
import { copyFragment, readFragment, type FlowFragment } from "@/lib/flow/clipboard";
import { fitViewOptions } from "./fit-view";
import { useFlowEditor } from "./store";

/** Every shortcut the editor answers, in the order the help overlay lists them. */
export const editorShortcuts = [
  { id: "undo", keys: ["Mod", "Z"] },
  { id: "redo", keys: ["Mod", "Shift", "Z"] },
  { id: "copy", keys: ["Mod", "C"] },
  { id: "cut", keys: ["Mod", "X"] },
  { id: "paste", keys: ["Mod", "V"] },
  { id: "duplicate", keys: ["Mod", "D"] },
  { id: "selectAll", keys: ["Mod", "A"] },
  { id: "delete", keys: ["Delete"] },
  { id: "multiSelect", keys: ["Shift", "Click"] },
  { id: "boxSelect", keys: ["Shift", "Drag"] },
  { id: "arrange", keys: ["Shift", "L"] },
  { id: "fitView", keys: ["Shift", "F"] },
  { id: "help", keys: ["?"] },
] as const;

export type EditorShortcutId = (typeof editorShortcuts)[number]["id"];

/** Pasted copies land this far from their originals when the pointer is not over the canvas. */
const pasteOffset = 40;

function isTyping(target: EventTarget | null) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.closest("input, textarea, select, [role=dialog]") !== null)
  );
}

/**
 * Keyboard and clipboard for the canvas. Copy and paste use the browser's clipboard events, so
 * a fragment travels through the system clipboard: into another flow, another tab, or a text
 * file. Inside text fields and dialogs the browser's own behaviour wins.
 */
export function useEditorShortcuts({
  canvasRef,
  canManage,
  onHelp,
}: {
  canvasRef: RefObject<HTMLElement | null>;
  canManage: boolean;
  onHelp(): void;
}) {
  const { screenToFlowPosition, fitView } = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const onHelpRef = useRef(onHelp);
  useEffect(() => {
    onHelpRef.current = onHelp;
  }, [onHelp]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const track = (event: PointerEvent) =>
      (pointer.current = { x: event.clientX, y: event.clientY });
    const leave = () => (pointer.current = null);
    canvas.addEventListener("pointermove", track);
    canvas.addEventListener("pointerleave", leave);
    return () => {
      canvas.removeEventListener("pointermove", track);
      canvas.removeEventListener("pointerleave", leave);
    };
  }, [canvasRef]);

  useEffect(() => {
    function selectedFragment() {
      const { history, selectedNodeIds } = useFlowEditor.getState();
      return copyFragment(history.present, selectedNodeIds);
    }
    function pastePosition(fragment: FlowFragment) {
      return pointer.current ? screenToFlowPosition(pointer.current) : besideOriginal(fragment);
    }
    function onCopy(event: ClipboardEvent) {
      if (isTyping(event.target) || hasTextSelection()) return;
      const fragment = selectedFragment();
      if (!fragment || !event.clipboardData) return;
      event.clipboardData.setData("text/plain", JSON.stringify(fragment));
      event.preventDefault();
      if (event.type === "cut" && canManage)
        useFlowEditor.getState().remove(
          fragment.nodes.map((n) => n.id),
          [],
        );
    }
    function onPaste(event: ClipboardEvent) {
      if (!canManage || isTyping(event.target)) return;
      const fragment = readFragment(event.clipboardData?.getData("text/plain") ?? "");
      if (!fragment) return;
      event.preventDefault();
      useFlowEditor.getState().paste(fragment, pastePosition(fragment));
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.altKey || isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const state = useFlowEditor.getState();
      if (!mod && event.key === "?") onHelpRef.current();
      else if (!mod && event.shiftKey && key === "f")
        void fitView(fitViewOptions(state.history.present.nodes.length));
      else if (!mod && event.shiftKey && key === "l" && canManage) void state.arrange();
      else if (mod && key === "a")
        state.select(
          state.history.present.nodes.map((n) => n.id),
          state.history.present.edges.map((e) => e.id),
        );
      else if (mod && key === "z" && !event.shiftKey && canManage) state.undo();
      else if (mod && ((key === "z" && event.shiftKey) || key === "y") && canManage) state.redo();
      else if (mod && key === "d" && canManage) {
        const fragment = selectedFragment();
        if (fragment) state.paste(fragment, besideOriginal(fragment));
      } else return;
      event.preventDefault();
    }
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCopy);
    document.addEventListener("paste", onPaste);
    window.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCopy);
      document.removeEventListener("paste", onPaste);
      window.removeEventListener("keydown", onKeyDown);
    };
  }, [canManage, fitView, screenToFlowPosition]);
}

function besideOriginal(fragment: FlowFragment) {
  return {
    x: Math.min(...fragment.nodes.map((n) => n.position.x)) + pasteOffset,
    y: Math.min(...fragment.nodes.map((n) => n.position.y)) + pasteOffset,
  };
}

function hasTextSelection() {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== "";
}
