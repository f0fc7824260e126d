import "server-only";
import { z } from "zod";
import { performHttpRequest } from "@/lib/jobs/http";
import { recordJournal } from "@/lib/journal/record";
import { orderView } from "@/lib/payments/settle";
import { contactView } from "@/lib/runtime/engine";
import { contactVariables, renderTemplate, type TemplateScope } from "@/lib/runtime/template";
import { RetryDelivery, type DeliveryMethodHandler, type ExternalContext } from "../method";
import { buyerTexts, escapeHtml, htmlMessage } from "../messages";
import { coursePage, coursePageUrl, newAccessToken } from "./basic";

/**
 * A course: Botshop's own access page (courseMode "page"), or an enrolment in the shop's LMS
 * (courseMode "lms"): a POST of the product's body template to its URL, made by the outbox
 * worker outside any transaction (method.ts, `external`).
 *
 * The request carries `Idempotency-Key: <delivery id>`: a retry after a timeout, whose first
 * try may have enrolled the buyer after all, asks the LMS for the same enrolment again, and an
 * LMS that honours the header enrols once. 2xx issues; 4xx is the LMS saying no (a retry would
 * be refused too), so the delivery fails as `lms_refused`; 5xx, a network error or a timeout
 * throws RetryDelivery and the worker backs off, up to maxExternalAttempts.
 */

const lmsTimeoutSeconds = 10;
/** What is kept of the LMS's answer in the delivery and the journal. */
const keptResponseChars = 500;

/** Sent when the product has no body of its own: who bought what. */
export const defaultLmsBody = `{
  "order_id": "{{order.id}}",
  "product": "{{order.product_title}}",
  "amount": "{{order.amount}}",
  "currency": "{{order.currency}}",
  "contact": {
    "id": "{{contact.id}}",
    "telegram_id": "{{contact.telegram_id}}",
    "first_name": "{{contact.first_name}}",
    "last_name": "{{contact.last_name}}",
    "username": "{{contact.username}}",
    "phone": "{{contact.phone}}",
    "external_id": "{{contact.external_id}}"
  }
}`;

/** What `external` found out, handed to `finalize` (and kept for a retry's journal). */
const callResultSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("answered"),
    status: z.number(),
    durationMs: z.number(),
    response: z.string(),
    accessUrl: z.string().nullable(),
  }),
  z.object({ kind: z.literal("not_sent"), reason: z.string(), error: z.string() }),
]);
type CallResult = z.output<typeof callResultSchema>;

export const course: DeliveryMethodHandler = {
  async issue(ctx) {
    if (ctx.settings.courseMode === "page") return coursePage.issue(ctx);
    if (!ctx.settings.lmsUrl)
      return {
        status: "failed",
        reason: "no_lms_url",
        buyerText: buyerTexts[ctx.locale].failed(ctx.order.title),
      };
    return { status: "external" };
  },

  async external(ctx): Promise<CallResult> {
    const body = renderTemplate(
      ctx.settings.lmsBody.trim() || defaultLmsBody,
      lmsScope(ctx),
      "json",
    );
    try {
      JSON.parse(body);
    } catch {
      return { kind: "not_sent", reason: "lms_body_invalid", error: "the body is not JSON" };
    }
    const started = performance.now();
    const answer = await performHttpRequest({
      method: "POST",
      url: ctx.settings.lmsUrl,
      headers: { "content-type": "application/json", "idempotency-key": ctx.delivery.id },
      body,
      timeoutSeconds: lmsTimeoutSeconds,
    });
    const durationMs = Math.round(performance.now() - started);
    const response = answer.body === undefined ? "" : trimmed(answer.body);
    await recordJournal(ctx.db, {
      workspaceId: ctx.order.workspaceId,
      actor: { type: "system" },
      kind: "delivery.lms_called",
      botId: ctx.order.botId,
      contactId: ctx.contact.id,
      orderId: ctx.order.id,
      subjectId: ctx.delivery.id,
      data: {
        attempt: ctx.attempt,
        status: answer.status ?? null,
        durationMs,
        ...(answer.error ? { error: answer.error } : {}),
        response,
      },
    });
    if (answer.refused)
      return { kind: "not_sent", reason: "lms_url_refused", error: answer.error! };
    const status = answer.status;
    if (status === undefined || status >= 500)
      throw new RetryDelivery(
        status === undefined ? `LMS: ${answer.error}` : `LMS answered ${status}`,
      );
    return { kind: "answered", status, durationMs, response, accessUrl: accessUrlIn(answer.body) };
  },

  async finalize(ctx, raw) {
    const result = callResultSchema.parse(raw);
    const t = buyerTexts[ctx.locale];
    if (result.kind === "not_sent")
      return {
        status: "failed",
        reason: result.reason,
        buyerText: t.failed(ctx.order.title),
        data: { error: result.error },
      };
    const lms = { status: result.status, durationMs: result.durationMs, response: result.response };
    if (result.status < 200 || result.status >= 300)
      return {
        status: "failed",
        reason: "lms_refused",
        buyerText: t.failed(ctx.order.title),
        data: { lms },
      };
    return {
      status: "issued",
      messages: [
        htmlMessage(ctx.contact.channelUserId, [
          ctx.intro,
          escapeHtml(t.courseEnrolled),
          result.accessUrl ? escapeHtml(result.accessUrl) : "",
        ]),
      ],
      data: { lms, accessUrl: result.accessUrl },
    };
  },

  async resend(ctx) {
    const t = buyerTexts[ctx.locale];
    if (ctx.delivery.data.lms) {
      const url =
        typeof ctx.delivery.data.accessUrl === "string" ? ctx.delivery.data.accessUrl : "";
      return {
        outcome: "resent",
        lines: [escapeHtml(t.courseEnrolled), url ? escapeHtml(url) : escapeHtml(t.courseNoLink)],
      };
    }
    // The page: a fresh link; the one sent before stops working.
    const { token, hash } = newAccessToken();
    return {
      outcome: "resent",
      set: { tokenHash: hash },
      lines: [escapeHtml(coursePageUrl(token))],
    };
  },
};

/** {{order.*}} as a payment node's outcome shows it, {{contact.*}} as flows see the contact. */
function lmsScope(ctx: ExternalContext): TemplateScope {
  return {
    order: { ...orderView(ctx.order) },
    contact: {
      ...contactVariables(contactView(ctx.contact)),
      telegram_id: ctx.contact.channelUserId,
    },
  };
}

function trimmed(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > keptResponseChars ? `${text.slice(0, keptResponseChars)}…` : text;
}

/** An LMS that creates a sign-in link answers it as `url`, `access_url` or `login_url`. */
function accessUrlIn(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  for (const key of ["url", "access_url", "login_url"]) {
    const value: unknown = Reflect.get(body, key);
    if (typeof value === "string" && /^https?:\/\//i.test(value)) return value;
  }
  return null;
}
