/**
 * The callback_data a button of a `buttons` node carries: the node id and the button id. The
 * runtime knows which node the session waits on, so it matches the `<nodeId>:` prefix and takes
 * the rest as the button id (ids may themselves contain ':').
 */
export function callbackData(nodeId: string, buttonId: string): string {
  return `${nodeId}:${buttonId}`;
}

/**
 * Callback data the runtime answers before any flow sees the press: an agent's quick-reply
 * buttons (lib/inbox/quick-replies.ts) and the /purchases list (lib/delivery/purchases.ts). A
 * node whose id makes its callback data start with one of these would lose its presses to them,
 * so validateFlow refuses such ids.
 */
export const reservedCallbackPrefixes = { quickReply: "q:", purchase: "$purchase:" } as const;

/** The reserved prefix a node's callback data would start with, if any. */
export function reservedCallbackPrefix(nodeId: string): string | undefined {
  return Object.values(reservedCallbackPrefixes).find((prefix) =>
    callbackData(nodeId, "").startsWith(prefix),
  );
}
