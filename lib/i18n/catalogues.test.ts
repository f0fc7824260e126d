import fs from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { locales, localeFromAcceptLanguage, namespaces } from "./config";
import { loadMessages } from "./messages";

const messagesDir = path.resolve(import.meta.dirname, "../../messages");

/** Every leaf as "a.b.c" → value, so two catalogues can be compared key by key. */
function flatten(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      for (const [leaf, leafValue] of flatten(v, prefix ? `${prefix}.${k}` : k)) {
        out.set(leaf, leafValue);
      }
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

/** The names a message interpolates ({name}, plurals, <tags>), from its ICU syntax tree. */
function argumentsOf(nodes: AstNode[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    // Type 0 is literal text and 7 is the plural's '#'; every other node names an argument.
    if (node.type !== 0 && node.type !== 7 && typeof node.value === "string") out.add(node.value);
    for (const option of Object.values(node.options ?? {})) argumentsOf(option.value, out);
    if (node.children) argumentsOf(node.children, out);
  }
  return out;
}

function parse(message: string, locale: string): Set<string> {
  return argumentsOf(new IntlMessageFormat(message, locale).getAst() as AstNode[]);
}

function read(locale: string, ns: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(messagesDir, locale, `${ns}.json`), "utf8"));
}

describe("message catalogues", () => {
  it("has a file for every namespace in every locale, and no file outside the list", () => {
    for (const locale of locales) {
      const files = fs
        .readdirSync(path.join(messagesDir, locale))
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.replace(/\.json$/, ""))
        .sort();
      expect(files).toEqual([...namespaces].sort());
    }
  });

  for (const ns of namespaces) {
    it(`${ns}: en and ru have exactly the same keys`, () => {
      const [first, ...rest] = locales;
      const reference = [...flatten(read(first, ns)).keys()].sort();
      expect(reference.length).toBeGreaterThan(0);
      for (const locale of rest) {
        expect([...flatten(read(locale, ns)).keys()].sort(), `${locale}/${ns}.json`).toEqual(
          reference,
        );
      }
    });

    it(`${ns}: every message is a non-empty string`, () => {
      for (const locale of locales) {
        for (const [key, value] of flatten(read(locale, ns))) {
          expect(typeof value, `${locale}/${ns}.json ${key}`).toBe("string");
          expect(String(value).trim(), `${locale}/${ns}.json ${key}`).not.toBe("");
        }
      }
    });
  }

  for (const ns of namespaces) {
    it(`${ns}: every message is valid ICU and uses the same arguments in every language`, () => {
      const [first, ...rest] = locales;
      for (const [key, message] of flatten(read(first, ns))) {
        const expected = [...parse(String(message), first)].sort();
        for (const locale of rest) {
          const translated = flatten(read(locale, ns)).get(key);
          expect(
            [...parse(String(translated), locale)].sort(),
            `${locale}/${ns}.json ${key}`,
          ).toEqual(expected);
        }
      }
    });
  }

  it("loads every namespace through loadMessages", async () => {
    for (const locale of locales) {
      expect(Object.keys(await loadMessages(locale)).sort()).toEqual([...namespaces].sort());
    }
  });
});

describe("localeFromAcceptLanguage", () => {
  it("falls back to English without a header or a supported language", () => {
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage("")).toBe("en");
    expect(localeFromAcceptLanguage("de-DE,fr;q=0.8")).toBe("en");
  });

  it("matches a region variant to its language", () => {
    expect(localeFromAcceptLanguage("ru-RU")).toBe("ru");
    expect(localeFromAcceptLanguage("RU")).toBe("ru");
  });

  it("follows the quality values, not the order", () => {
    expect(localeFromAcceptLanguage("en;q=0.5,ru;q=0.9")).toBe("ru");
    expect(localeFromAcceptLanguage("ru;q=0.3, en-GB;q=0.7")).toBe("en");
  });

  it("skips unsupported languages to reach a supported one", () => {
    expect(localeFromAcceptLanguage("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7")).toBe("ru");
  });

  it("treats a wildcard or malformed entries as unsupported", () => {
    expect(localeFromAcceptLanguage("*")).toBe("en");
    expect(localeFromAcceptLanguage(";;,ru;q=abc")).toBe("ru");
  });
});
