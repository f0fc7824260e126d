import "server-only";
import type { ProviderAccount } from "./providers/accounts";
import type { PaymentAdapter } from "./types";
import { stripeAdapter } from "./stripe";
import { yookassaAdapter } from "./yookassa";

export type ExternalAccount = ProviderAccount<"stripe"> | ProviderAccount<"yookassa">;

/** The adapter that talks to an external provider with a workspace's stored keys. */
export function adapterFor(account: ExternalAccount): PaymentAdapter {
  switch (account.kind) {
    case "yookassa":
      return yookassaAdapter({
        shopId: account.settings.shopId,
        secretKey: account.secrets.secretKey,
      });
    case "stripe":
      return stripeAdapter({ secretKey: account.secrets.secretKey });
  }
}
