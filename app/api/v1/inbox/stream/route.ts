import { route } from "@/lib/api/route";
import * as contract from "@/lib/api/contracts/inbox";
import { subscribeInbox } from "@/lib/inbox/live";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A comment this often keeps proxies from closing an idle stream. */
const pingMs = 15_000;

export const GET = route(contract.inboxStream, async ({ req, caller }) => {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (chunk: string) => {
        if (open) controller.enqueue(encoder.encode(chunk));
      };
      // Subscribed before the first byte: a change committed once the client has the
      // response is never missed.
      const unsubscribe = await subscribeInbox(caller.workspaceId, (change) =>
        send(`data: ${JSON.stringify({ conversationId: change.conversationId })}\n\n`),
      );
      const ping = setInterval(() => send(": ping\n\n"), pingMs);
      stop = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      req.signal.addEventListener("abort", stop, { once: true });
      if (req.signal.aborted) return stop();
      send("retry: 3000\n: connected\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
