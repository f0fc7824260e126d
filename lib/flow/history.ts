import type { FlowDocument } from "./document";

/** Undo/redo states of the editor: immutable, so a store can hold it and React can compare it. */
export interface FlowHistory {
  past: readonly FlowDocument[];
  present: FlowDocument;
  future: readonly FlowDocument[];
  /** The key of the last push, while further pushes with the same key still merge into it. */
  coalesceKey: string | undefined;
  limit: number;
}

/** Undo steps kept; older ones fall off so a long session does not grow without bound. */
export const historyLimit = 200;

export function createHistory(present: FlowDocument, limit = historyLimit): FlowHistory {
  return { past: [], present, future: [], coalesceKey: undefined, limit };
}

/**
 * Records a new document. Pushes with the same `coalesceKey` in a row (a drag of one node,
 * typing in one field: `move:<nodeId>`, `config:<nodeId>:text`) replace the present instead
 * of adding steps, so one undo reverts the whole gesture. Any new push clears the redo stack.
 */
export function pushHistory(
  history: FlowHistory,
  document: FlowDocument,
  coalesceKey?: string,
): FlowHistory {
  if (document === history.present) return history;
  if (coalesceKey !== undefined && coalesceKey === history.coalesceKey) {
    return { ...history, present: document, future: [] };
  }
  return {
    ...history,
    past: [...history.past, history.present].slice(-history.limit),
    present: document,
    future: [],
    coalesceKey,
  };
}

/** Ends the current gesture (drag stop, field blur): the next push is a step of its own. */
export function sealHistory(history: FlowHistory): FlowHistory {
  return history.coalesceKey === undefined ? history : { ...history, coalesceKey: undefined };
}

export function undoHistory(history: FlowHistory): FlowHistory {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    ...history,
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    coalesceKey: undefined,
  };
}

export function redoHistory(history: FlowHistory): FlowHistory {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return {
    ...history,
    past: [...history.past, history.present].slice(-history.limit),
    present: next,
    future: rest,
    coalesceKey: undefined,
  };
}
