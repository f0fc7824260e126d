import type { FlowDocument } from "@/lib/flow/document";

/** The smallest flow that publishes: /start → a message. */
export function publishableDocument(text = "Hello!"): FlowDocument {
  return {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: { payload: "" } },
      { id: "hello", type: "message", position: { x: 240, y: 0 }, config: { text } },
    ],
    edges: [{ id: "e1", source: "start", sourceHandle: "next", target: "hello" }],
    variables: [],
  };
}
