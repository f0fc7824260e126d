import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import {
  paymentModes,
  providerKinds,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  TELEGRAM_PROVIDER_TOKEN,
  YOOKASSA_SECRET_KEY,
  YOOKASSA_SHOP_ID,
} from "@/lib/payments/providers/keys";
import { timestamp } from "./common";

export const providerKindSchema = z.enum(providerKinds);
export const paymentModeSchema = z.enum(paymentModes);
export const providerKindParams = z.object({ kind: providerKindSchema });

const secretState = z.object({
  set: z.boolean(),
  hint: z
    .string()
    .nullable()
    .describe("The key's prefix and at most its last four characters, e.g. sk_test_…4242"),
});

export const paymentProviderSchema = z
  .object({
    id: z.uuid(),
    kind: providerKindSchema,
    mode: paymentModeSchema.describe("Follows the keys: sk_test_/test_/…:TEST:… keys are test"),
    secrets: z
      .object({
        secretKey: secretState.optional(),
        webhookSecret: secretState.optional(),
        providerToken: secretState.optional(),
      })
      .describe("Which secrets are stored; never their values"),
    readable: z
      .boolean()
      .describe(
        "False when the stored secrets cannot be decrypted (APP_SECRET changed): paste them again",
      ),
    shopId: z.string().nullable().describe("YooKassa shop id"),
    enforceIpRanges: z
      .boolean()
      .describe("YooKassa: accept notifications only from YooKassa's published IP ranges"),
    webhookUrl: z
      .string()
      .nullable()
      .describe("The URL to paste into the provider's dashboard; null for Telegram Payments"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "PaymentProvider" });

const mode = paymentModeSchema
  .optional()
  .describe("Optional: the mode you expect; a key of the other mode is refused");

export const stripeProviderInput = z.strictObject({
  mode,
  secretKey: z
    .string()
    .trim()
    .regex(STRIPE_SECRET_KEY, "A Stripe secret key starts with sk_test_ or sk_live_")
    .optional()
    .describe("Required the first time; omit to keep the stored one"),
  webhookSecret: z
    .string()
    .trim()
    .regex(STRIPE_WEBHOOK_SECRET, "A Stripe webhook signing secret starts with whsec_")
    .optional()
    .describe("The endpoint's signing secret (whsec_…); omit to keep the stored one"),
});

export const yookassaProviderInput = z.strictObject({
  mode,
  shopId: z
    .string()
    .trim()
    .regex(YOOKASSA_SHOP_ID, "The shop id is a number (shopId in YooKassa's settings)")
    .optional(),
  secretKey: z
    .string()
    .trim()
    .regex(YOOKASSA_SECRET_KEY, "A YooKassa secret key starts with test_ or live_")
    .optional()
    .describe("Required the first time; omit to keep the stored one"),
  enforceIpRanges: z.boolean().optional(),
});

export const telegramProviderInput = z.strictObject({
  mode,
  providerToken: z
    .string()
    .trim()
    .regex(
      TELEGRAM_PROVIDER_TOKEN,
      "A payment provider token from @BotFather looks like 123456789:TEST:…",
    )
    .optional(),
});

export const providerInputs = {
  stripe: stripeProviderInput,
  yookassa: yookassaProviderInput,
  telegram: telegramProviderInput,
} as const;

export type ProviderInput = {
  [K in keyof typeof providerInputs]: z.infer<(typeof providerInputs)[K]>;
};

// Which fields apply depends on {kind}: the handler checks the body again against that
// provider's schema (providerInputs), so a YooKassa field sent to Stripe is a 422.
export const savePaymentProviderInput = stripeProviderInput
  .extend(yookassaProviderInput.shape)
  .extend(telegramProviderInput.shape)
  .extend({
    secretKey: z
      .string()
      .trim()
      .optional()
      .describe("Stripe: sk_test_…/sk_live_…; YooKassa: test_…/live_…"),
  });

export const listPaymentProviders = defineOperation({
  id: "listPaymentProviders",
  method: "GET",
  path: "/api/v1/payment-providers",
  tag: "Payments",
  summary: "List the workspace's payment providers",
  description: "Secrets are never returned: only whether each is set, with a short hint.",
  auth: "workspace",
  permission: "workspace.manage",
  response: z.object({ data: z.array(paymentProviderSchema) }),
});

export const savePaymentProvider = defineOperation({
  id: "savePaymentProvider",
  method: "PUT",
  path: "/api/v1/payment-providers/{kind}",
  tag: "Payments",
  summary: "Configure a payment provider (create or replace)",
  description:
    "Stripe: `secretKey` (and later `webhookSecret`); YooKassa: `shopId`, `secretKey`, `enforceIpRanges`; Telegram Payments: `providerToken` from @BotFather. Secrets are stored encrypted; a secret left out keeps the stored one. The mode follows the key (sk_test_/test_/:TEST: keys are test mode); a `mode` that contradicts the key is a 422.",
  auth: "workspace",
  permission: "workspace.manage",
  params: providerKindParams,
  body: savePaymentProviderInput,
  response: z.object({ provider: paymentProviderSchema, created: z.boolean() }),
});

export const deletePaymentProvider = defineOperation({
  id: "deletePaymentProvider",
  method: "DELETE",
  path: "/api/v1/payment-providers/{kind}",
  tag: "Payments",
  summary: "Remove a payment provider and its keys",
  description:
    "Orders made through it stay; payments still open with it can no longer be confirmed.",
  auth: "workspace",
  permission: "workspace.manage",
  params: providerKindParams,
  status: 204,
});

export const connectionTestSchema = z
  .object({
    ok: z.boolean(),
    account: z
      .string()
      .nullable()
      .describe("Who the provider says the keys belong to, when it worked"),
    message: z.string().nullable().describe("Why it failed, in the provider's words"),
    checked: z
      .enum(["provider", "format"])
      .describe(
        "provider: an authenticated call was made; format: only the key's form was checked",
      ),
    mode: paymentModeSchema,
  })
  .meta({ id: "ConnectionTest" });

export const testPaymentProvider = defineOperation({
  id: "testPaymentProvider",
  method: "POST",
  path: "/api/v1/payment-providers/{kind}/test",
  tag: "Payments",
  summary: "Test the stored keys",
  description:
    "Makes a cheap authenticated call to Stripe or YooKassa with the stored keys. Telegram has no such call for a provider token: its form is checked, and the first invoice proves it.",
  auth: "workspace",
  permission: "workspace.manage",
  params: providerKindParams,
  response: z.object({ result: connectionTestSchema }),
});
