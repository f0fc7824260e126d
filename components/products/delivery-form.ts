import { z } from "zod";
import {
  deliveryMethods,
  deliverySettingsSchema,
  methodsForKind,
  type DeliveryMethod,
  type DeliverySettings,
} from "@/lib/delivery/settings";
import type { ProductKind } from "@/lib/products/input";

/**
 * The product form's Delivery section as the owner types it (numbers as text), and how it turns
 * into the API's `delivery` through the same schema (lib/delivery/settings.ts). Only the fields
 * of the chosen method are checked: a bad chat id left over from another kind must not block
 * saving a file product.
 */

const whole = z.string().trim().regex(/^\d*$/);

export const deliveryFormFields = z.object({
  method: z.enum(deliveryMethods),
  message: z.string(),
  fileId: z.string().nullable(),
  linkHours: whole,
  maxDownloads: whole,
  stampPdf: z.boolean(),
  secret: z.string(),
  lowStockAt: whole,
  outOfStock: z.enum(["refund", "hold"]),
  channelChatId: z.string(),
  accessDays: whole,
  reminderDays: whole,
  inviteHours: whole,
  courseMode: z.enum(["lms", "page"]),
  lmsUrl: z.string(),
  lmsBody: z.string(),
  pageContent: z.string(),
});
export type DeliveryFormValues = z.input<typeof deliveryFormFields>;
type SettingsField = keyof DeliverySettings;

/** The fields the owner sees (and the form checks) for a method. */
export function deliveryFieldsFor(
  method: DeliveryMethod,
  courseMode: "lms" | "page",
): SettingsField[] {
  switch (method) {
    case "one_time_link":
      return ["fileId", "linkHours", "stampPdf"];
    case "timed_link":
      return ["fileId", "linkHours", "maxDownloads", "stampPdf"];
    case "chat_file":
      return ["fileId", "stampPdf"];
    case "text":
      return ["secret"];
    case "license_key":
      return ["lowStockAt", "outOfStock"];
    case "channel":
      return ["channelChatId", "accessDays", "reminderDays", "inviteHours"];
    case "course":
      return courseMode === "lms"
        ? ["courseMode", "lmsUrl", "lmsBody"]
        : ["courseMode", "pageContent"];
  }
}

/** The kind's method the form shows: the chosen one if the kind allows it, else the default. */
export function methodFor(kind: ProductKind, method: DeliveryMethod): DeliveryMethod {
  const allowed = methodsForKind[kind];
  return allowed.includes(method) ? method : allowed[0]!;
}

const defaults = deliverySettingsSchema.parse({});
const text = (n: number | null) => (n === null ? "" : String(n));

export function deliveryFormValues(
  kind: ProductKind,
  stored: Partial<DeliverySettings> | undefined,
): DeliveryFormValues {
  const s = { ...defaults, ...stored };
  return {
    method: methodFor(kind, s.method ?? methodsForKind[kind][0]!),
    message: s.message,
    fileId: s.fileId,
    linkHours: text(s.linkHours),
    maxDownloads: text(s.maxDownloads),
    stampPdf: s.stampPdf,
    secret: s.secret,
    lowStockAt: text(s.lowStockAt),
    outOfStock: s.outOfStock,
    channelChatId: s.channelChatId,
    accessDays: text(s.accessDays),
    reminderDays: text(s.reminderDays),
    inviteHours: text(s.inviteHours),
    courseMode: s.courseMode,
    lmsUrl: s.lmsUrl,
    lmsBody: s.lmsBody,
    pageContent: s.pageContent,
  };
}

type AddIssue = (issue: z.core.$ZodRawIssue) => void;

/**
 * The API's delivery settings from the form. Issues of the method's fields are reported under
 * `delivery.<field>`; a field the method does not use falls back to its default when invalid.
 */
export function deliveryFromForm(
  kind: ProductKind,
  form: z.output<typeof deliveryFormFields>,
  addIssue: AddIssue,
): DeliverySettings {
  const method = methodFor(kind, form.method);
  const shown = new Set<string>(["message", ...deliveryFieldsFor(method, form.courseMode)]);
  const num = (v: string) => (v === "" ? undefined : Number(v));
  const raw: Record<string, unknown> = {
    ...form,
    method,
    linkHours: num(form.linkHours),
    maxDownloads: num(form.maxDownloads),
    lowStockAt: num(form.lowStockAt),
    // Empty access days: access for good (or, for subscriptions, the period).
    accessDays: form.accessDays === "" ? null : Number(form.accessDays),
    reminderDays: num(form.reminderDays),
    inviteHours: num(form.inviteHours),
  };
  for (;;) {
    const parsed = deliverySettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const hidden = parsed.error.issues.filter((i) => !shown.has(String(i.path[0])));
    if (hidden.length === 0) {
      for (const issue of parsed.error.issues)
        addIssue({ ...issue, path: ["delivery", ...issue.path], input: undefined });
      return defaults;
    }
    for (const issue of hidden) delete raw[String(issue.path[0])];
  }
}
