import "server-only";
import type { Executor } from "@/lib/db";
import { notFound } from "@/lib/api/errors";
import { logger } from "@/lib/log";
import { adapterFor } from "../adapters";
import { providerAccount } from "./accounts";
import { TELEGRAM_PROVIDER_TOKEN, type PaymentMode, type ProviderKind } from "./keys";

export interface ConnectionTest {
  ok: boolean;
  account: string | null;
  message: string | null;
  /** provider: an authenticated call was made; format: only the key's form was checked. */
  checked: "provider" | "format";
  mode: PaymentMode;
}

/**
 * "Test connection" on the settings page: one cheap authenticated call to the provider with
 * the stored keys (the adapter's testConnection). Telegram offers no call that checks a
 * payment provider token without sending an invoice, so for it only the form is checked.
 */
export async function testProviderConnection(
  db: Executor,
  workspaceId: string,
  kind: ProviderKind,
): Promise<ConnectionTest> {
  if (kind === "telegram") {
    const account = await providerAccount(db, workspaceId, "telegram");
    if (!account) throw notFound("Payment provider");
    const ok = TELEGRAM_PROVIDER_TOKEN.test(account.secrets.providerToken);
    return {
      ok,
      account: null,
      message: ok ? null : "The stored token does not look like a payment provider token",
      checked: "format",
      mode: account.mode,
    };
  }
  const account = await providerAccount(db, workspaceId, kind);
  if (!account) throw notFound("Payment provider");
  const adapter = adapterFor(account);
  const base = { checked: "provider" as const, mode: account.mode };
  if (!adapter) {
    return {
      ...base,
      ok: false,
      account: null,
      message: "This build cannot call this provider yet",
    };
  }
  try {
    const result = await adapter.testConnection();
    return result.ok
      ? { ...base, ok: true, account: result.account, message: null }
      : { ...base, ok: false, account: null, message: result.message };
  } catch (err) {
    // An adapter answers refusals itself; anything thrown is unexpected, and its text may
    // carry request details, so the owner gets a plain sentence and the log gets the cause.
    logger.warn({ err, kind, workspaceId }, "payment provider connection test failed");
    return { ...base, ok: false, account: null, message: "The provider could not be reached" };
  }
}
