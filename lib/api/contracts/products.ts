import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { addKeysInput, keysFromCsv } from "@/lib/delivery/key-codes";
import { deliveryMethods, deliverySettingsSchema } from "@/lib/delivery/settings";
import { currencyCodes } from "@/lib/money/currency";
import {
  createProductInput,
  productKinds,
  productListQuery,
  updateProductInput,
} from "@/lib/products/input";
import { idParams, timestamp } from "./common";

export const productSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    imageUrl: z.string().nullable(),
    priceMinor: z
      .number()
      .int()
      .describe("In minor units of `currency`: 49900 RUB is 499.00 ₽; 150 XTR is 150 stars"),
    currency: z.enum(currencyCodes).describe("ISO 4217, or XTR for Telegram Stars"),
    kind: z.enum(productKinds),
    active: z.boolean().describe("false: archived, not offered to buyers"),
    stock: z.number().int().nullable().describe("Units left to sell; null is unlimited"),
    periodDays: z.number().int().nullable().describe("Subscriptions: days between charges"),
    fiscalReceipt: z.boolean().describe("YooKassa sends a 54-FZ receipt with each payment"),
    vatCode: z.number().int().describe("YooKassa vat_code for the receipt"),
    delivery: deliverySettingsSchema
      .extend({ method: z.enum(deliveryMethods) })
      .describe("How the goods reach the buyer, with the kind's default method filled in"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Product" });

export const listProducts = defineOperation({
  id: "listProducts",
  method: "GET",
  path: "/api/v1/products",
  tag: "Products",
  summary: "List products",
  description: "Newest first. Filter by `status` and search titles with `q`.",
  auth: "workspace",
  permission: "workspace.read",
  query: productListQuery,
  response: z.object({ data: z.array(productSchema) }),
});

export const createProduct = defineOperation({
  id: "createProduct",
  method: "POST",
  path: "/api/v1/products",
  tag: "Products",
  summary: "Create a product",
  description:
    "Price in minor units of the currency. XTR (Telegram Stars) sells inside Telegram: at least 1 star, and subscriptions renew every 30 days. Any other currency sells through an external checkout (Stripe, YooKassa). A subscription needs `periodDays`; other kinds have none. `delivery.method` must fit the kind (400 otherwise); a license_key product starts with stock 0 and counts the free keys of its pool.",
  auth: "workspace",
  permission: "workspace.manage",
  body: createProductInput,
  response: z.object({ product: productSchema }),
  status: 201,
});

export const getProduct = defineOperation({
  id: "getProduct",
  method: "GET",
  path: "/api/v1/products/{id}",
  tag: "Products",
  summary: "Get a product",
  auth: "workspace",
  permission: "workspace.read",
  params: idParams,
  response: z.object({ product: productSchema }),
});

export const updateProduct = defineOperation({
  id: "updateProduct",
  method: "PATCH",
  path: "/api/v1/products/{id}",
  tag: "Products",
  summary: "Change a product, or archive it (`active: false`)",
  description:
    "Any subset of the fields. The rules between fields are checked on the product as it will be (422 with the field). Changing `kind` away from subscription clears `periodDays`. `delivery` changes only the settings it names. A license_key product's `stock` is the number of free keys and is not set here.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  body: updateProductInput,
  response: z.object({ product: productSchema }),
});

export const deleteProduct = defineOperation({
  id: "deleteProduct",
  method: "DELETE",
  path: "/api/v1/products/{id}",
  tag: "Products",
  summary: "Delete a product that was never ordered",
  description:
    "A product with orders is refused with 409: archive it instead (PATCH `active: false`), so its orders keep pointing at it for refunds, delivery and reports.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  status: 204,
});

const keyCounts = z.object({
  free: z.number().int().describe("Left to give: the product's stock"),
  given: z.number().int().describe("Issued to an order"),
  revoked: z.number().int().describe("Issued, then taken back by a refund; never given again"),
});

export const licenseKeySchema = z
  .object({
    id: z.number().int(),
    masked: z.string().describe("The key with all but its last 4 characters hidden"),
    status: z.enum(["free", "given", "revoked"]),
    orderId: z.uuid().nullable().describe("The order the key went to"),
    assignedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "LicenseKey" });

export const listLicenseKeys = defineOperation({
  id: "listLicenseKeys",
  method: "GET",
  path: "/api/v1/products/{id}/keys",
  tag: "Products",
  summary: "List a license-key product's pool",
  description:
    "The counts of free, given and revoked keys, and a page of keys, newest first. Keys are masked: the API never shows a whole key.",
  auth: "workspace",
  permission: "workspace.read",
  params: idParams,
  query: z.strictObject({
    status: z.enum(["free", "given", "revoked"]).optional(),
    cursor: z.coerce.number().int().positive().optional().describe("nextCursor of the last page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z.object({
    counts: keyCounts,
    data: z.array(licenseKeySchema),
    nextCursor: z.number().int().nullable(),
  }),
});

export const addLicenseKeys = defineOperation({
  id: "addLicenseKeys",
  method: "POST",
  path: "/api/v1/products/{id}/keys",
  tag: "Products",
  summary: "Add keys to a license-key product's pool",
  description:
    "JSON `{ codes: [...] }`, or CSV (`Content-Type: text/csv`): the first column of each row, a header row skipped. Keys are trimmed, blank ones dropped, and a key already in the upload or in the pool counts as a duplicate. The product's stock becomes the number of free keys. 409 for a product of another kind.",
  auth: "workspace",
  permission: "workspace.manage",
  params: idParams,
  body: addKeysInput,
  csvBody: {
    toBody: (text) => ({ codes: keysFromCsv(text) }),
    description: "One key per row in the first column; quoted cells, a BOM and CRLF are fine",
  },
  response: z.object({
    added: z.number().int(),
    duplicates: z.number().int().describe("Already in the pool, or repeated in the upload"),
    stock: z.number().int().describe("Free keys now"),
  }),
});

export const deleteLicenseKey = defineOperation({
  id: "deleteLicenseKey",
  method: "DELETE",
  path: "/api/v1/products/{id}/keys/{keyId}",
  tag: "Products",
  summary: "Delete a free key",
  description:
    "Only a key no order has: one given to an order (or revoked) is that order's record and answers 409.",
  auth: "workspace",
  permission: "workspace.manage",
  params: z.object({ id: z.uuid(), keyId: z.coerce.number().int().positive() }),
  response: z.object({ stock: z.number().int().describe("Free keys now") }),
});
