import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { paymentProviders } from "@/lib/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { ApiError, notFound } from "@/lib/api/errors";
import { recordJournal, type Actor } from "@/lib/journal/record";
import type { ProviderInput } from "@/lib/api/contracts/payments";
import { modeOfKey, type PaymentMode, type ProviderKind } from "./keys";

/** What each provider keeps encrypted (one JSON object in secrets_encrypted). */
export interface ProviderSecrets {
  stripe: { secretKey: string; webhookSecret?: string };
  yookassa: { secretKey: string };
  telegram: { providerToken: string };
}

/** What each provider keeps in the clear (settings). */
export interface ProviderSettings {
  stripe: Record<string, never>;
  yookassa: { shopId: string; enforceIpRanges: boolean };
  telegram: Record<string, never>;
}

/**
 * A provider account for the server's payment code, secrets decrypted. Never sent out.
 * Distributes over K, so ProviderAccount<"stripe" | "yookassa"> narrows by `kind`.
 */
export type ProviderAccount<K extends ProviderKind = ProviderKind> = K extends ProviderKind
  ? {
      id: string;
      workspaceId: string;
      kind: K;
      mode: PaymentMode;
      secrets: ProviderSecrets[K];
      settings: ProviderSettings[K];
      createdAt: Date;
      updatedAt: Date;
    }
  : never;

type Row = typeof paymentProviders.$inferSelect;

/** The secret that decides the mode, per provider. */
const modeKey = {
  stripe: "secretKey",
  yookassa: "secretKey",
  telegram: "providerToken",
} as const satisfies { [K in ProviderKind]: keyof ProviderSecrets[K] };

