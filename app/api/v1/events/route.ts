import { route, type HandlerInput } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import * as contract from "@/lib/api/contracts/events";
import { idempotencyKeySchema, receiveEvent } from "@/lib/events/ingest";
import { wakeSender } from "@/lib/jobs/sender";
import { observeWebhook } from "@/lib/metrics/webhook";

/** The shop's system calls this like a webhook: timed and counted with the others. */
export const POST = observeWebhook("events", route(contract.sendEvent, sendEvent));

async function sendEvent({ req, db, caller, body }: HandlerInput<typeof contract.sendEvent>) {
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
}
