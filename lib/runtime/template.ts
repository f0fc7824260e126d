import type { z } from "zod";
import type { textFormat } from "@/lib/flow/messageFields";
import { variableGroups } from "@/lib/flow/variables";
import type { ContactView } from "./types";
import {
  defaultLocaleSettings,
  formatAmount,
  formatMoment,
  type LocaleSettings,
} from "./localized";

/**
 * The `{{variable}}` templates of bot messages. Pure and isomorphic: the runtime renders with
 * it, and the editor can use it for previews and to list the variables a text uses.
 */

/** How a text is sent: no parse_mode, MarkdownV2 or HTML (`lib/flow/messageFields.ts`). */
export type TemplateFormat = z.output<typeof textFormat>;
/** Message formats, plus `json`: values inside a JSON string literal (the http node's body). */
export type RenderFormat = TemplateFormat | "json";

/**
 * What a template can read, grouped as in `lib/flow/variables.ts`. Keys are the names templates
 * use (`first_name`, `external_id`, `fields`), not the database's column names. Values are
 * resolved through nested objects and arrays: `{{event.payout.amount}}`, `{{resp.items.0.id}}`.
 */
export interface TemplateScope {
  contact?: Record<string, unknown>;
  order?: Record<string, unknown>;
  event?: Record<string, unknown>;
  bot?: Record<string, unknown>;
  /** Flow variables: `{{email}}`, also spelled `{{flow.email}}`. */
  flow?: Record<string, unknown>;
  /** The reader's language and zone for `| money`, `| date`, `| time`, `| datetime`. */
  localeSettings?: LocaleSettings;
}

/**
 * `{{contact.*}}`: the names templates use for a contact's properties. Every place that renders
 * a template about a contact (a flow's messages, the LMS request of a course) reads these.
 */
export function contactVariables(c: ContactView): Record<string, unknown> {
  return {
    id: c.id,
    first_name: c.firstName,
    last_name: c.lastName ?? "",
    username: c.username ?? "",
    language: c.languageCode ?? "",
    phone: c.phone ?? "",
    external_id: c.externalId ?? "",
    fields: c.fields,
  };
}

/**
 * `{{ path }}` or `{{ path | "fallback" }}`. The path starts with an identifier (variable names
 * are identifiers, `lib/flow/document.ts`) and may go on with `.segment`s, digits allowed (array
 * indexes). The fallback is a double-quoted string in which `\` escapes the next character;
 * braces in it must be escaped too, so an unclosed quote cannot swallow the text up to a later
 * `}}`. Anything else between braces is not a template and is sent as written.
 */
const token =
  /\{\{\s*([A-Za-z_]\w*(?:\.\w+)*)\s*((?:\|\s*(?:money|datetime|date|time)\s*)*)(?:\|\s*("(?:[^"\\{}]|\\[\s\S])*")\s*)?\}\}/g;

const groups: ReadonlySet<string> = new Set(variableGroups);

/**
 * Fills a message text. Only the substituted values (and fallbacks, which stand in for a value)
 * are escaped for the parse mode; the author's own text is their markup and is left alone. A
 * missing or empty value renders as its fallback, or as nothing. Values are substituted in one
 * pass, so a value that itself contains `{{…}}` is sent as text, never expanded.
 */
export function renderTemplate(text: string, scope: TemplateScope, format: RenderFormat): string {
  return text.replace(
    token,
    (_match, path: string, filters: string, fallback: string | undefined) => {
      const raw = resolveVariable(scope, path);
      const value = filters ? applyFilters(raw, filters, path, scope) : formatValue(raw);
      const shown = fallback !== undefined && value.trim() === "" ? unquote(fallback) : value;
      return escapeFor(format, shown);
    },
  );
}

/**
 * `| money` formats a decimal amount with the `currency` next to it (`{{event.amount | money}}`
 * reads `event.currency`); `| date`, `| time` and `| datetime` format an instant. In the
 * reader's language and zone. The last filter wins; a missing value stays empty (so a fallback
 * still applies).
 */
function applyFilters(value: unknown, filters: string, path: string, scope: TemplateScope) {
  if (value === undefined || value === null || value === "") return "";
  const filter = filters
    .split("|")
    .map((f) => f.trim())
    .filter(Boolean)
    .at(-1);
  const settings = scope.localeSettings ?? defaultLocaleSettings;
  if (filter === "money") {
    const sibling = path.includes(".")
      ? `${path.slice(0, path.lastIndexOf("."))}.currency`
      : "currency";
    return formatAmount(value, resolveVariable(scope, sibling), settings);
  }
  if (filter === "date" || filter === "time" || filter === "datetime")
    return formatMoment(value, filter, settings);
  return formatValue(value);
}

/**
 * The variables a text uses, once each in order of first use, named as `lib/flow/variables.ts`
 * names them: flow variables without the `flow.` prefix (`{{flow.email}}` → `email`), unless
 * dropping it would change the meaning (`{{flow.order.id}}` stays as written).
 */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(token)) {
    const path = match[1];
    if (path !== undefined) names.add(canonicalName(path));
  }
  return [...names];
}

/**
 * What `{{path}}` refers to, or undefined. A path with a group prefix (`contact.`, `order.`,
 * `event.`, `bot.`, `flow.`) reads that group; any other path, and a lone group name, is a flow
 * variable (`{{answer}}`, or `{{order}}` for a flow variable called "order"). Only own
 * properties are read, so `{{contact.constructor}}` or `{{x.__proto__}}` find nothing.
 */
