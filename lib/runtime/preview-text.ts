/**
 * A message text as Telegram shows it, for the editor's preview chat: HTML or MarkdownV2 read
 * into a small tree of the entities Telegram supports, so the chat renders formatting with React
 * elements and never hands markup to the browser. Anything Telegram does not know stays text.
 * Both readers are lenient where Telegram would refuse the message (an unclosed tag): the
 * editor's checks report those; the preview shows what it can.
 */

export type RichMark = "b" | "i" | "u" | "s" | "code" | "pre" | "a" | "spoiler" | "blockquote";

export type RichNode =
  | string
  | {
      mark: RichMark;
      children: RichNode[];
      /** Links: the URL when it is one a chat may open (http, https, tg, mailto). */
      href?: string | null;
    };

export function parseMessageText(
  text: string,
  parseMode: "HTML" | "MarkdownV2" | null,
): RichNode[] {
  if (parseMode === "HTML") return parseTelegramHtml(text);
  if (parseMode === "MarkdownV2") return parseMarkdownV2(text);
  return text ? [text] : [];
}

/** The link targets a preview may open; `javascript:` and the like are shown as text. */
export function safeHref(url: string): string | null {
  return /^(https?:|tg:|mailto:)/i.test(url.trim()) ? url.trim() : null;
}

interface Frame {
  mark: RichMark | null;
  /** What opened it, put back as text if it never closes (MarkdownV2). */
  opener: string;
  href?: string | null;
  children: RichNode[];
}

class TreeBuilder {
  private readonly stack: Frame[] = [{ mark: null, opener: "", children: [] }];

  text(s: string) {
    if (!s) return;
    const children = this.top().children;
    const last = children.at(-1);
    if (typeof last === "string") children[children.length - 1] = last + s;
    else children.push(s);
  }

  open(mark: RichMark, opener: string, href?: string | null) {
    this.stack.push({ mark, opener, href, children: [] });
  }

  has(mark: RichMark): boolean {
    return this.stack.some((f) => f.mark === mark);
  }

  top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  /** Closes `mark` and whatever opened inside it; false when it is not open. */
  close(mark: RichMark, href?: string | null): boolean {
    if (!this.has(mark)) return false;
    for (;;) {
      const frame = this.stack.pop()!;
      const node: RichNode = {
        mark: frame.mark!,
        children: frame.children,
        ...(frame.mark === "a" ? { href: href !== undefined ? href : (frame.href ?? null) } : {}),
      };
      this.top().children.push(node);
      if (frame.mark === mark) return true;
    }
  }

  /** The tree; frames still open are kept (`keepOpen`) or put back as their opener text. */
  finish(keepOpen: boolean): RichNode[] {
    while (this.stack.length > 1) {
      const frame = this.stack.pop()!;
      if (keepOpen && frame.mark) {
        this.top().children.push({
          mark: frame.mark,
          children: frame.children,
          ...(frame.mark === "a" ? { href: frame.href ?? null } : {}),
        });
      } else {
        this.text(frame.opener);
        for (const child of frame.children) {
          if (typeof child === "string") this.text(child);
          else this.top().children.push(child);
        }
      }
    }
    return this.stack[0]!.children;
  }
}

const htmlTags: Record<string, RichMark> = {
  b: "b",
  strong: "b",
  i: "i",
  em: "i",
  u: "u",
  ins: "u",
  s: "s",
  strike: "s",
  del: "s",
  code: "code",
  pre: "pre",
  a: "a",
  "tg-spoiler": "spoiler",
  blockquote: "blockquote",
};

const tagPattern = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[^<>]*)?)\s*>/;

/** Telegram's HTML: its tags become marks, other `<…>` is text, entities are decoded. */
export function parseTelegramHtml(text: string): RichNode[] {
  const tree = new TreeBuilder();
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt === -1) {
      tree.text(decodeEntities(text.slice(i)));
      break;
    }
    tree.text(decodeEntities(text.slice(i, lt)));
    const match = tagPattern.exec(text.slice(lt));
    const mark = match
      ? tagMark(match[2]!.toLowerCase(), match[3] ?? "", match[1] === "/")
      : undefined;
    if (!match || !mark) {
      tree.text("<");
      i = lt + 1;
      continue;
    }
    const closing = match[1] === "/";
    if (closing) {
      if (!tree.close(mark)) tree.text(match[0]);
    } else {
      const href =
        mark === "a"
          ? safeHref(decodeEntities(attribute(match[3] ?? "", "href") ?? ""))
          : undefined;
      tree.open(mark, match[0], href);
    }
    i = lt + match[0].length;
  }
  return tree.finish(true);
}

