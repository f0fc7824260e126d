import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { GrammyError, HttpError, type Api } from "grammy";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";
import { bots, contacts, outbox } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { recordJournal } from "@/lib/journal/record";
import { recordSentMessagesSql } from "@/lib/inbox/record";
import { sendAgentFileRow } from "@/lib/inbox/agent-file";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { telegramApi } from "@/lib/telegram/client";
import { resumeContact } from "@/lib/runtime/engine";
import type { RuntimeEvent } from "@/lib/runtime/types";
import { closeCheckout, paymentOfferSchema, preparePaymentOffer } from "@/lib/payments/checkout";
import { settleOrder } from "@/lib/payments/settle";
import { ApiError } from "@/lib/api/errors";
import { deliverForFlow, deliverPayloadSchema } from "@/lib/delivery/issue";
import { DeferDelivery, RetryDelivery } from "@/lib/delivery/method";
import { refundOrder } from "@/lib/payments/refund";
import { emailPayloadSchema, sendEmail } from "@/lib/alerts/email";
import { performHttpRequest } from "./http";
import {
  broadcastBucketFor,
  bucketsFor,
  defaultSendLimits,
  takeTokens,
  takeUpTo,
  type Bucket,
  type SendLimits,
} from "./limits";

/**
 * The outbox's workers (DESIGN.md, "Sending to Telegram"). Every process runs them; rows are
 * claimed with FOR UPDATE SKIP LOCKED and a lease, so any number of processes share the work
 * and a process that dies mid-send leaves its rows to be taken again when the lease ends.
 *
 * - telegram rows: one Bot API call each, within Telegram's limits (limits.ts), in id order per
 *   chat (a chat's later row waits while an earlier one is pending).
 * - timer rows: feed a timer event to the contact's session.
 * - http rows: do the http node's request, then feed its answer to the session.
 * - payment rows: create the order and checkout, then send the invoice or pay link.
 * - checkout_close rows: close an expired order's checkout at the provider.
 * - email rows: an alert email through SMTP (lib/alerts/email.ts).
 */

/** How long a claimed row is reserved for the process that claimed it. */
const leaseSeconds = 60;
/** Transient failures (5xx, network) are retried with doubling delays, up to this many tries. */
const maxAttempts = 8;
const maxBackoffSeconds = 300;

type OutboxRow = typeof outbox.$inferSelect;

export interface DrainOptions {
  limits?: SendLimits;
  /** Rows claimed per round. */
  batch?: number;
  /** Rows of one round handled at once (each holds a database connection while it runs). */
  parallel?: number;
  /** The Telegram client for a bot token (tests may count or slow calls). */
  api?: (token: string) => Api;
}

/**
 * Claims due rows, whole, in one statement: never a chat's row while an earlier one of that chat
 * is still pending. "Earlier" is found by taking each chat's first pending row once per claim (a
 * hash aggregate), not by asking per candidate whether an earlier row exists: that anti join
 * went quadratic in the backlog whenever the statistics said nothing was pending.
 */
