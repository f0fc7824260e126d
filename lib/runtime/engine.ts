import "server-only";
import { createHash } from "node:crypto";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import {
  bots,
  contacts,
  flows,
  flowVersions,
  inboundEvents,
  outbox,
  sessions,
  workspaces,
} from "@/lib/db/schema";
import { parseFlowDocument } from "@/lib/flow/document";
import { recordFlowHits } from "@/lib/analytics/flow-hits";
import { recordJournal } from "@/lib/journal/record";
import { expireOrder } from "@/lib/payments/orders/expire";
import { openHandoff } from "@/lib/inbox/handoff";
import { catalogProducts } from "./catalog-products";
import { step } from "./step";
import type {
  ContactView,
  Effect,
  FlowRef,
  RuntimeEvent,
  SessionState,
  StepInput,
  Waiting,
} from "./types";

/**
 * The interpreter's I/O around the pure step (DESIGN.md, "Runtime semantics"): record the event
 * once, lock the contact's session, run the step, and commit the new session with every effect
 * as an outbox row, all in one transaction. Nothing here talks to Telegram: the sender does,
 * after the commit.
 */

export interface RuntimeBot {
  id: string;
  workspaceId: string;
  username: string;
  /** The bot's support settings as stored, when the caller read them (lib/inbox/settings.ts). */
  support?: unknown;
  /** The workspace's time zone, for contacts without their own. */
  timeZone?: string;
}

export type ContactRow = typeof contacts.$inferSelect;

export interface EventOutcome {
  /** The event was already recorded: nothing was done. */
  duplicate: boolean;
  /** Outbox rows written (the sender may be woken for them). */
  queued: number;
  visited: string[];
}

/**
 * Records (source, externalId) in inbound_event; false when it was there already. Must run in
 * the transaction that processes the event, so a crash before commit leaves it unrecorded.
 */
export async function recordInbound(tx: Tx, source: string, externalId: string): Promise<boolean> {
  const inserted = await tx
    .insert(inboundEvents)
    .values({ source, externalId })
    .onConflictDoNothing()
    .returning({ source: inboundEvents.source });
  return inserted.length > 0;
}

/** Runs one event for one contact inside the caller's transaction. */
export async function runEvent(
  tx: Tx,
  input: {
    bot: RuntimeBot;
    contact: ContactRow;
    event: RuntimeEvent;
    /** Unique per event: the outbox idempotency keys derive from it. */
    eventKey: string;
    /** Stamped on the outbox rows ("event:<id>"), to ask later what became of them. */
    cause?: string;
    now?: number;
    random?: (key: string) => number;
  },
): Promise<{ queued: number; visited: string[] }> {
  const { bot, contact, event } = input;
  // The lock that serialises one chat's events; other chats' rows are not touched. One
  // statement creates the row on first contact or locks it (ON CONFLICT DO UPDATE locks the row
  // like FOR UPDATE, waits for a concurrent holder and returns the row as it committed), and
  // also says which versions of the bot's flows are the newest (a round trip less per event).
  const [locked] = await tx
    .insert(sessions)
    .values({ contactId: contact.id, workspaceId: bot.workspaceId, botId: bot.id })
    .onConflictDoUpdate({ target: sessions.contactId, set: { updatedAt: sql`session.updated_at` } })
    .returning({ ...getTableColumns(sessions), newest: newestVersions(bot.id) });
  if (!locked) throw new Error(`session row for contact ${contact.id} vanished`);
  const { newest, ...row } = locked;
  const session: SessionState = {
    flowVersionId: row.flowVersionId,
    nodeId: row.nodeId,
    waitingFor: (row.waitingFor as Waiting | null) ?? null,
    variables: row.variables,
    step: row.step,
  };

  const published = await publishedFlows(tx, newest);
  const pinned =
    session.flowVersionId && !published.some((f) => f.versionId === session.flowVersionId)
      ? await flowVersion(tx, session.flowVersionId)
      : undefined;

  const stepInput: StepInput = {
    event,
    session,
    flows: published,
    pinned,
    contact: contactView(contact, bot.timeZone),
    bot: { id: bot.id, username: bot.username },
    now: input.now ?? Date.now(),
    random: input.random ?? ((nodeId) => stableFraction(`${contact.id}:${nodeId}`)),
  };
  let result = step(stepInput);
  // Products are read only for an event whose run shows a catalog, not for every update.
  if (result.needs === "products")
    result = step({ ...stepInput, products: await catalogProducts(tx, bot.workspaceId) });

  // The writes are independent of one another: issued together, PostgreSQL gets them in one
  // go over the transaction's connection (postgres.js pipelines), not one round trip each.
  const [queued] = await Promise.all([
    commitEffects(tx, {
      bot,
      contact,
      effects: result.effects,
      eventKey: input.eventKey,
      cause: input.cause,
      flowVersionId: result.session.flowVersionId,
    }),
    result.session !== session &&
      tx
        .update(sessions)
        .set({
          flowVersionId: result.session.flowVersionId,
          nodeId: result.session.nodeId,
          waitingFor: result.session.waitingFor,
          variables: result.session.variables,
          step: result.session.step,
          updatedAt: new Date(),
        })
        .where(eq(sessions.contactId, contact.id))
        .execute(),
    // The contact exactly as the interpreter left it: the nodes applied each change in order.
    result.effects.some((e) => e.kind === "contact") &&
      tx
        .update(contacts)
        .set({
          tags: result.contact.tags,
          fields: result.contact.fields,
          phone: result.contact.phone,
          updatedAt: new Date(),
        })
        .where(eq(contacts.id, contact.id))
        .execute(),
    // The funnel: which nodes this contact reached and which edges it took (one statement).
    result.hits.length > 0 && recordFlowHits(tx, contact.id, result.hits),
  ]);
  return { queued, visited: result.visited };
}

