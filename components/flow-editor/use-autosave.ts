"use client";

import { useEffect } from "react";
import { ApiRequestError } from "@/components/api/request";
import { saveDraft } from "./draft-api";
import { useFlowEditor } from "./store";

/** Quiet time after the last edit before the draft is saved. */
export const autosaveDelayMs = 800;

/** Saves the draft the store holds, from the revision it was loaded or last saved at. */
export async function saveNow(flowId: string): Promise<boolean> {
  const state = useFlowEditor.getState();
  if (state.status === "saving" || state.status === "conflict") return false;
  const document = state.history.present;
  state.saveStarted();
  try {
    const { revision } = await saveDraft(flowId, state.revision, document);
    useFlowEditor.getState().saveFinished(document, revision);
    return true;
  } catch (err) {
    useFlowEditor.getState().saveFailed(err instanceof ApiRequestError && err.status === 409);
    return false;
  }
}

/** Debounced PUT of the draft after each change; warns before leaving with unsaved edits. */
export function useAutosave(flowId: string, enabled: boolean) {
  const present = useFlowEditor((s) => s.history.present);
  const status = useFlowEditor((s) => s.status);
  useEffect(() => {
    if (!enabled || status !== "unsaved") return;
    const timer = setTimeout(() => void saveNow(flowId), autosaveDelayMs);
    return () => clearTimeout(timer);
  }, [present, status, flowId, enabled]);

  const dirty = status !== "saved";
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}