export function resolveVariable(scope: TemplateScope, path: string): unknown {
  const segments = path.split(".");
  const [head, ...rest] = segments;
  const walk =
    head !== undefined && groups.has(head) && rest.length > 0 ? segments : ["flow", ...segments];
  let value: unknown = scope;
  for (const key of walk) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

/**
 * Escapes text so Telegram shows it as is in the given parse mode.
 *
 * HTML: Telegram requires `<`, `>` and `&` outside tags as entities; `"` and `'` are escaped too
 * so a value is also safe inside an attribute (`<a href="{{order.payment_url}}">`). Telegram
 * knows the named entities `&lt; &gt; &amp; &quot;` and every numeric one.
 *
 * MarkdownV2: outside code and link URLs, each of `_*[]()~\`>#+-=|{}.!` must be preceded by a
 * backslash, and so must `\` itself. "Any character with code between 1 and 126 inclusively can
 * be escaped anywhere with a preceding '\'", so the same escaping is also right inside code
 * spans and a link's `(…)` part, where fewer characters would have to be.
 */
export function escapeFor(format: RenderFormat, value: string): string {
  switch (format) {
    case "json":
      // Inside "…": quotes, backslashes and control characters escaped, nothing else.
      return JSON.stringify(value).slice(1, -1);
    case "plain":
      return value;
    case "html":
      return value.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
    case "markdown":
      return value.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, "\\$&");
  }
}

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * How a value reads in a message: strings as they are; numbers, bigints and booleans through
 * `String` (`12.5`, `true`), with no locale formatting; dates as ISO 8601; arrays as their items
 * joined with ", " (empty items left out); other objects as compact JSON, which is what an http
 * node's saved response shows as a whole. Missing, null, functions and symbols read as "".
 */
function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  if (Array.isArray(value))
    return value
      .map(formatValue)
      .filter((item) => item !== "")
      .join(", ");
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    } catch {
      // A cyclic object cannot come from JSON (session variables, event payloads): show nothing
      // rather than fail the whole message.
      return "";
    }
  }
  return "";
}

/** The fallback's text: the quotes removed, `\x` read as `x`. */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\([\s\S])/g, "$1");
}

function canonicalName(path: string): string {
  const [head, next, ...rest] = path.split(".");
  if (head !== "flow" || next === undefined) return path;
  // `flow.order.id` must not become `order.id`, which reads the order group.
  if (rest.length > 0 && groups.has(next)) return path;
  return [next, ...rest].join(".");
}

export interface MarkdownV2Problem {
  code: "unescaped_char" | "unclosed_code";
  /** Where in the text, in UTF-16 code units (as the editor's textarea counts). */
  index: number;
  char: string;
}

/** Reserved characters that are markup nowhere except in the contexts checkMarkdownV2 skips. */
const neverMarkup = new Set(["#", "+", "-", "=", "{", "}", ".", "!", "(", ")", "|", ">"]);

/**
 * The author's mistakes Telegram would refuse a MarkdownV2 text for ("Character '.' is reserved
 * and must be escaped with the preceding '\'"), as far as they can be told without parsing the
 * entities: reserved characters that cannot be markup where they stand (`. ! - + = # { } ( ) |
 * >` outside code spans and link URLs, except `![` of custom emoji, `||` of spoilers, `)` closing
 * a link, `>` starting a line's quotation), and code spans that never close. `_ * ~ [ ]` are
 * markup delimiters, so an unbalanced one is not reported; Telegram still refuses it.
 * `{{variables}}` are skipped: their values are escaped when rendered.
 */
export function checkMarkdownV2(text: string): MarkdownV2Problem[] {
  const tokenEnds = new Map<number, number>();
  for (const match of text.matchAll(token))
    tokenEnds.set(match.index, match.index + match[0].length);

  const problems: MarkdownV2Problem[] = [];
  let lineStart = 0;
  let inLinkUrl = false;
  for (let i = 0; i < text.length; i++) {
    const tokenEnd = tokenEnds.get(i);
    if (tokenEnd !== undefined) {
      i = tokenEnd - 1;
      continue;
    }
    const c = text.charAt(i);
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "\n") {
      lineStart = i + 1;
      continue;
    }
    // Inside a link's (…) only `)` and `\` are special.
    if (inLinkUrl) {
      if (c === ")") inLinkUrl = false;
      continue;
    }
    if (c === "`") {
      const fence = text.startsWith("```", i) ? "```" : "`";
      const close = closingFence(text, i + fence.length, fence);
      if (close === -1) {
        problems.push({ code: "unclosed_code", index: i, char: c });
        break;
      }
      i = close + fence.length - 1;
      continue;
    }
    if (c === "]" && text[i + 1] === "(") {
      inLinkUrl = true;
      i++;
      continue;
    }
    if (c === "!" && text[i + 1] === "[") continue;
    if (c === "|" && text[i + 1] === "|") {
      i++;
      continue;
    }
    // `>` quotes the line it starts; `**>` starts an expandable quotation.
    if (c === ">" && ["", "**"].includes(text.slice(lineStart, i))) continue;
    if (neverMarkup.has(c)) problems.push({ code: "unescaped_char", index: i, char: c });
  }
  return problems;
}

/** Where the code span's closing fence starts, skipping `\`-escaped characters; -1 if none. */
function closingFence(text: string, from: number, fence: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith(fence, i)) return i;
  }
  return -1;
}