async function commitEffects(
  tx: Tx,
  input: {
    bot: RuntimeBot;
    contact: ContactRow;
    effects: Effect[];
    eventKey: string;
    cause?: string;
    flowVersionId: string | null;
  },
): Promise<number> {
  const { bot, contact } = input;
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const [i, effect] of input.effects.entries()) {
    const idempotencyKey = `${input.eventKey}#${i}`;
    const base = {
      workspaceId: bot.workspaceId,
      botId: bot.id,
      contactId: contact.id,
      idempotencyKey,
      cause: input.cause ?? null,
    };
    switch (effect.kind) {
      case "telegram":
        rows.push({
          ...base,
          kind: "telegram",
          chatId: effect.chatId,
          payload: { method: effect.call.method, params: effect.call.params },
          // Order within the event: the sender takes a chat's rows by id.
          priority: 0,
        });
        break;
      case "timer":
        rows.push({
          ...base,
          kind: "timer",
          payload: { nodeId: effect.nodeId, since: effect.since },
          notBefore: new Date(effect.due),
        });
        break;
      case "http":
        rows.push({
          ...base,
          kind: "http",
          payload: { nodeId: effect.nodeId, since: effect.since, request: effect.request },
        });
        break;
      case "payment": {
        const { kind: _, ...offer } = effect;
        rows.push({
          ...base,
          kind: "payment",
          // In the chat's order: the invoice comes after the messages before it.
          chatId: contact.channelUserId,
          payload: { ...offer, flowVersionId: input.flowVersionId },
        });
        break;
      }
      case "deliver": {
        const { kind: _, ...request } = effect;
        rows.push({
          ...base,
          kind: "deliver",
          // In the chat's order: the goods come after the messages before them.
          chatId: contact.channelUserId,
          payload: request,
        });
        break;
      }
      case "handoff": {
        // In the chat's order: the buyer's notice comes after the messages before it.
        const opened = await openHandoff(tx, {
          bot,
          contact,
          source: "node",
          text: effect.text,
          note: effect.note,
          eventKey: idempotencyKey,
        });
        rows.push(...opened.rows);
        break;
      }
      case "order_expire":
        await expireOrder(tx, effect.orderKey);
        break;
      case "contact":
        // Stored once, after the loop, from the step's result.
        break;
      case "journal":
        await recordJournal(tx, {
          workspaceId: bot.workspaceId,
          actor: { type: "system" },
          kind: effect.type,
          botId: bot.id,
          contactId: contact.id,
          data: effect.data,
        });
        break;
    }
  }
  if (rows.length) await tx.insert(outbox).values(rows).onConflictDoNothing();
  return rows.length;
}

/** The newest published version of each of the bot's flows, oldest flow first: ids only. */
function newestVersions(botId: string) {
  return sql<{ flowId: string; versionId: string }[]>`(
    select coalesce(json_agg(json_build_object('flowId', v.flow_id, 'versionId', v.id)
                             order by v.created_at, v.flow_id), '[]'::json)
    from (
      select distinct on (fv.flow_id) fv.flow_id, fv.id, f.created_at
      from ${flowVersions} fv join ${flows} f on f.id = fv.flow_id
      where f.bot_id = ${botId}
      order by fv.flow_id, fv.n desc
    ) v)`;
}

/** The published documents of the newest versions, parsed once per process (versionCache). */
async function publishedFlows(
  tx: Tx,
  newest: { flowId: string; versionId: string }[],
): Promise<FlowRef[]> {
  const missing = newest.filter((r) => !versionCache.has(r.versionId)).map((r) => r.versionId);
  if (missing.length) await loadVersions(tx, missing);
  return newest.flatMap((r) => {
    const cached = versionCache.get(r.versionId);
    return cached ? [cached] : [];
  });
}

/**
 * The bot's newest published flows, outside an event (the built-in /purchases asks whether a
 * flow has a trigger of its own).
 */
export async function botPublishedFlows(tx: Tx, botId: string): Promise<FlowRef[]> {
  const [row] = await tx.select({ newest: newestVersions(botId) }).from(sql`(select 1) as one`);
  return publishedFlows(tx, row?.newest ?? []);
}

