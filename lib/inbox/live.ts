import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { databaseHandle } from "@/lib/db";

/**
 * Live inbox updates: whatever changes a conversation (a message in or out, a hand-off, an agent
 * taking or releasing it) NOTIFYs `botshop_inbox` in its transaction; every process LISTENs once
 * and passes each change to the browsers of that workspace (app/api/v1/inbox/stream). NOTIFY is
 * delivered on commit, so a browser never hears of a change that rolled back.
 */

export const inboxChannel = "botshop_inbox";

export interface InboxChange {
  workspaceId: string;
  conversationId: string;
}

/** Announces a change to a conversation, in the transaction that makes it. */
export async function notifyInbox(tx: Executor, change: InboxChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${inboxChannel}, ${encodeChange(change)})`);
}

/** The NOTIFY payload, as SQL builds it too (lib/inbox/record.ts). */
export function encodeChange(change: InboxChange): string {
  return JSON.stringify({ w: change.workspaceId, c: change.conversationId });
}

function decodeChange(payload: string): InboxChange | undefined {
  try {
    const parsed = JSON.parse(payload) as { w?: unknown; c?: unknown };
    if (typeof parsed.w === "string" && typeof parsed.c === "string")
      return { workspaceId: parsed.w, conversationId: parsed.c };
  } catch {
    // Not ours.
  }
  return undefined;
}

type Listener = (change: InboxChange) => void;

const g = globalThis as unknown as {
  __botshopInbox?: { listeners: Map<string, Set<Listener>>; ready: Promise<unknown> };
};

/** Calls `listener` for every committed change in the workspace until the returned function. */
export async function subscribeInbox(workspaceId: string, listener: Listener): Promise<() => void> {
  if (!g.__botshopInbox) {
    const listeners = new Map<string, Set<Listener>>();
    const ready = databaseHandle().then((handle) =>
      handle.listen(inboxChannel, (payload) => {
        const change = decodeChange(payload);
        if (!change) return;
        for (const l of listeners.get(change.workspaceId) ?? []) l(change);
      }),
    );
    g.__botshopInbox = { listeners, ready };
    ready.catch(() => {
      g.__botshopInbox = undefined;
    });
  }
  const hub = g.__botshopInbox;
  await hub.ready;
  let set = hub.listeners.get(workspaceId);
  if (!set) hub.listeners.set(workspaceId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) hub.listeners.delete(workspaceId);
  };
}

/** Tests open a new database per suite: the next subscription listens on it. */
export function resetInboxHubForTests(): void {
  g.__botshopInbox = undefined;
}
