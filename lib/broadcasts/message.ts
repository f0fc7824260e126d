import { z } from "zod";
import { telegramLimits } from "@/lib/flow/telegramLimits";
import { segmentFilterSchema } from "@/lib/contacts/segments";

/**
 * A broadcast's message and settings, as the API and the compose form take them. Isomorphic:
 * the form checks with the same schema the server does.
 */

/** Telegram's broadcast limit for a bot: about 30 messages a second. */
export const freeBroadcastRate = 30;
/** With paid broadcasts enabled by the owner (allow_paid_broadcast, Stars per message). */
export const maxBroadcastRate = 1000;

const httpUrl = z
  .url({ protocol: /^https?$/, error: "An http or https address" })
  .max(2000)
  .describe("http or https");

export const broadcastButtonSchema = z.strictObject({
  text: z.string().trim().min(1).max(64),
  url: httpUrl,
});

export const broadcastMessageSchema = z
  .strictObject({
    /** With {{contact.first_name}}-style variables, rendered per recipient. */
    text: z.string().trim().min(1).max(telegramLimits.messageText),
    format: z.enum(["plain", "markdown", "html"]).default("plain"),
    /** URL buttons under the message, one per row. Taps are counted through a redirect. */
    buttons: z.array(broadcastButtonSchema).max(10).default([]),
    /** A photo sent with the text as its caption (a public URL or a Telegram file_id). */
    photo: z.string().trim().max(2000).optional(),
    disablePreview: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    if (m.photo && m.text.length > telegramLimits.caption)
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: `A caption under a photo can have at most ${telegramLimits.caption} characters`,
      });
  });
export type BroadcastMessage = z.output<typeof broadcastMessageSchema>;

export const broadcastInputSchema = z.strictObject({
  botId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  message: broadcastMessageSchema,
  /** A saved segment; when given, `filter` is ignored. */
  segmentId: z.uuid().nullable().optional(),
  /** The audience when no segment is given (the bot is always the broadcast's bot). */
  filter: segmentFilterSchema.default({}),
  ratePerSecond: z
    .int()
    .min(1)
    .max(maxBroadcastRate)
    .default(freeBroadcastRate)
    .describe(
      "Messages a second. Above 30 the messages go out as paid broadcasts (allow_paid_broadcast): the bot's owner must have enabled them and pays Telegram in Stars.",
    ),
});
export type BroadcastInput = z.input<typeof broadcastInputSchema>;

/** Whether a broadcast at this rate needs Telegram's paid broadcasts. */
export const isPaidRate = (rate: number) => rate > freeBroadcastRate;

export interface ClickTarget {
  /** The target's number in broadcast_click: buttons first (0…), then the text's links. */
  index: number;
  kind: "button" | "link";
  label: string;
  url: string;
}

const htmlLink = /<a\s+href\s*=\s*"([^"]*)"\s*>([\s\S]*?)<\/a>/gi;
const markdownLink = /(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(((?:[^)\\]|\\.)*)\)/g;

/**
 * What can be tapped in the message and is tracked: the URL buttons, then the links written in
 * the text (HTML `<a href>` or MarkdownV2 `[text](url)`) to http(s) addresses. Plain text's bare
 * addresses are not rewritten: the reader would see the tracking address instead of the shop's.
 */
export function clickTargets(message: BroadcastMessage): ClickTarget[] {
  const targets: ClickTarget[] = message.buttons.map((b, index) => ({
    index,
    kind: "button",
    label: b.text,
    url: b.url,
  }));
  for (const link of textLinks(message)) targets.push({ index: targets.length, ...link });
  return targets;
}

function textLinks(message: BroadcastMessage): Omit<ClickTarget, "index">[] {
  const pattern =
    message.format === "html" ? htmlLink : message.format === "markdown" ? markdownLink : null;
  if (!pattern) return [];
  const out: Omit<ClickTarget, "index">[] = [];
  for (const m of message.text.matchAll(pattern)) {
    const [label, url] =
      message.format === "html" ? [m[2]!, unescapeHtml(m[1]!)] : [m[1]!, unmarkdown(m[2]!)];
    if (/^https?:\/\//i.test(url)) out.push({ kind: "link", label: label.trim(), url });
  }
  return out;
}

/**
 * The text with each tracked link's address replaced by `link(target)`, in the same order as
 * clickTargets numbers them. Non-http links (tg:, mailto:) are left as written.
 */
export function rewriteTextLinks(
  message: BroadcastMessage,
  text: string,
  link: (index: number) => string,
): string {
  let index = message.buttons.length;
  if (message.format === "html")
    return text.replace(htmlLink, (whole, href: string, label: string) =>
      /^https?:\/\//i.test(unescapeHtml(href))
        ? `<a href="${escapeHtml(link(index++))}">${label}</a>`
        : whole,
    );
  if (message.format === "markdown")
    return text.replace(markdownLink, (whole, label: string, url: string) =>
      /^https?:\/\//i.test(unmarkdown(url))
        ? `[${label}](${link(index++).replace(/[)\\]/g, "\\$&")})`
        : whole,
    );
  return text;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const unmarkdown = (s: string) => s.replace(/\\(.)/g, "$1");
