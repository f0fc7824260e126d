import { describe, expect, it } from "vitest";
import {
  parseMarkdownV2,
  parseMessageText,
  parseTelegramHtml,
  plainText,
  safeHref,
} from "./preview-text";

describe("parseTelegramHtml", () => {
  it("reads Telegram's tags and their other spellings", () => {
    expect(
      parseTelegramHtml(
        "<b>Bold</b> <strong>too</strong> <i>it</i><em>em</em> <u>u</u><ins>i</ins> <s>s</s><del>d</del><strike>k</strike> <code>x</code>",
      ),
    ).toEqual([
      { mark: "b", children: ["Bold"] },
      " ",
      { mark: "b", children: ["too"] },
      " ",
      { mark: "i", children: ["it"] },
      { mark: "i", children: ["em"] },
      " ",
      { mark: "u", children: ["u"] },
      { mark: "u", children: ["i"] },
      " ",
      { mark: "s", children: ["s"] },
      { mark: "s", children: ["d"] },
      { mark: "s", children: ["k"] },
      " ",
      { mark: "code", children: ["x"] },
    ]);
  });

  it("nests, links, spoilers, quotes and pre", () => {
    expect(
      parseTelegramHtml(
        '<b>a <i>b</i></b><a href="https://x.test/?a=1&amp;b=2">link</a><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><blockquote expandable>q</blockquote><pre><code class="language-js">1 &lt; 2</code></pre>',
      ),
    ).toEqual([
      { mark: "b", children: ["a ", { mark: "i", children: ["b"] }] },
      { mark: "a", href: "https://x.test/?a=1&b=2", children: ["link"] },
      { mark: "spoiler", children: ["s"] },
      { mark: "spoiler", children: ["t"] },
      { mark: "blockquote", children: ["q"] },
      { mark: "pre", children: [{ mark: "code", children: ["1 < 2"] }] },
    ]);
  });

  it("shows any other markup as text and decodes only Telegram's entities", () => {
    expect(
      parseTelegramHtml(
        "<script>alert(1)</script><img src=x onerror=alert(1)> &lt;b&gt; &#65;&#x42; &nbsp; 1 < 2",
      ),
    ).toEqual(["<script>alert(1)</script><img src=x onerror=alert(1)> <b> AB &nbsp; 1 < 2"]);
    expect(parseTelegramHtml('<span class="x">a</span>')).toEqual(['<span class="x">a</span>']);
  });

  it("never links to script URLs", () => {
    expect(parseTelegramHtml('<a href="javascript:alert(1)">x</a>')).toEqual([
      { mark: "a", href: null, children: ["x"] },
    ]);
    expect(parseTelegramHtml("<a href='tg://user?id=1'>x</a>")).toEqual([
      { mark: "a", href: "tg://user?id=1", children: ["x"] },
    ]);
  });

  it("is lenient with tags Telegram would refuse", () => {
    expect(parseTelegramHtml("<b>open")).toEqual([{ mark: "b", children: ["open"] }]);
    expect(parseTelegramHtml("stray</i>")).toEqual(["stray</i>"]);
    expect(parseTelegramHtml("<b><i>x</b>")).toEqual([
      { mark: "b", children: [{ mark: "i", children: ["x"] }] },
    ]);
  });
});

describe("parseMarkdownV2", () => {
  it("reads the entities and drops escapes", () => {
    expect(parseMarkdownV2("*bold* _it_ __under__ ~gone~ ||hidden|| `a\\`b` 1\\.5\\!")).toEqual([
      { mark: "b", children: ["bold"] },
      " ",
      { mark: "i", children: ["it"] },
      " ",
      { mark: "u", children: ["under"] },
      " ",
      { mark: "s", children: ["gone"] },
      " ",
      { mark: "spoiler", children: ["hidden"] },
      " ",
      { mark: "code", children: ["a`b"] },
      " 1.5!",
    ]);
  });

  it("reads links, custom emoji and pre blocks", () => {
    expect(
      parseMarkdownV2(
        "[site](https://x.test/a\\)b) ![👍](tg://emoji?id=1) [bad](javascript:x)\n```js\nlet a = 1;\n```",
      ),
    ).toEqual([
      { mark: "a", href: "https://x.test/a)b", children: ["site"] },
      " ",
      { mark: "a", href: null, children: ["👍"] },
      " ",
      { mark: "a", href: null, children: ["bad"] },
      "\n",
      { mark: "pre", children: ["let a = 1;\n"] },
    ]);
  });

  it("quotes consecutive > lines, expandable ones too", () => {
    expect(parseMarkdownV2(">one\n>two\nafter")).toEqual([
      { mark: "blockquote", children: ["one\ntwo"] },
      "\nafter",
    ]);
    expect(parseMarkdownV2("**>long\n>quote||")).toEqual([
      { mark: "blockquote", children: ["long\nquote"] },
    ]);
  });

  it("puts unclosed delimiters back as text", () => {
    expect(parseMarkdownV2("2*3 and _x")).toEqual(["2*3 and _x"]);
    expect(parseMarkdownV2("*a _b*")).toEqual([
      { mark: "b", children: ["a ", { mark: "i", children: ["b"] }] },
    ]);
  });
});

describe("parseMessageText", () => {
  it("leaves plain text alone", () => {
    expect(parseMessageText("<b>*x*</b>", null)).toEqual(["<b>*x*</b>"]);
    expect(parseMessageText("", null)).toEqual([]);
    expect(plainText(parseMessageText("<b>a</b> <i>b</i>", "HTML"))).toBe("a b");
  });

  it("accepts only links a chat may open", () => {
    expect(safeHref(" https://x.test ")).toBe("https://x.test");
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(safeHref("data:text/html,x")).toBeNull();
    expect(safeHref("JavaScript:alert(1)")).toBeNull();
  });
});
