/**
 * Runs once when the server starts. Node-only work lives in lib/startup/node.ts so the Edge
 * bundle of this file stays free of Node APIs.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startNode } = await import("@/lib/startup/node");
    await startNode();
  }
}
