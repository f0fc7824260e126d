/**
 * The callback_data a button of a `buttons` node carries: the node id and the button id. The
 * runtime knows which node the session waits on, so it matches the `<nodeId>:` prefix and takes
 * the rest as the button id (ids may themselves contain ':').
 */
export function callbackData(nodeId: string, buttonId: string): string {
  return `${nodeId}:${buttonId}`;
}
