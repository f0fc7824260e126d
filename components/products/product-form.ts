import { z } from "zod";
import {
  currencyCodes,
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
  type CurrencyCode,
} from "@/lib/money/currency";
import {
  productFields,
  productKinds,
  productRuleIssues,
  STARS_SUBSCRIPTION_DAYS,
  type CreateProductInput,
} from "@/lib/products/input";
import { deliveryFormFields, deliveryFormValues, deliveryFromForm } from "./delivery-form";
import type { ProductDto } from "./queries";

/** Currencies an external checkout can take: all but Telegram Stars, roubles first. */
export const checkoutCurrencies = [
  "RUB",
  ...currencyCodes.filter((c) => c !== "XTR" && c !== "RUB"),
] as const satisfies readonly CurrencyCode[];

const checkoutCurrency = z.enum(checkoutCurrencies);

const wholeOrEmpty = z.string().trim().regex(/^\d*$/);

/**
 * The product form as the owner types it: the price as a decimal ("499.00", or "499,00" as
 * Russian keyboards write it), stock and period as text where empty means none. It parses into
 * exactly the API's create body, through the same field schemas and rules (lib/products/input).
 */
export const productFormSchema = z
  .object({
    title: productFields.title,
    description: productFields.description,
    imageUrl: z.union([z.literal(""), productFields.imageUrl.unwrap()]),
    kind: z.enum(productKinds),
    sellIn: z.enum(["stars", "external"]),
    currency: checkoutCurrency,
    price: z.string().trim().min(1),
    periodDays: wholeOrEmpty,
    stock: wholeOrEmpty,
    active: z.boolean(),
    fiscalReceipt: z.boolean(),
    vatCode: productFields.vatCode,
    delivery: deliveryFormFields,
  })
  .transform((form, ctx): CreateProductInput => {
    const currency: CurrencyCode = form.sellIn === "stars" ? "XTR" : form.currency;
    const price = /^(\d+)(?:[.,](\d+))?$/.exec(form.price);
    const digits = currencyExponent(currency);
    if (!price || (price[2] ?? "").replace(/0+$/, "").length > digits) {
      ctx.addIssue({
        code: "custom",
        path: ["price"],
        message: "Not a price",
        params: price ? { rule: "priceDecimals", currency, digits } : { rule: "priceFormat" },
      });
      return z.NEVER;
    }
    let priceMinor: number;
    try {
      priceMinor = decimalToMinor(form.price.replace(",", "."), currency);
    } catch {
      // Beyond a safe integer: not a price anyone means.
      ctx.addIssue({
        code: "custom",
        path: ["price"],
        message: "Not a price",
        params: { rule: "priceFormat" },
      });
      return z.NEVER;
    }
    const subscription = form.kind === "subscription";
    const periodDays =
      subscription && currency === "XTR"
        ? STARS_SUBSCRIPTION_DAYS
        : subscription && form.periodDays !== ""
          ? Number(form.periodDays)
          : null;
    const product: CreateProductInput = {
      title: form.title,
      description: form.description,
      imageUrl: form.imageUrl === "" ? null : form.imageUrl,
      priceMinor,
      currency,
      kind: form.kind,
      active: form.active,
      stock: form.stock === "" ? null : Number(form.stock),
      periodDays,
      // Receipts exist only for rouble payments; the switch is hidden otherwise.
      fiscalReceipt: currency === "RUB" && form.fiscalReceipt,
      vatCode: form.vatCode,
      delivery: deliveryFromForm(form.kind, form.delivery, (issue) => ctx.addIssue(issue)),
    };
    for (const issue of productRuleIssues(product)) {
      ctx.addIssue({
        code: "custom",
        // The rules speak of the API's fields; the form's price field is `price`.
        path: [issue.path === "priceMinor" ? "price" : issue.path],
        message: issue.message,
        params: { rule: issue.rule },
      });
    }
    return product;
  });

export type ProductFormValues = z.input<typeof productFormSchema>;

export const emptyProductForm: ProductFormValues = {
  title: "",
  description: "",
  imageUrl: "",
  kind: "file",
  sellIn: "stars",
  currency: "RUB",
  price: "",
  periodDays: "",
  stock: "",
  active: true,
  fiscalReceipt: false,
  vatCode: 1,
  delivery: deliveryFormValues("file", undefined),
};

export function productFormValues(p: ProductDto): ProductFormValues {
  const stars = p.currency === "XTR";
  return {
    title: p.title,
    description: p.description,
    imageUrl: p.imageUrl ?? "",
    kind: p.kind,
    sellIn: stars ? "stars" : "external",
    currency: p.currency === "XTR" ? "RUB" : p.currency,
    price: minorToDecimal(p.priceMinor, p.currency),
    periodDays: p.periodDays === null ? "" : String(p.periodDays),
    stock: p.stock === null ? "" : String(p.stock),
    active: p.active,
    fiscalReceipt: p.fiscalReceipt,
    vatCode: p.vatCode,
    delivery: deliveryFormValues(p.kind, p.delivery),
  };
}
