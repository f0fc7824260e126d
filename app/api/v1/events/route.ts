import { route } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import * as contract from "@/lib/api/contracts/events";
import { idempotencyKeySchema, receiveEvent } from "@/lib/events/ingest";
import { wakeSender } from "@/lib/jobs/sender";

export const POST = route(contract.sendEvent, async ({ req, db, caller, body }) => {
  const key = idempotencyKeySchema.safeParse(req.headers.get("idempotency-key") ?? "");
  if (!key.success)
    throw new ApiError("bad_request", "Send an Idempotency-Key header (up to 255 characters)");
  const received = await receiveEvent(db, {
    workspaceId: caller.workspaceId,
    actor: caller.actor,
    idempotencyKey: key.data,
    // The parsed body, in the contract's order: the same event sent twice hashes the same.
    rawBody: JSON.stringify(body),
    request: body,
  });
  // The customer's message waits in the outbox: send it now, not at the next poll.
  if (received.queued) wakeSender();
  return Response.json(
    { event: contract.eventSchema.parse(received.event) },
    { status: 202, headers: received.replayed ? { "Idempotent-Replayed": "true" } : {} },
  );
});
