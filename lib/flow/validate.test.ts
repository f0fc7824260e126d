import { describe, expect, it } from "vitest";
import type { FlowDocument, FlowEdge, FlowNode } from "./document";
import { validateFlow } from "./validate";

function node(id: string, type: string, config: Record<string, unknown> = {}): FlowNode {
  return { id, type, position: { x: 0, y: 0 }, config };
}

function edge(source: string, sourceHandle: string, target: string): FlowEdge {
  return { id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target };
}

function flow(nodes: FlowNode[], edges: FlowEdge[]): FlowDocument {
  return { version: 1, nodes, edges, variables: [] };
}

/** start → hello: the smallest publishable flow. */
const base = () =>
  flow(
    [node("start", "trigger.start"), node("hello", "message", { text: "Hi" })],
    [edge("start", "next", "hello")],
  );

const codes = (doc: FlowDocument) => validateFlow(doc).map((p) => p.code);

describe("validateFlow", () => {
  it("finds nothing wrong with a minimal flow", () => {
    expect(validateFlow(base())).toEqual([]);
  });

  it("reports an invalid config with the field path", () => {
    const doc = base();
    doc.nodes[0] = node("start", "trigger.start", { payload: "not allowed!" });
    expect(validateFlow(doc)).toEqual([
      expect.objectContaining({
        code: "invalid_config",
        nodeId: "start",
        path: ["nodes", 0, "config", "payload"],
      }),
    ]);
  });

  it("reports an unknown node type", () => {
    const doc = base();
    doc.nodes.push(node("x", "teleport"));
    doc.edges.push(edge("hello", "next", "x"));
    expect(validateFlow(doc)).toEqual([
      expect.objectContaining({
        code: "unknown_node_type",
        nodeId: "x",
        path: ["nodes", 2, "type"],
      }),
    ]);
  });

  it("refuses node ids whose button presses the bot keeps for its own buttons", () => {
    const doc = base();
    doc.nodes.push(
      node("q", "buttons", { text: "Pick", buttons: [{ id: "a", text: "A" }] }),
      node("q:menu", "message", { text: "Hi" }),
      node("$purchase", "message", { text: "Hi" }),
      node("quiz", "message", { text: "Hi" }),
    );
    doc.edges.push(edge("hello", "next", "q"), edge("q", "a", "q:menu"));
    doc.edges.push(edge("q:menu", "next", "$purchase"), edge("$purchase", "next", "quiz"));
    expect(validateFlow(doc)).toEqual([
      expect.objectContaining({ code: "reserved_node_id", nodeId: "q", path: ["nodes", 2, "id"] }),
      expect.objectContaining({ code: "reserved_node_id", nodeId: "q:menu" }),
      expect.objectContaining({ code: "reserved_node_id", nodeId: "$purchase" }),
    ]);
  });

  it("reports edges from or to missing nodes", () => {
    const doc = base();
    doc.edges.push(edge("ghost", "next", "hello"), edge("hello", "next", "ghost"));
    expect(codes(doc)).toEqual(["edge_missing_source", "edge_missing_target"]);
  });

  it("reports an edge from a handle the node does not have", () => {
    const doc = base();
    doc.edges[0] = edge("start", "paid", "hello");
    expect(codes(doc)).toEqual(["edge_unknown_handle", "unwired_outcome", "unreachable_node"]);
  });

  it("reports an edge into a trigger and an outcome wired twice", () => {
    const doc = base();
    doc.nodes.push(node("bye", "message", { text: "Bye" }));
    doc.edges.push(edge("hello", "next", "start"), edge("start", "next", "bye"));
    expect(codes(doc)).toEqual(["edge_into_trigger", "outcome_wired_twice", "unreachable_node"]);
  });

  it("requires outcomes that may not end to be wired, and lets the others end", () => {
    const doc = base();
    doc.nodes.push(node("pay", "payment"));
    doc.edges.push(edge("hello", "next", "pay"));
    const unwired = validateFlow(doc).filter((p) => p.code === "unwired_outcome");
    expect(unwired.map((p) => p.message.en)).toEqual([
      'Payment "pay": Outcome "Paid" must lead somewhere',
      'Payment "pay": Outcome "Failed" must lead somewhere',
      'Payment "pay": Outcome "Canceled" must lead somewhere',
      'Payment "pay": Outcome "Timeout" must lead somewhere',
    ]);
    // hello.next is wired to pay here, but a message's next may also simply end (the base flow).
  });

  it("names the node in each of its problems, in both locales", () => {
    const doc = base();
    doc.nodes.push(node("island", "message", { text: "Alone" }));
    const [problem] = validateFlow(doc);
    expect(problem?.message.en).toBe(
      'Message "island": No trigger leads here; this node never runs',
    );
    expect(problem?.message.ru).toMatch(/^Сообщение «island»: /);
  });

  it("warns about nodes no trigger reaches", () => {
    const doc = base();
    doc.nodes.push(node("island", "message", { text: "Alone" }));
    expect(validateFlow(doc)).toEqual([
      expect.objectContaining({ severity: "warning", code: "unreachable_node", nodeId: "island" }),
    ]);
  });

  it("requires a trigger", () => {
    const doc = flow([node("hello", "message", { text: "Hi" })], []);
    expect(codes(doc)).toEqual(["no_trigger", "unreachable_node"]);
  });

  describe("clashing triggers", () => {
    const withTrigger = (extra: FlowNode) => {
      const doc = base();
      doc.nodes.push(extra);
      doc.edges.push(edge(extra.id, "next", "hello"));
      return doc;
    };

    it("two /start without payload, but not different payloads", () => {
      expect(codes(withTrigger(node("start2", "trigger.start")))).toEqual([
        "duplicate_start_payload",
      ]);
      expect(codes(withTrigger(node("start2", "trigger.start", { payload: "promo" })))).toEqual([]);
    });

    it("the same command twice", () => {
      const doc = withTrigger(node("c1", "trigger.command", { command: "help" }));
      doc.nodes.push(node("c2", "trigger.command", { command: "help" }));
      doc.edges.push(edge("c2", "next", "hello"));
      expect(validateFlow(doc)).toEqual([
        expect.objectContaining({ code: "duplicate_command", nodeId: "c2" }),
      ]);
    });

    it("a keyword shared by two triggers, whatever its case", () => {
      const doc = withTrigger(node("k1", "trigger.keyword", { keywords: ["Price", "cost"] }));
      doc.nodes.push(node("k2", "trigger.keyword", { keywords: ["price "] }));
      doc.edges.push(edge("k2", "next", "hello"));
      expect(codes(doc)).toEqual(["duplicate_keyword"]);
    });

    it("the same external event twice", () => {
      const doc = withTrigger(node("v1", "trigger.event", { event: "order.paid" }));
      doc.nodes.push(node("v2", "trigger.event", { event: "order.paid" }));
      doc.edges.push(edge("v2", "next", "hello"));
      expect(codes(doc)).toEqual(["duplicate_event"]);
    });
  });

  describe("Telegram limits", () => {
    const withButtons = (config: Record<string, unknown>, nodeId = "menu") => {
      const doc = base();
      doc.nodes.push(node(nodeId, "buttons", { text: "Pick one", ...config }));
      doc.edges.push(edge("hello", "next", nodeId));
      return doc;
    };
    const buttons = (n: number, sameRow: boolean) =>
      Array.from({ length: n }, (_, i) => ({
        id: `b${i}`,
        text: `B${i}`,
        url: "https://example.com",
        sameRow: sameRow && i > 0,
      }));

    it("message text over 4096 characters, caption over 1024 under media", () => {
      const doc = base();
      doc.nodes[1] = node("hello", "message", { text: "x".repeat(4097) });
      expect(validateFlow(doc)).toEqual([
        expect.objectContaining({ code: "text_too_long", path: ["nodes", 1, "config", "text"] }),
      ]);
      doc.nodes[1] = node("hello", "message", { text: "x".repeat(4096) });
      expect(codes(doc)).toEqual([]);
      doc.nodes[1] = node("hello", "message", {
        text: "x".repeat(1025),
        media: { kind: "photo", source: "https://example.com/a.jpg" },
      });
      expect(codes(doc)).toEqual(["caption_too_long"]);
    });

    it("empty message text", () => {
      const doc = base();
      doc.nodes[1] = node("hello", "message", { text: "  " });
      expect(codes(doc)).toEqual(["text_empty"]);
    });

    it("callback data over 64 bytes", () => {
      // "<nodeId>:<buttonId>" in UTF-8: Cyrillic takes two bytes a letter.
      const doc = withButtons({ buttons: [{ id: "ok", text: "OK" }] }, "м".repeat(31));
      doc.edges.push(edge("м".repeat(31), "ok", "hello"));
      expect(codes(doc)).toEqual(["callback_data_too_long"]);
      const fits = withButtons({ buttons: [{ id: "ok", text: "OK" }] }, "m".repeat(61));
      fits.edges.push(edge("m".repeat(61), "ok", "hello"));
      expect(codes(fits)).toEqual([]);
    });

    it("more than 100 buttons, more than 8 in a row", () => {
      expect(codes(withButtons({ buttons: buttons(101, false) }))).toEqual(["too_many_buttons"]);
      expect(codes(withButtons({ buttons: buttons(100, false) }))).toEqual([]);
      expect(validateFlow(withButtons({ buttons: buttons(9, true) }))).toEqual([
        expect.objectContaining({
          code: "too_many_buttons_in_row",
          path: ["nodes", 2, "config", "buttons", 0],
        }),
      ]);
      expect(codes(withButtons({ buttons: buttons(8, true) }))).toEqual([]);
    });

    it("empty caption on the share-phone button", () => {
      const doc = base();
      doc.nodes.push(node("phone", "contact.request", { buttonText: "" }));
      doc.edges.push(edge("hello", "next", "phone"));
      expect(codes(doc)).toEqual(["button_text_empty"]);
    });

    it("empty button text", () => {
      const doc = withButtons({ buttons: [{ id: "ok", text: " " }] });
      doc.edges.push(edge("menu", "ok", "hello"));
      expect(validateFlow(doc)).toEqual([
        expect.objectContaining({
          code: "button_text_empty",
          path: ["nodes", 2, "config", "buttons", 0, "text"],
        }),
      ]);
    });
  });

  describe("faq", () => {
    const withFaq = (config: Record<string, unknown>, nodeId = "faq") => {
      const doc = base();
      doc.nodes.push(node(nodeId, "faq", config), node("agent", "handoff"));
      doc.edges.push(edge("hello", "next", nodeId), edge(nodeId, "fallback", "agent"));
      return doc;
    };
    const problems = (config: Record<string, unknown>, nodeId?: string) =>
      validateFlow(withFaq(config, nodeId)).map((p) => ({ code: p.code, path: p.path?.slice(3) }));
    const entry = { question: "How?", keywords: ["how"], answer: "Like this." };

    it("publishes a document from before questions and prompts (keywords and answers only)", () => {
      expect(problems({ entries: [{ keywords: ["refund"], answer: "14 days." }] })).toEqual([]);
    });

    it("needs entries, an answer each, and keywords unless the question is a button", () => {
      expect(problems({})).toEqual([{ code: "missing_value", path: ["entries"] }]);
      expect(
        problems({
          prompt: "Ask",
          entries: [
            { ...entry, answer: " " },
            { ...entry, keywords: [] },
            { ...entry, question: "", keywords: [] },
          ],
        }),
      ).toEqual([
        { code: "text_empty", path: ["entries", 0, "answer"] },
        { code: "missing_value", path: ["entries", 2, "keywords"] },
      ]);
      expect(
        problems({ prompt: "Ask", showQuestions: false, entries: [{ ...entry, keywords: [] }] }),
      ).toEqual([{ code: "missing_value", path: ["entries", 0, "keywords"] }]);
    });

    it("needs an invitation to carry question buttons", () => {
      expect(problems({ entries: [entry] })).toEqual([{ code: "text_empty", path: ["prompt"] }]);
      expect(problems({ entries: [{ ...entry, question: "" }] })).toEqual([]);
      expect(problems({ showQuestions: false, entries: [entry] })).toEqual([]);
      expect(problems({ prompt: "x".repeat(4097), entries: [entry] })).toEqual([
        { code: "text_too_long", path: ["prompt"] },
      ]);
    });

    it("at most 100 question buttons, and callback data within 64 bytes", () => {
      const many = (n: number) => Array.from({ length: n }, () => entry);
      expect(problems({ prompt: "Ask", entries: many(101) })).toEqual([
        { code: "too_many_buttons", path: ["entries"] },
      ]);
      expect(problems({ prompt: "Ask", entries: many(100) })).toEqual([]);
      // "<nodeId>:<index>"; Cyrillic takes two bytes a letter.
      expect(problems({ prompt: "Ask", entries: many(10) }, "ф".repeat(32))).toEqual([
        { code: "callback_data_too_long", path: [] },
      ]);
      expect(problems({ prompt: "Ask", entries: many(10) }, "f".repeat(62))).toEqual([]);
    });
  });

  it("reports a required value left empty", () => {
    const doc = base();
    doc.nodes.push(node("jump", "goto"));
    doc.edges.push(edge("hello", "next", "jump"));
    expect(validateFlow(doc)).toEqual([
      expect.objectContaining({ code: "missing_value", path: ["nodes", 2, "config", "flowId"] }),
    ]);
  });

  it("validates a 1,000-node flow", () => {
    // A chain start → m1 → … → m998 plus one unreachable island node.
    const nodes = [node("start", "trigger.start")];
    const edges: FlowEdge[] = [];
    let previous = "start";
    for (let i = 1; i < 999; i++) {
      nodes.push(node(`m${i}`, "message", { text: `Step ${i}` }));
      edges.push(edge(previous, "next", `m${i}`));
      previous = `m${i}`;
    }
    nodes.push(node("island", "message", { text: "Alone" }));
    const problems = validateFlow(flow(nodes, edges));
    expect(nodes).toHaveLength(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "unreachable_node", nodeId: "island" });
  });
});