async function claim(db: Db, batch: number): Promise<OutboxRow[]> {
  const rows = await db
    .update(outbox)
    .set({
      notBefore: sql`clock_timestamp() + make_interval(secs => ${leaseSeconds})`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(
      sql`${outbox.id} in (
        select o.id from outbox o
        where o.status = 'pending' and o.not_before <= clock_timestamp()
          and (o.chat_id is null or o.id in (
            select min(p.id) from outbox p
            where p.status = 'pending' and p.chat_id is not null
              -- Bulk rows not due yet (a broadcast's paced or paused recipients) do not hold
              -- back the chat's replies: only a conversation's own messages need their order.
              and (p.priority < 10 or p.not_before <= clock_timestamp())
            group by p.chat_id
          ))
        order by o.priority, o.id
        limit ${batch}
        for update of o skip locked
      ) and ${outbox.status} = 'pending'`,
    )
    .returning();
  return rows.sort((a, b) => a.priority - b.priority || a.id - b.id);
}

/**
 * Sends one row now, in the caller's request, if no worker has taken it: for answers Telegram
 * waits on with a deadline (pre_checkout_query: 10 seconds), which must not queue behind a
 * batch of slower work. The row stays in the outbox, so a failure here is retried as usual.
 */
export async function sendOutboxRowNow(
  db: Db,
  id: number,
  options: Pick<DrainOptions, "api"> = {},
): Promise<void> {
  const [row] = await db
    .update(outbox)
    .set({
      notBefore: sql`clock_timestamp() + make_interval(secs => ${leaseSeconds})`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
    .returning();
  if (!row) return;
  try {
    await handle(db, row, defaultSendLimits, options.api ?? telegramApi);
  } catch (err) {
    logger.error({ outboxId: row.id, err }, "outbox row failed unexpectedly");
    await retryLater(db, row, (err as Error).message);
  }
}

/** Works through every row due now; returns how many rows it finished (sent, failed or ran). */
export async function drainOutbox(db: Db, options: DrainOptions = {}): Promise<number> {
  const limits = options.limits ?? defaultSendLimits;
  const api = options.api ?? telegramApi;
  let done = 0;
  for (;;) {
    const rows = await claim(db, options.batch ?? 50);
    if (!rows.length) return done;
    // A round holds at most one row per chat (claim), so its rows may run side by side without
    // reordering any chat's messages. The round's Bot API calls go out together, with their
    // lookups, send limits and completion batched (a few statements per round, not per row).
    const sends: TelegramSend[] = [];
    const others: OutboxRow[] = [];
    for (const row of rows) {
      const call = row.kind === "telegram" ? telegramCallSchema.safeParse(row.payload) : undefined;
      if (call?.success) sends.push({ row, call: call.data });
      else others.push(row);
    }
    let next = 0;
    const worker = async () => {
      while (next < others.length) {
        const row = others[next++]!;
        try {
          if (await handle(db, row, limits, api)) done++;
        } catch (err) {
          logger.error({ outboxId: row.id, err }, "outbox row failed unexpectedly");
          await retryLater(db, row, (err as Error).message);
        }
      }
    };
    const sending = sendTelegramRows(db, sends, limits, api).then(
      (finished) => {
        done += finished;
      },
      async (err: unknown) => {
        logger.error({ outboxIds: sends.map((s) => s.row.id), err }, "outbox round failed");
        for (const { row } of sends) await retryLater(db, row, (err as Error).message);
      },
    );
    await Promise.all([
      sending,
      ...Array.from({ length: Math.min(options.parallel ?? 4, others.length) }, worker),
    ]);
  }
}

async function handle(
  db: Db,
  row: OutboxRow,
  limits: SendLimits,
  api: (token: string) => Api,
): Promise<boolean> {
  switch (row.kind) {
    case "telegram": {
      const call = telegramCallSchema.parse(row.payload);
      return (await sendTelegramRows(db, [{ row, call }], limits, api)) > 0;
    }
    case "payment":
      return offerPayment(db, row, limits, api);
    case "deliver":
      return deliver(db, row, api);
    case "refund":
      return refundFailedDelivery(db, row);
    case "agent_file":
      return sendAgentFile(db, row, limits, api);
    case "email":
      return sendEmailRow(db, row);
    case "checkout_close": {
      const closed = await closeCheckout(db, z.object({ orderId: z.string() }).parse(row.payload));
      if (closed.ok) await finish(db, row.id, "sent", {});
      else await finish(db, row.id, "failed", { error: closed.error });
      return true;
    }
    case "timer":
      return resume(db, row, {
        kind: "timer",
        nodeId: String(row.payload.nodeId),
        since: Number(row.payload.since),
      });
    case "http": {
      const answer = await performHttpRequest(
        row.payload.request as Parameters<typeof performHttpRequest>[0],
      );
      return resume(db, row, {
        kind: "http_result",
        nodeId: String(row.payload.nodeId),
        since: Number(row.payload.since),
        ...answer,
      });
    }
    default:
      await finish(db, row.id, "failed", { error: `unknown outbox kind ${row.kind}` });
      return true;
  }
}

const telegramCallSchema = z.object({
  method: z.string(),
  params: z.record(z.string(), z.unknown()),
});

/** A claimed row's Bot API call. */
interface TelegramSend {
  row: OutboxRow;
  call: { method: string; params: Record<string, unknown> };
  /** Telegram refused the call for good (a 4xx other than 403 and 429). */
  onRefused?: (tx: Tx, error: string) => Promise<unknown>;
}

/**
 * A payment node's offer: the order and checkout are prepared (lib/payments/checkout.ts), then
 * the invoice or pay link goes out like any message. If Telegram refuses the invoice (a bad
 * provider token, a price Telegram does not accept), the order fails and the flow is told.
 */
async function offerPayment(
  db: Db,
  row: OutboxRow,
  limits: SendLimits,
  api: (token: string) => Api,
): Promise<boolean> {
  const [bot] = row.botId
    ? await db.select({ token: bots.tokenEncrypted }).from(bots).where(eq(bots.id, row.botId))
    : [];
  if (!bot || !row.botId || !row.contactId) {
    await finish(db, row.id, "cancelled", { error: "the bot or the contact was deleted" });
    return true;
  }
  const prepared = await preparePaymentOffer(
    db,
    { workspaceId: row.workspaceId, botId: row.botId, contactId: row.contactId },
    paymentOfferSchema.parse(row.payload),
    api(decryptSecret(bot.token)),
  );
  if (prepared.kind !== "send") {
    const failed = prepared.kind === "failed";
    await finish(db, row.id, failed ? "failed" : "cancelled", {
      error: failed ? prepared.reason : "the order is no longer waiting for payment",
    });
    return true;
  }
  const sent = await sendTelegramRows(
    db,
    [
      {
        row,
        call: prepared.call,
        onRefused: (tx, error) =>
          settleOrder(tx, prepared.order.id, "failed", {
            actor: { type: "system" },
            reason: "invoice.refused",
            data: { error },
          }),
      },
    ],
    limits,
    api,
  );
  return sent > 0;
}

interface Finished {
  id: number;
  status: "sent" | "failed" | "cancelled";
  result?: unknown;
  error?: string;
}

interface SenderBot {
  token: string;
  workspaceId: string;
}

/**
 * Sends claimed rows' calls, at most one row per chat (the claim's promise), in a fixed number
 * of statements whatever their count: one lookup of the bots and contacts, the chats' tokens in
 * one statement, each bot's tokens in one, one to hold back the rows a limit refused, one to
 * mark the sent rows. A refusal from Telegram (429, 403, other 4xx, 5xx) is handled per row.
 * Returns how many rows it finished.
 */
async function sendTelegramRows(
  db: Db,
  sends: TelegramSend[],
  limits: SendLimits,
  api: (token: string) => Api,
): Promise<number> {
  if (!sends.length) return 0;
  const botIds = [...new Set(sends.flatMap((s) => (s.row.botId ? [s.row.botId] : [])))];
  const contactIds = [...new Set(sends.flatMap((s) => (s.row.contactId ? [s.row.contactId] : [])))];
  // The bots' tokens and whether each contact blocked the bot, in one query.
  const found = botIds.length
    ? await db
        .select({
          botId: bots.id,
          token: bots.tokenEncrypted,
          workspaceId: bots.workspaceId,
          contactId: contacts.id,
          contactBlocked: contacts.blocked,
          contactChatId: contacts.channelUserId,
        })
        .from(bots)
        .leftJoin(
          contacts,
          contactIds.length
            ? and(eq(contacts.botId, bots.id), inArray(contacts.id, contactIds))
            : sql`false`,
        )
        .where(inArray(bots.id, botIds))
    : [];
  const botsById = new Map<string, SenderBot>();
  const blockedIn = new Map<string, string>();
  for (const f of found) {
    if (!botsById.has(f.botId))
      botsById.set(f.botId, { token: decryptSecret(f.token), workspaceId: f.workspaceId });
    if (f.contactId && f.contactBlocked && f.contactChatId)
      blockedIn.set(f.contactId, f.contactChatId);
  }

  const finished: Finished[] = [];
  const ready: (TelegramSend & { bot: SenderBot })[] = [];
  for (const s of sends) {
    const bot = s.row.botId ? botsById.get(s.row.botId) : undefined;
    if (!bot) {
      finished.push({ id: s.row.id, status: "cancelled", error: "the bot was deleted" });
    } else if (
      s.row.chatId &&
      s.call.method !== "answerCallbackQuery" &&
      s.row.contactId &&
      blockedIn.get(s.row.contactId) === s.row.chatId
    ) {
      finished.push({ id: s.row.id, status: "cancelled", error: "the contact blocked the bot" });
    } else {
      ready.push({ ...s, bot });
    }
  }

  const held = await takeSendTokens(db, ready, limits);
  if (held.size) {
    // Not sent now: back when the token will be there; the attempt does not count.
    await db.execute(sql`
      update outbox set not_before = clock_timestamp() + make_interval(secs => v.seconds),
                        attempts = outbox.attempts - 1
      from (values ${sql.join(
        [...held].map(([id, seconds]) => sql`(${id}::bigint, ${seconds}::float8)`),
        sql`, `,
      )}) as v(id, seconds)
      where outbox.id = v.id`);
  }

  const clients = new Map<string, Api>();
  const client = (token: string) => {
    let c = clients.get(token);
    if (!c) clients.set(token, (c = api(token)));
    return c;
  };
  let done = 0;
  await Promise.all(
    ready
      .filter((s) => !held.has(s.row.id))
      .map(async (s) => {
        try {
          const result = await client(s.bot.token).raw[s.call.method as "sendMessage"](
            s.call.params as Parameters<Api["raw"]["sendMessage"]>[0],
          );
          finished.push({ id: s.row.id, status: "sent", result });
        } catch (err) {
          if (await refused(db, s, s.bot, err)) done++;
        }
      }),
  );
  await finishAll(db, finished);
  return done + finished.length;
}

/**
 * Takes Telegram's send limits for the rows: a token from each chat's bucket (one statement),
 * then as many as the bot's bucket holds for the rows whose chat had one (one statement per bot),
 * given in the rows' order (priority first). Returns the rows held back, with the seconds until
 * they may go. Answering a button press is not a message: only messages count.
 */
async function takeSendTokens(
  db: Db,
  sends: TelegramSend[],
  limits: SendLimits,
): Promise<Map<number, number>> {
  const held = new Map<number, number>();
  const byChat = new Map<string, { send: TelegramSend; bot: Bucket }>();
  const chatBuckets: Bucket[] = [];
  for (const send of sends) {
    const { row, call } = send;
    if (call.method === "answerCallbackQuery" || !row.chatId || !row.botId) continue;
    const [chat, bot] = bucketsFor(row.botId, row.chatId, limits);
    if (byChat.has(chat.key)) {
      // Not from a claim (it holds one row per chat): the chat's next row waits its turn.
      held.set(row.id, 1 / chat.perSecond);
      continue;
    }
    byChat.set(chat.key, { send, bot });
    chatBuckets.push(chat);
  }
  if (!chatBuckets.length) return held;
  const chatWaits = await takeTokens(db, chatBuckets);
  const byBot = new Map<string, { bucket: Bucket; sends: TelegramSend[] }>();
  const toBot = (send: TelegramSend, bot: Bucket) => {
    const entry = byBot.get(bot.key) ?? { bucket: bot, sends: [] };
    entry.sends.push(send);
    byBot.set(bot.key, entry);
  };
  const byBroadcast = new Map<
    string,
    { bucket: Bucket & { paid: boolean }; sends: TelegramSend[]; bot: Bucket }
  >();
  for (const [key, { send, bot }] of byChat) {
    const wait = chatWaits.get(key) ?? 0;
    if (wait > 0) {
      held.set(send.row.id, wait);
      continue;
    }
    const own = broadcastBucketFor(send.row);
    if (!own) {
      toBot(send, bot);
      continue;
    }
    const entry = byBroadcast.get(own.key) ?? { bucket: own, sends: [], bot };
    entry.sends.push(send);
    byBroadcast.set(own.key, entry);
  }
  // A broadcast's rows after the replies (claim order), each within its broadcast's rate; a paid
  // broadcast's rows then go, the others also need the bot's token.
  for (const { bucket, sends: waiting, bot } of byBroadcast.values()) {
    const { granted, waits } = await takeUpTo(db, bucket, waiting.length);
    waiting.slice(granted).forEach((s, i) => held.set(s.row.id, waits[i]!));
    for (const s of waiting.slice(0, granted)) if (!bucket.paid) toBot(s, bot);
  }
  for (const { bucket, sends: waiting } of byBot.values()) {
    const { granted, waits } = await takeUpTo(db, bucket, waiting.length);
    waiting.slice(granted).forEach((s, i) => held.set(s.row.id, waits[i]!));
  }
  return held;
}

/**
 * Telegram refused a call or could not be reached. Returns true when the row is finished.
 */
async function refused(
  db: Db,
  { row, call: { method }, onRefused }: TelegramSend,
  bot: SenderBot,
  err: unknown,
): Promise<boolean> {
  if (err instanceof GrammyError) {
    if (err.error_code === 429) {
      // Exactly as long as Telegram asks.
      const seconds = err.parameters.retry_after ?? 1;
      return postpone(db, row.id, seconds, `429 retry after ${seconds}s`);
    }
    if (err.error_code === 403 && row.contactId) {
      await db.transaction(async (tx) => {
        await finish(tx, row.id, "failed", { error: err.description });
        const changed = await tx
          .update(contacts)
          .set({ blocked: true, updatedAt: new Date() })
          .where(and(eq(contacts.id, row.contactId!), eq(contacts.blocked, false)))
          .returning({ id: contacts.id });
        if (changed.length)
          await recordJournal(tx, {
            workspaceId: bot.workspaceId,
            actor: { type: "system" },
            kind: "contact.blocked_bot",
            botId: row.botId,
            contactId: row.contactId,
            data: { method, description: err.description },
          });
      });
      return true;
    }
    if (err.error_code < 500) {
      await db.transaction(async (tx) => {
        await finish(tx, row.id, "failed", { error: `${err.error_code} ${err.description}` });
        await recordJournal(tx, {
          workspaceId: bot.workspaceId,
          actor: { type: "system" },
          kind: "runtime.send_failed",
          botId: row.botId,
          contactId: row.contactId,
          data: { method, error: `${err.error_code} ${err.description}` },
        });
        await onRefused?.(tx, `${err.error_code} ${err.description}`);
      });
      return true;
    }
  }
  const reason =
    err instanceof GrammyError
      ? `${err.error_code} ${err.description}`
      : err instanceof HttpError
        ? "network error"
        : String(err);
  return retryLater(db, row, reason);
}

/** Not now, and not a failure: back in `seconds`, and the attempt does not count. */
async function postpone(db: Db, id: number, seconds: number, reason: string): Promise<false> {
  await db
    .update(outbox)
    .set({
      notBefore: new Date(Date.now() + seconds * 1000),
      attempts: sql`${outbox.attempts} - 1`,
      lastError: reason,
    })
    .where(eq(outbox.id, id));
  return false;
}

/** 5xx and network errors: back off (1 s, 2 s, 4 s … 5 min), then give up after maxAttempts. */
async function retryLater(db: Db, row: OutboxRow, reason: string): Promise<boolean> {
  if (row.attempts >= maxAttempts) {
    await finish(db, row.id, "failed", { error: reason });
    return true;
  }
  const seconds = Math.min(maxBackoffSeconds, 2 ** (row.attempts - 1));
  metrics().jobFailures.inc({ kind: row.kind, result: "retried" });
  await db
    .update(outbox)
    .set({ notBefore: new Date(Date.now() + seconds * 1000), lastError: reason })
    .where(eq(outbox.id, row.id));
  return false;
}

/**
 * A deliver node's request (lib/delivery/issue.ts). The row is finished in the transaction that
 * feeds the outcome to the flow; a transient failure of a call-out backs off like a send.
 */
async function deliver(db: Db, row: OutboxRow, api: (token: string) => Api): Promise<boolean> {
  if (!row.botId || !row.contactId) {
    await finish(db, row.id, "cancelled", { error: "the bot or the contact was deleted" });
    return true;
  }
  const ids = { ...row, botId: row.botId, contactId: row.contactId };
  try {
    await deliverForFlow(db, ids, deliverPayloadSchema.parse(row.payload), {
      api: () => botApi(db, row.botId!, api),
      lock: async (tx) => {
        const [current] = await tx
          .select({ status: outbox.status })
          .from(outbox)
          .where(eq(outbox.id, row.id))
          .for("update");
        return current?.status === "pending";
      },
      done: (tx) => finish(tx, row.id, "sent", {}),
    });
  } catch (err) {
    if (err instanceof DeferDelivery) return postpone(db, row.id, err.seconds, err.message);
    if (err instanceof RetryDelivery) return retryLater(db, row, err.message);
    throw err;
  }
  wakeSender();
  return true;
}

/**
 * A paid order whose goods ran out, for a product set to refund then: the money goes back
 * through the provider (refundOrder is idempotent per order). A provider that cannot refund
 * through its API (Telegram Payments) leaves the order paid and the journal says so.
 */
async function refundFailedDelivery(db: Db, row: OutboxRow): Promise<boolean> {
  const { orderId, reason } = z
    .object({ orderId: z.string(), reason: z.string() })
    .parse(row.payload);
  try {
    await refundOrder(db, {
      workspaceId: row.workspaceId,
      orderId,
      actor: { type: "system" },
      reason: `delivery.${reason}`,
    });
    await finish(db, row.id, "sent", {});
    return true;
  } catch (err) {
    if (err instanceof ApiError) {
      await db.transaction(async (tx) => {
        await finish(tx, row.id, "failed", { error: err.message });
        await recordJournal(tx, {
          workspaceId: row.workspaceId,
          actor: { type: "system" },
          kind: "refund.failed",
          botId: row.botId,
          contactId: row.contactId,
          orderId,
          data: { reason: `delivery.${reason}`, error: err.message },
        });
      });
      return true;
    }
    return retryLater(db, row, (err as Error).message);
  }
}

/** An alert email (lib/alerts/email.ts): a final refusal fails the row, the rest back off. */
async function sendEmailRow(db: Db, row: OutboxRow): Promise<boolean> {
  const sent = await sendEmail(emailPayloadSchema.parse(row.payload));
  if (sent.ok) {
    await finish(db, row.id, "sent", { result: { messageId: sent.messageId } });
    return true;
  }
  if (sent.final) {
    await finish(db, row.id, "failed", { error: sent.error });
    return true;
  }
  return retryLater(db, row, sent.error);
}

/** An agent's attachment from the inbox; Telegram's refusals are handled as for any send. */
async function sendAgentFile(
  db: Db,
  row: OutboxRow,
  limits: SendLimits,
  api: (token: string) => Api,
): Promise<boolean> {
  try {
    const outcome = await sendAgentFileRow(db, row, limits, () => botApi(db, row.botId!, api));
    if (outcome.status === "later")
      return postpone(
        db,
        row.id,
        outcome.seconds,
        `send limit: a token in ${outcome.seconds.toFixed(2)} s`,
      );
    if (outcome.status !== "sent") await finish(db, row.id, outcome.status, outcome);
    return true;
  } catch (err) {
    const send = { row, call: { method: "sendDocument", params: {} } };
    return refused(db, send, { token: "", workspaceId: row.workspaceId }, err);
  }
}

async function botApi(db: Db, botId: string, api: (token: string) => Api): Promise<Api> {
  const [bot] = await db
    .select({ token: bots.tokenEncrypted })
    .from(bots)
    .where(eq(bots.id, botId));
  if (!bot) throw new Error("the bot was deleted");
  return api(decryptSecret(bot.token));
}

/** A timer or http answer goes back into the interpreter with the row's completion, atomically. */
async function resume(db: Db, row: OutboxRow, event: RuntimeEvent): Promise<boolean> {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: outbox.status })
      .from(outbox)
      .where(eq(outbox.id, row.id))
      .for("update");
    if (current?.status !== "pending") return;
    await finish(tx, row.id, "sent", {});
    if (!row.contactId || !row.botId) return;
    await resumeContact(
      tx,
      { botId: row.botId, contactId: row.contactId },
      event,
      `outbox:${row.id}`,
    );
  });
  wakeSender();
  return true;
}

