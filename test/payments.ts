import type { FlowDocument } from "@/lib/flow/document";

export interface PaymentFlowOptions {
  productId: string;
  provider: "stars" | "telegram" | "stripe" | "yookassa";
  timeoutMinutes?: number;
  /** What the bot says on each outcome of the payment node. */
  say: { paid: string; failed: string; canceled: string; timeout: string };
}

/** /start → payment (a fixed product) → one message per outcome: the flow payment tests run. */
export function paymentFlow(options: PaymentFlowOptions): FlowDocument {
  const outcomes = ["paid", "failed", "canceled", "timeout"] as const;
  return {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: { x: 0, y: 0 }, config: {} },
      {
        id: "pay",
        type: "payment",
        position: { x: 300, y: 0 },
        config: {
          product: "fixed",
          productId: options.productId,
          provider: options.provider,
          timeoutMinutes: options.timeoutMinutes ?? 30,
        },
      },
      ...outcomes.map((outcome, i) => ({
        id: outcome,
        type: "message",
        position: { x: 600, y: i * 150 },
        config: { text: options.say[outcome] },
      })),
    ],
    edges: [
      { id: "e-start", source: "start", sourceHandle: "next", target: "pay" },
      ...outcomes.map((outcome) => ({
        id: `e-${outcome}`,
        source: "pay",
        sourceHandle: outcome,
        target: outcome,
      })),
    ],
    variables: [],
  };
}

/**
 * /start → payment (a fixed product, Stars) → on paid, deliver → "Enjoy" or "Sorry"; the other
 * payment outcomes end with a message each: the flow the delivery tests run.
 */
export function deliveryFlow(productId: string, deliverText = ""): FlowDocument {
  const base = paymentFlow({
    productId,
    provider: "stars",
    say: { paid: "", failed: "Payment failed", canceled: "Canceled", timeout: "Expired" },
  });
  const position = { x: 900, y: 0 };
  return {
    ...base,
    nodes: [
      ...base.nodes.filter((n) => n.id !== "paid"),
      {
        id: "deliver",
        type: "deliver",
        position: { x: 600, y: 0 },
        config: { product: "fixed", productId, text: deliverText },
      },
      { id: "enjoy", type: "message", position, config: { text: "Enjoy" } },
      { id: "sorry", type: "message", position, config: { text: "Sorry" } },
    ],
    edges: [
      ...base.edges.filter((e) => e.id !== "e-paid"),
      { id: "e-paid", source: "pay", sourceHandle: "paid", target: "deliver" },
      { id: "e-ok", source: "deliver", sourceHandle: "delivered", target: "enjoy" },
      { id: "e-fail", source: "deliver", sourceHandle: "failed", target: "sorry" },
    ],
  };
}
