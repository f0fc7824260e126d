import "server-only";
import type { ProviderAccount } from "./providers/accounts";
import type { PaymentAdapter } from "./types";
import { yookassaAdapter } from "./yookassa";

export type ExternalAccount = ProviderAccount<"stripe"> | ProviderAccount<"yookassa">;

/**
 * The adapter that talks to an external provider with a workspace's stored keys. Null while a
 * provider has no adapter in this build (Stripe's lands in lib/payments/stripe.ts).
 */
export function adapterFor(account: ExternalAccount): PaymentAdapter | null {
  switch (account.kind) {
    case "yookassa":
      return yookassaAdapter({
        shopId: account.settings.shopId,
        secretKey: account.secrets.secretKey,
      });
    case "stripe":
      return null;
  }
}
