import "server-only";
import crypto from "node:crypto";
import net from "node:net";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Executor } from "@/lib/db";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import { ApiError, notFound } from "@/lib/api/errors";
import { isPrivateAddress } from "@/lib/jobs/http";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { disableEndpoint, resendDelivery, type WebhookWorkerOptions } from "./deliver";
import { testWebhookEvent } from "./events";
import type { webhookEndpointInput, webhookEndpointPatch } from "./input";
import { webhookEventId } from "./signature";

/** Staff's side of outgoing webhooks: endpoints, their delivery log, test events, resends. */

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** Whether endpoints may point at private addresses: WEBHOOKS_ALLOW_PRIVATE=1 (docs/webhooks.md). */
export function allowPrivateWebhooks(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE === "1";
}

export async function listEndpoints(db: Executor, workspaceId: string) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(webhookEndpoints.createdAt);
}

export async function getEndpoint(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<WebhookEndpointRow> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, workspaceId)));
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

/**
 * A private or loopback address written into the URL is refused now; a name is resolved and
 * checked each time a delivery is made (deliver.ts), since what it points at can change.
 */
function checkUrl(url: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    (net.isIP(host) && isPrivateAddress(host))
  )
    throw new ApiError("unprocessable_entity", "The URL points at a private address", {
      details: [{ path: "url", message: "A private or loopback address cannot receive webhooks" }],
    });
}

export async function createEndpoint(
  db: Db,
  input: {
    workspaceId: string;
    endpoint: z.output<typeof webhookEndpointInput>;
    actor: Actor;
    allowPrivateAddresses?: boolean;
  },
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  checkUrl(input.endpoint.url, input.allowPrivateAddresses ?? allowPrivateWebhooks());
  const secret = `whsec_${randomToken(24)}`;
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        workspaceId: input.workspaceId,
        url: input.endpoint.url,
        description: input.endpoint.description,
        events: input.endpoint.events,
        secretEncrypted: encryptSecret(secret),
      })
      .returning();
    if (!row) throw new Error("createEndpoint: insert returned no row");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "webhook_endpoint.created",
      subjectId: row.id,
      data: { url: row.url, events: row.events },
    });
    return row;
  });
  return { row, secret };
}

export async function updateEndpoint(
  db: Db,
  input: {
    workspaceId: string;
    id: string;
    patch: z.output<typeof webhookEndpointPatch>;
    actor: Actor;
    allowPrivateAddresses?: boolean;
  },
): Promise<WebhookEndpointRow> {
  const { patch, actor, workspaceId, id } = input;
  if (patch.url) checkUrl(patch.url, input.allowPrivateAddresses ?? allowPrivateWebhooks());
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, workspaceId)))
      .for("update");
    if (!before) throw notFound("Webhook endpoint");
    const changes: Partial<WebhookEndpointRow> = {};
    if (patch.url !== undefined && patch.url !== before.url) changes.url = patch.url;
    if (patch.description !== undefined && patch.description !== before.description)
      changes.description = patch.description;
    if (patch.events && patch.events.join() !== before.events.join()) changes.events = patch.events;
    if (Object.keys(changes).length) {
      await tx
        .update(webhookEndpoints)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, id));
      await recordJournal(tx, {
        workspaceId,
        actor,
        kind: "webhook_endpoint.updated",
        subjectId: id,
        data: changes,
      });
    }
    if (patch.enabled === false && before.enabled)
      await disableEndpoint(tx, { id, workspaceId }, "manual", actor);
    if (patch.enabled === true && !before.enabled) {
      await tx
        .update(webhookEndpoints)
        .set({
          enabled: true,
          disabledAt: null,
          disabledReason: null,
          consecutiveFailures: 0,
          updatedAt: new Date(),
        })
        .where(eq(webhookEndpoints.id, id));
      await recordJournal(tx, {
        workspaceId,
        actor,
        kind: "webhook_endpoint.enabled",
        subjectId: id,
        data: { url: changes.url ?? before.url },
      });
    }
    return getEndpoint(tx, workspaceId, id);
  });
}

export async function deleteEndpoint(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, workspaceId)))
      .returning();
    if (!gone) throw notFound("Webhook endpoint");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "webhook_endpoint.deleted",
      subjectId: id,
      data: { url: gone.url },
    });
  });
}

/** "Send test event": a webhook.test delivery, attempted now and answered with its result. */
export async function sendTestEvent(
  db: Db,
  workspaceId: string,
  id: string,
  options: WebhookWorkerOptions = {},
) {
  const endpoint = await getEndpoint(db, workspaceId, id);
  const dedupeKey = `test:${crypto.randomUUID()}`;
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      workspaceId,
      endpointId: endpoint.id,
      event: testWebhookEvent,
      dedupeKey,
      payload: {
        id: webhookEventId(dedupeKey),
        type: testWebhookEvent,
        createdAt: new Date().toISOString(),
        workspaceId,
        data: { endpointId: endpoint.id, message: "A test event from Botshop" },
      },
      // Claimed by this request, not by the worker.
      nextAttemptAt: new Date(Date.now() + 60_000),
    })
    .returning();
  if (!row) throw new Error("sendTestEvent: insert returned no row");
  return resendDelivery(db, row, {
    allowPrivateAddresses: allowPrivateWebhooks(),
    ...options,
  });
}

export async function listDeliveries(
  db: Executor,
  workspaceId: string,
  endpointId: string,
  query: { status?: "pending" | "delivered" | "failed"; before?: number; limit: number },
) {
  await getEndpoint(db, workspaceId, endpointId);
  const where: SQL[] = [
    eq(webhookDeliveries.endpointId, endpointId),
    eq(webhookDeliveries.workspaceId, workspaceId),
  ];
  if (query.status) where.push(eq(webhookDeliveries.status, query.status));
  if (query.before) where.push(lt(webhookDeliveries.id, query.before));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  return {
    rows: rows.slice(0, query.limit),
    nextBefore: rows.length > query.limit ? (rows[query.limit - 1]?.id ?? null) : null,
  };
}

export async function resendEndpointDelivery(
  db: Db,
  workspaceId: string,
  endpointId: string,
  deliveryId: number,
  options: WebhookWorkerOptions = {},
) {
  const [row] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.workspaceId, workspaceId),
      ),
    );
  if (!row) throw notFound("Webhook delivery");
  return resendDelivery(db, row, { allowPrivateAddresses: allowPrivateWebhooks(), ...options });
}
