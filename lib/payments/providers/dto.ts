import "server-only";
import { iso } from "@/lib/api/contracts/common";
import { config } from "@/lib/config/env";
import type { paymentProviders } from "@/lib/db/schema";
import { providerAccountOfRow } from "./accounts";
import { secretHint, type ProviderKind } from "./keys";

type Row = typeof paymentProviders.$inferSelect;

/** The secrets each provider has, set or not, in the order the settings page shows them. */
const secretNames = {
  stripe: ["secretKey", "webhookSecret"],
  yookassa: ["secretKey"],
  telegram: ["providerToken"],
} as const satisfies Record<ProviderKind, readonly string[]>;

/**
 * Where the provider sends its events for this account. The routes live in
 * app/api/payments/<kind>/[providerId]; Telegram Payments arrive through the bot's own webhook.
 */
export function providerWebhookUrl(kind: ProviderKind, id: string): string | null {
  if (kind === "telegram") return null;
  return `${config().APP_URL}/api/payments/${kind}/${id}`;
}

/**
 * A provider for the API: which secrets are set, each with a hint of at most its last four
 * characters; never a secret itself. A row whose secrets no longer decrypt (APP_SECRET
 * changed) is shown as unreadable, so the owner knows to paste the keys again.
 */
export function toPaymentProviderDto(row: Row) {
  let values: Record<string, string | undefined> = {};
  let readable = true;
  try {
    values = { ...providerAccountOfRow(row).secrets };
  } catch {
    readable = false;
  }
  const secrets: Record<string, { set: boolean; hint: string | null }> = {};
  for (const name of secretNames[row.kind]) {
    const value = values[name];
    secrets[name] = { set: !!value, hint: value ? secretHint(value) : null };
  }
  const settings = row.settings;
  return {
    id: row.id,
    kind: row.kind,
    mode: row.mode,
    secrets,
    readable,
    shopId: typeof settings.shopId === "string" ? settings.shopId : null,
    enforceIpRanges: settings.enforceIpRanges === true,
    webhookUrl: providerWebhookUrl(row.kind, row.id),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