function tagMark(name: string, attrs: string, closing: boolean): RichMark | undefined {
  // <span class="tg-spoiler"> is the other spelling of <tg-spoiler>.
  if (name === "span")
    return closing || attribute(attrs, "class") === "tg-spoiler" ? "spoiler" : undefined;
  return Object.hasOwn(htmlTags, name) ? htmlTags[name] : undefined;
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(
    `(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`,
    "i",
  ).exec(attrs);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

const namedEntities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** The entities Telegram knows: `&lt; &gt; &amp; &quot;` and every numeric one. */
function decodeEntities(s: string): string {
  return s.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot));/gi,
    (whole, dec, hex, name) => {
      if (name) return namedEntities[String(name).toLowerCase()] ?? whole;
      const code = dec ? Number(dec) : parseInt(String(hex), 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

const mdDelimiters: [string, RichMark][] = [
  ["||", "spoiler"],
  ["__", "u"],
  ["*", "b"],
  ["_", "i"],
  ["~", "s"],
];

/**
 * Telegram's MarkdownV2: `*bold*`, `_italic_`, `__underline__`, `~strike~`, `||spoiler||`,
 * `` `code` ``, ```` ```pre``` ````, `[text](url)`, `>` quoted lines; `\x` is a literal x.
 */
export function parseMarkdownV2(text: string): RichNode[] {
  const tree = new TreeBuilder();
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (lineStart) {
      lineStart = false;
      const quote = quoteMarker(text, i);
      if (quote) {
        if (!tree.has("blockquote")) tree.open("blockquote", "");
        i += quote;
        continue;
      }
    }
    if (c === "\\" && i + 1 < text.length) {
      tree.text(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === "\n") {
      if (tree.has("blockquote") && !quoteMarker(text, i + 1)) tree.close("blockquote");
      tree.text("\n");
      lineStart = true;
      i++;
      continue;
    }
    // `||` ending an expandable quotation's last line marks it expandable; nothing to show.
    if (
      text.startsWith("||", i) &&
      tree.has("blockquote") &&
      !tree.has("spoiler") &&
      (i + 2 === text.length || text[i + 2] === "\n")
    ) {
      i += 2;
      continue;
    }
    if (c === "`") {
      const fence = text.startsWith("```", i) ? "```" : "`";
      const end = findUnescaped(text, fence, i + fence.length);
      if (end !== -1) {
        let body = text.slice(i + fence.length, end);
        if (fence === "```") {
          // The first line names the language when it is a single word.
          const firstLine = /^([\w+#-]*)\n/.exec(body);
          if (firstLine) body = body.slice(firstLine[0].length);
        }
        tree.top().children.push({
          mark: fence === "```" ? "pre" : "code",
          children: [body.replace(/\\([`\\])/g, "$1")],
        });
        i = end + fence.length;
        continue;
      }
    }
    if (c === "[" || (c === "!" && text[i + 1] === "[")) {
      const opener = c === "[" ? "[" : "![";
      tree.open("a", opener);
      i += opener.length;
      continue;
    }
    if (c === "]" && tree.has("a")) {
      const url = text[i + 1] === "(" ? findUnescaped(text, ")", i + 2) : -1;
      if (url !== -1) {
        const href = text.slice(i + 2, url).replace(/\\([)\\])/g, "$1");
        // ![emoji](tg://emoji?id=…) is a custom emoji: its text, not a link.
        tree.close(
          "a",
          tree.top().mark === "a" && tree.top().opener === "![" ? null : safeHref(href),
        );
        i = url + 1;
        continue;
      }
    }
    const delimiter = mdDelimiters.find(([d]) => text.startsWith(d, i));
    if (delimiter) {
      const [d, mark] = delimiter;
      if (!tree.close(mark)) tree.open(mark, d);
      i += d.length;
      continue;
    }
    tree.text(c);
    i++;
  }
  if (tree.has("blockquote")) tree.close("blockquote");
  return tree.finish(false);
}

/** The length of the `>` or `**>` (expandable) that quotes the line starting at `i`, or 0. */
function quoteMarker(text: string, i: number): number {
  if (text[i] === ">") return 1;
  return text.startsWith("**>", i) ? 3 : 0;
}

function findUnescaped(text: string, needle: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith(needle, i)) return i;
  }
  return -1;
}

/** The text without its formatting, e.g. for an accessible label. */
export function plainText(nodes: readonly RichNode[]): string {
  return nodes.map((n) => (typeof n === "string" ? n : plainText(n.children))).join("");
}
