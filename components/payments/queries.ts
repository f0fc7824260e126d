import type { z } from "zod";
import { api } from "@/components/api/request";
import {
  listPaymentProviders,
  savePaymentProvider,
  testPaymentProvider,
  type connectionTestSchema,
  type paymentProviderSchema,
} from "@/lib/api/contracts/payments";
import type { ProviderKind } from "@/lib/payments/providers/keys";

export type PaymentProviderDto = z.infer<typeof paymentProviderSchema>;
export type ConnectionTestDto = z.infer<typeof connectionTestSchema>;

export const providersKey = ["payment-providers"] as const;

export const providersQuery = {
  queryKey: providersKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ data: PaymentProviderDto[] }>(listPaymentProviders.path, undefined, signal)
      .then((r) => r.data),
};

export const providerPath = (kind: ProviderKind) =>
  savePaymentProvider.path.replace("{kind}", kind);
export const providerTestPath = (kind: ProviderKind) =>
  testPaymentProvider.path.replace("{kind}", kind);