async function finish(
  db: Pick<Db, "update">,
  id: number,
  status: "sent" | "failed" | "cancelled",
  { result, error }: { result?: unknown; error?: string },
) {
  const [done] = await db
    .update(outbox)
    .set({ status, result: result ?? null, lastError: error ?? null, doneAt: new Date() })
    .where(eq(outbox.id, id))
    .returning({ kind: outbox.kind });
  if (done && status === "failed") metrics().jobFailures.inc({ kind: done.kind, result: "failed" });
}

/**
 * Marks rows done and records the messages they sent in the contacts' conversations
 * (lib/inbox/record.ts), all in one statement.
 */
async function finishAll(db: Db, rows: Finished[]): Promise<void> {
  if (!rows.length) return;
  await db.execute(sql`
    with done as (
      update outbox set status = v.status::outbox_status, result = v.result::jsonb,
                        last_error = v.error, done_at = clock_timestamp()
      from (values ${sql.join(
        rows.map(
          (r) =>
            sql`(${r.id}::bigint, ${r.status}::text, ${r.result === undefined ? null : JSON.stringify(r.result)}::text, ${r.error ?? null}::text)`,
        ),
        sql`, `,
      )}) as v(id, status, result, error)
      where outbox.id = v.id
      returning outbox.id, outbox.workspace_id, outbox.contact_id, outbox.kind, outbox.payload,
                outbox.result, outbox.status, outbox.cause)
    ${recordSentMessagesSql()}`);
}

/*
 * The in-process loop. The queue is the guarantee, the wake-up is the speed: a webhook that
 * queued rows calls wakeSender() after its commit, so replies leave within milliseconds; without
 * wake-ups the loop still polls (timers come due, other processes' rows, retries).
 */
const g = globalThis as unknown as {
  __botshopSender?: { wake: () => void; stop: () => Promise<void> };
};

export function wakeSender(): void {
  g.__botshopSender?.wake();
}

export function startSender(
  db: Db,
  options: DrainOptions & { pollMs?: number } = {},
): () => Promise<void> {
  if (g.__botshopSender) return g.__botshopSender.stop;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let pending = false;
  const wake = () => {
    pending = true;
    wakeUp?.();
  };
  const loop = (async () => {
    while (!stopped) {
      pending = false;
      try {
        await drainOutbox(db, options);
      } catch (err) {
        logger.error({ err }, "outbox drain failed");
      }
      if (stopped) break;
      if (pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 500);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  const stop = async () => {
    stopped = true;
    wakeUp?.();
    await loop;
    g.__botshopSender = undefined;
  };
  g.__botshopSender = { wake, stop };
  return stop;
}
