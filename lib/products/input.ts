import { z } from "zod";
import { currencyCodes, type CurrencyCode } from "@/lib/money/currency";
import type { products } from "@/lib/db/schema/commerce";
import { deliverySettingsSchema, methodsForKind } from "@/lib/delivery/settings";

/**
 * What a product is, as the API and the form accept it. Isomorphic: the product form in the
 * browser validates with the same fields and rules (lib/products is otherwise server-only).
 */

/** The `product_kind` enum, kept here so browser bundles need not import drizzle's schema. */
export const productKinds = [
  "file",
  "link",
  "license_key",
  "course",
  "channel",
  "subscription",
  "text",
] as const satisfies readonly ProductKindColumn[];
export type ProductKind = (typeof productKinds)[number];
type ProductKindColumn = (typeof products.$inferSelect)["kind"];
// Both directions: a kind added to the database enum but not here fails to compile.
const everyKindListed: ProductKindColumn extends ProductKind ? true : never = true;
void everyKindListed;

/** Telegram bills Stars subscriptions every 30 days and allows no other period. */
export const STARS_SUBSCRIPTION_DAYS = 30;

/** YooKassa's `vat_code`: 1 no VAT … 10; 11 and 12 are the 22% rates from 2026. */
export const vatCodes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export const productFields = {
  title: z.string().trim().min(1, "Name the product").max(200),
  description: z.string().trim().max(4000).describe("Shown to buyers; plain text"),
  imageUrl: z
    .url({ protocol: /^https$/, error: "An https:// address of an image" })
    .max(2048)
    .nullable()
    .describe("An https URL of a picture Telegram can fetch; null for none"),
  priceMinor: z
    .int()
    .min(0)
    .describe("In minor units of `currency` (kopecks, cents; whole stars for XTR)"),
  currency: z
    .enum(currencyCodes)
    .describe("XTR sells for Telegram Stars in the chat; any other through an external checkout"),
  kind: z.enum(productKinds),
  active: z.boolean().describe("Archived (false) products are not offered; their orders stay"),
  stock: z
    .int()
    .min(0)
    .max(1_000_000_000)
    .nullable()
    .describe("Units left to sell; null is unlimited"),
  periodDays: z
    .int()
    .min(1)
    .max(3660)
    .nullable()
    .describe("Days between charges; subscriptions only (Stars: exactly 30)"),
  fiscalReceipt: z.boolean().describe("YooKassa sends a 54-FZ receipt with each payment (RUB)"),
  vatCode: z
    .int()
    .min(1)
    .max(12)
    .describe("YooKassa vat_code for the receipt: 1 no VAT, 4 20%, 11 22% (from 2026), …"),
  delivery: z
    .strictObject(deliverySettingsSchema.shape)
    .describe(
      "How the goods reach the buyer; `method` must fit the kind (file: one_time_link, timed_link, chat_file; license_key: license_key; …)",
    ),
};

/**
 * A change to the delivery settings: the fields it names replace the stored ones, the rest stay
 * (without the defaults, `{ lowStockAt: 2 }` would wipe a product's secret).
 */
export const deliveryChangeInput = z
  .strictObject(
    Object.fromEntries(
      Object.entries(deliverySettingsSchema.shape).map(([key, field]) => [
        key,
        (field instanceof z.ZodDefault ? field.unwrap() : field).optional(),
      ]),
      // fromEntries loses the keys; the mapping above is exactly this type.
    ) as { [K in keyof DeliveryShape]: z.ZodOptional<Unwrapped<DeliveryShape[K]>> },
  )
  .describe("Any subset of the delivery settings; the fields not named keep their values");

type DeliveryShape = typeof deliverySettingsSchema.shape;
type Unwrapped<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/** The methods a kind allows, as the API's 400 says it. */
export function methodMismatch(kind: ProductKind, method: string | undefined): string | null {
  if (method === undefined || methodsForKind[kind].some((m) => m === method)) return null;
  return `The delivery method “${method}” does not fit a ${kind} product; use ${methodsForKind[kind].join(" or ")}`;
}

/** The rules between fields, each with an id the form translates (products.json `rules`). */
export type ProductRule =
  "starsMinimum" | "periodRequired" | "starsPeriod" | "periodOnlySubscriptions" | "receiptRub";

export interface ProductRuleIssue {
  path: keyof typeof productFields;
  rule: ProductRule;
  message: string;
}

export interface ProductRuleInput {
  priceMinor: number;
  currency: CurrencyCode;
  kind: ProductKind;
  periodDays: number | null;
  fiscalReceipt: boolean;
}

export function productRuleIssues(p: ProductRuleInput): ProductRuleIssue[] {
  const issues: ProductRuleIssue[] = [];
  const stars = p.currency === "XTR";
  if (stars && p.priceMinor < 1) {
    issues.push({
      path: "priceMinor",
      rule: "starsMinimum",
      message: "Telegram Stars prices start at 1 star",
    });
  }
  if (p.kind === "subscription") {
    if (p.periodDays === null) {
      issues.push({
        path: "periodDays",
        rule: "periodRequired",
        message: "A subscription needs a period in days",
      });
    } else if (stars && p.periodDays !== STARS_SUBSCRIPTION_DAYS) {
      issues.push({
        path: "periodDays",
        rule: "starsPeriod",
        message: `Telegram Stars subscriptions renew every ${STARS_SUBSCRIPTION_DAYS} days`,
      });
    }
  } else if (p.periodDays !== null) {
    issues.push({
      path: "periodDays",
      rule: "periodOnlySubscriptions",
      message: "Only subscriptions have a period",
    });
  }
  if (p.fiscalReceipt && p.currency !== "RUB") {
    issues.push({
      path: "fiscalReceipt",
      rule: "receiptRub",
      message: "54-FZ receipts are sent for payments in rubles (YooKassa)",
    });
  }
  return issues;
}

/** Adds the rule issues to a zod parse, with the rule id in `params` for translation. */
export function checkProductRules(
  p: ProductRuleInput,
  ctx: { addIssue: (issue: z.core.$ZodRawIssue) => void },
  pathPrefix: PropertyKey[] = [],
): void {
  for (const issue of productRuleIssues(p)) {
    ctx.addIssue({
      code: "custom",
      path: [...pathPrefix, issue.path],
      message: issue.message,
      params: { rule: issue.rule },
      input: p,
    });
  }
}

export const createProductInput = z
  .strictObject({
    ...productFields,
    description: productFields.description.default(""),
    imageUrl: productFields.imageUrl.default(null),
    active: productFields.active.default(true),
    stock: productFields.stock.default(null),
    periodDays: productFields.periodDays.default(null),
    fiscalReceipt: productFields.fiscalReceipt.default(false),
    vatCode: productFields.vatCode.default(1),
    delivery: productFields.delivery.default(deliverySettingsSchema.parse({})),
  })
  .superRefine((p, ctx) => checkProductRules(p, ctx));
export type CreateProductInput = z.output<typeof createProductInput>;

/**
 * Any subset of the fields. The rules are checked on the product as it would be after the
 * change (lib/products/products.ts), since they relate fields the patch may not name.
 */
export const updateProductInput = z
  .strictObject({ ...productFields, delivery: deliveryChangeInput })
  .partial();
export type UpdateProductInput = z.output<typeof updateProductInput>;

export const productListQuery = z.strictObject({
  status: z
    .enum(["active", "archived", "all"])
    .default("all")
    .describe("active: on sale; archived: active = false"),
  q: z.string().trim().max(200).optional().describe("Case-insensitive search in the title"),
});
export type ProductListQuery = z.output<typeof productListQuery>;