async function flowVersion(tx: Tx, id: string): Promise<FlowRef | undefined> {
  if (!versionCache.has(id)) await loadVersions(tx, [id]);
  return versionCache.get(id);
}

/*
 * Published versions never change, so each process parses a version's document once and keeps
 * it (a bounded map, oldest entries dropped first). Every update then reads only which versions
 * are the newest: ids, not documents.
 */
const versionCacheSize = 500;
const versionCache = new Map<string, FlowRef>();

async function loadVersions(tx: Tx, ids: string[]): Promise<void> {
  const rows = await tx
    .select({ id: flowVersions.id, flowId: flowVersions.flowId, document: flowVersions.document })
    .from(flowVersions)
    .where(inArray(flowVersions.id, ids));
  for (const row of rows) {
    const parsed = parseFlowDocument(row.document);
    if (!parsed.ok) continue;
    versionCache.set(row.id, { flowId: row.flowId, versionId: row.id, document: parsed.document });
    if (versionCache.size > versionCacheSize)
      versionCache.delete(versionCache.keys().next().value!);
  }
}

/** A number in [0, 1) fixed by the key: the same contact always takes the same split branch. */
export function stableFraction(key: string): number {
  const digest = createHash("sha256").update(key).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** A contact row as the interpreter and templates see it. */
export function contactView(c: ContactRow, workspaceTimeZone = "UTC"): ContactView {
  return {
    timeZone: c.timeZone ?? workspaceTimeZone,
    id: c.id,
    chatId: c.channelUserId,
    firstName: c.firstName,
    lastName: c.lastName,
    username: c.username,
    languageCode: c.languageCode,
    phone: c.phone,
    externalId: c.externalId,
    tags: c.tags,
    fields: c.fields,
  };
}

/** A Telegram user as a contact: created on first contact, the profile refreshed on each. */
export async function upsertContact(
  tx: Tx,
  bot: RuntimeBot,
  user: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
    language_code?: string;
  },
  startPayload?: string,
): Promise<{ contact: ContactRow; created: boolean }> {
  const [row] = await tx
    .insert(contacts)
    .values({
      workspaceId: bot.workspaceId,
      botId: bot.id,
      channelUserId: String(user.id),
      firstName: user.first_name,
      lastName: user.last_name ?? null,
      username: user.username ?? null,
      languageCode: user.language_code ?? null,
      startPayload: startPayload || null,
    })
    .onConflictDoUpdate({
      target: [contacts.botId, contacts.channelUserId],
      set: {
        firstName: user.first_name,
        lastName: user.last_name ?? null,
        username: user.username ?? null,
        languageCode: user.language_code ?? null,
        // The first deep link that brought them is the one attribution keeps.
        startPayload: sql`coalesce(${contacts.startPayload}, excluded.start_payload)`,
        updatedAt: new Date(),
      },
    })
    .returning({ ...getTableColumns(contacts), created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("upsertContact returned no row");
  const { created, ...contact } = row;
  return { contact, created };
}

/** Telegram told us whether the person blocked the bot (my_chat_member). */
export async function setContactBlocked(
  tx: Tx,
  bot: RuntimeBot,
  userId: number,
  blocked: boolean,
): Promise<void> {
  const changed = await tx
    .update(contacts)
    .set({ blocked, updatedAt: new Date() })
    .where(
      and(
        eq(contacts.botId, bot.id),
        eq(contacts.channelUserId, String(userId)),
        eq(contacts.blocked, !blocked),
      ),
    )
    .returning({ id: contacts.id });
  for (const c of changed)
    await recordJournal(tx, {
      workspaceId: bot.workspaceId,
      actor: { type: "contact", id: c.id },
      kind: blocked ? "contact.blocked_bot" : "contact.unblocked_bot",
      botId: bot.id,
      contactId: c.id,
    });
}

/**
 * Feeds an event to a contact's session from outside a chat update (a timer, an http answer, a
 * payment or delivery outcome), in the caller's transaction. Nothing happens when the bot or the
 * contact was deleted. Returns how many outbox rows the flow queued.
 */
export async function resumeContact(
  tx: Tx,
  ids: { botId: string; contactId: string },
  event: RuntimeEvent,
  eventKey: string,
  options: { cause?: string } = {},
): Promise<number> {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, ids.contactId));
  const [bot] = await tx
    .select({
      id: bots.id,
      workspaceId: bots.workspaceId,
      me: bots.telegramMe,
      timeZone: workspaces.timeZone,
    })
    .from(bots)
    .innerJoin(workspaces, eq(workspaces.id, bots.workspaceId))
    .where(eq(bots.id, ids.botId));
  if (!contact || !bot) return 0;
  const runtimeBot: RuntimeBot = {
    id: bot.id,
    workspaceId: bot.workspaceId,
    username: bot.me?.username ?? "",
    timeZone: bot.timeZone,
  };
  const { queued } = await runEvent(tx, {
    bot: runtimeBot,
    contact,
    event,
    eventKey,
    cause: options.cause,
  });
  return queued;
}