function decryptRow<K extends ProviderKind>(row: Row & { kind: K }): ProviderAccount<K> {
  // Written only by saveProvider, from the schema-checked secrets of the same kind; TypeScript
  // cannot tie a generic K to the distributive result, hence the cast.
  const secrets = JSON.parse(decryptSecret(row.secretsEncrypted)) as ProviderSecrets[K];
  const account = {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    mode: row.mode,
    secrets,
    settings: settingsOf(row.kind, row.settings) as ProviderSettings[K],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  return account as ProviderAccount<K>;
}

function settingsOf(kind: ProviderKind, raw: Record<string, unknown>) {
  if (kind !== "yookassa") return {};
  return {
    shopId: typeof raw.shopId === "string" ? raw.shopId : "",
    enforceIpRanges: raw.enforceIpRanges === true,
  };
}

/** The workspace's account with a provider, or null when it has none. */
export async function providerAccount<K extends ProviderKind>(
  db: Executor,
  workspaceId: string,
  kind: K,
): Promise<ProviderAccount<K> | null> {
  const [row] = await db
    .select()
    .from(paymentProviders)
    .where(and(eq(paymentProviders.workspaceId, workspaceId), eq(paymentProviders.kind, kind)));
  return row ? decryptRow({ ...row, kind }) : null;
}

/**
 * An account by its id, for the provider webhooks (/api/payments/<kind>/{providerId}): the id
 * in the URL picks the keys that verify the event. Null when there is no such account of that
 * kind (deleted, or a made-up id).
 */
export async function providerAccountById<K extends ProviderKind>(
  db: Executor,
  id: string,
  kind: K,
): Promise<ProviderAccount<K> | null> {
  const [row] = await db
    .select()
    .from(paymentProviders)
    .where(and(eq(paymentProviders.id, id), eq(paymentProviders.kind, kind)));
  return row ? decryptRow({ ...row, kind }) : null;
}

/** Rows as stored, for the DTO (which decrypts only to describe the secrets). */
export async function listProviderRows(db: Executor, workspaceId: string): Promise<Row[]> {
  return db
    .select()
    .from(paymentProviders)
    .where(eq(paymentProviders.workspaceId, workspaceId))
    .orderBy(asc(paymentProviders.createdAt));
}

function refuse(path: string, message: string): never {
  throw new ApiError("unprocessable_entity", message, { details: [{ path, message }] });
}

/** Merges the new input over what is stored; the secret a field left out keeps its value. */
function merge<K extends ProviderKind>(
  kind: K,
  input: ProviderInput[K],
  previous: ProviderAccount<K> | null,
): { secrets: ProviderSecrets[K]; settings: ProviderSettings[K]; replaced: string[] } {
  const stored: Record<string, unknown> = { ...previous?.secrets };
  const replaced: string[] = [];
  for (const name of ["secretKey", "webhookSecret", "providerToken"] as const) {
    const value = name in input ? (input as Record<string, string | undefined>)[name] : undefined;
    if (value !== undefined) {
      stored[name] = value;
      replaced.push(name);
    }
  }
  const required = modeKey[kind];
  if (typeof stored[required] !== "string") {
    refuse(required, kind === "telegram" ? "Paste the provider token" : "Paste the secret key");
  }
  let settings: Record<string, unknown> = {};
  if (kind === "yookassa") {
    const y = input as ProviderInput["yookassa"];
    const before = previous?.settings as ProviderSettings["yookassa"] | undefined;
    const shopId = y.shopId ?? before?.shopId;
    if (!shopId) refuse("shopId", "Enter the shop id");
    settings = { shopId, enforceIpRanges: y.enforceIpRanges ?? before?.enforceIpRanges ?? false };
  }
  // The shapes follow from the per-kind input schema and the checks above.
  return {
    secrets: stored as unknown as ProviderSecrets[K],
    settings: settings as ProviderSettings[K],
    replaced,
  };
}

const modeWords = { test: "a test", live: "a live" } as const;

/**
 * Creates the workspace's account with a provider, or replaces its keys and settings. The mode
 * comes from the key (Stripe sk_test_/sk_live_, YooKassa test_/live_, Telegram :TEST:/:LIVE:);
 * an explicit `mode` that contradicts it is refused rather than silently taking real money in
 * what the owner believes is a test. Journals `payment_provider.saved`, never a secret.
 */
export async function saveProvider<K extends ProviderKind>(
  db: Db,
  input: { workspaceId: string; kind: K; values: ProviderInput[K]; actor: Actor },
): Promise<{ row: Row; created: boolean }> {
  const { workspaceId, kind, values, actor } = input;
  return db.transaction(async (tx) => {
    // Lock the existing row: two saves at once must not interleave their merges.
    const [existing] = await tx
      .select()
      .from(paymentProviders)
      .where(and(eq(paymentProviders.workspaceId, workspaceId), eq(paymentProviders.kind, kind)))
      .for("update");
    let previous: ProviderAccount<K> | null = null;
    if (existing) {
      try {
        previous = decryptRow({ ...existing, kind });
      } catch {
        // Unreadable (APP_SECRET changed): treat as new, so every secret must be pasted again.
        previous = null;
      }
    }
    const { secrets, settings, replaced } = merge(kind, values, previous);
    const keyField = modeKey[kind];
    const key = (secrets as Record<string, string>)[keyField] ?? "";
    const mode = modeOfKey(kind, key);
    if (!mode) refuse(keyField, "This key does not look like one of this provider's keys");
    if (values.mode && values.mode !== mode) {
      refuse(
        keyField,
        `This is ${modeWords[mode]} key, but ${values.mode} mode was chosen. Use the provider's ${values.mode} keys, or switch to ${mode} mode.`,
      );
    }

    const stored = {
      mode,
      secretsEncrypted: encryptSecret(JSON.stringify(secrets)),
      settings,
      updatedAt: sql`now()`,
    };
    const [row] = existing
      ? await tx
          .update(paymentProviders)
          .set(stored)
          .where(eq(paymentProviders.id, existing.id))
          .returning()
      : await tx
          .insert(paymentProviders)
          .values({ workspaceId, kind, ...stored })
          .onConflictDoNothing()
          .returning();
    if (!row) throw new ApiError("conflict", "The provider was configured at the same moment");
    await recordJournal(tx, {
      workspaceId,
      actor,
      kind: "payment_provider.saved",
      subjectId: row.id,
      data: {
        provider: kind,
        mode,
        created: !existing,
        ...(existing && existing.mode !== mode ? { previousMode: existing.mode } : {}),
        replaced,
        ...settings,
      },
    });
    return { row, created: !existing };
  });
}

/** Removes the account and its keys. Orders keep their history (provider_account_id → null). */
export async function deleteProvider(
  db: Db,
  input: { workspaceId: string; kind: ProviderKind; actor: Actor },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(paymentProviders)
      .where(
        and(
          eq(paymentProviders.workspaceId, input.workspaceId),
          eq(paymentProviders.kind, input.kind),
        ),
      )
      .returning({ id: paymentProviders.id, mode: paymentProviders.mode });
    if (!row) throw notFound("Payment provider");
    await recordJournal(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      kind: "payment_provider.deleted",
      subjectId: row.id,
      data: { provider: input.kind, mode: row.mode },
    });
  });
}

export { decryptRow as providerAccountOfRow };
