import { describe, expect, it } from "vitest";
import {
  checkMarkdownV2,
  escapeFor,
  renderTemplate,
  resolveVariable,
  templateVariables,
  type TemplateScope,
} from "./template";

const scope: TemplateScope = {
  contact: {
    first_name: "Anna",
    last_name: null,
    username: "anna_k",
    id: "c-1",
    fields: { city: "Kazan" },
  },
  order: { id: "o-7", amount: 1490, currency: "RUB", product_title: "E-book" },
  event: { type: "payout.credited", payout: { amount: 12.5, lines: [{ sku: "A-1" }] } },
  bot: { username: "shop_bot" },
  flow: { answer: "42", email: "a@example.com", paid: true, tags: ["vip", "new"] },
};

const markdownReserved = "_*[]()~`>#+-=|{}.!\\";

describe("renderTemplate", () => {
  it("fills variables from every group", () => {
    expect(
      renderTemplate(
        "{{contact.first_name}} {{order.amount}} {{order.currency}} {{event.type}} @{{bot.username}} {{contact.fields.city}}",
        scope,
        "plain",
      ),
    ).toBe("Anna 1490 RUB payout.credited @shop_bot Kazan");
  });

  it("reads flow variables bare, as the editor writes them, and with the flow. prefix", () => {
    expect(renderTemplate("{{answer}} / {{flow.answer}}", scope, "plain")).toBe("42 / 42");
  });

  it("treats a lone group name as a flow variable", () => {
    const s: TemplateScope = { order: { id: "o-1" }, flow: { order: "pizza" } };
    expect(renderTemplate("{{order}} {{order.id}} {{flow.order}}", s, "plain")).toBe(
      "pizza o-1 pizza",
    );
  });

  it("resolves nested paths through objects and arrays", () => {
    expect(
      renderTemplate("{{event.payout.amount}} {{event.payout.lines.0.sku}}", scope, "plain"),
    ).toBe("12.5 A-1");
  });

  it("allows whitespace inside the braces, newlines included", () => {
    expect(renderTemplate("Hi {{ contact.first_name }}{{\n  answer\t}}!", scope, "plain")).toBe(
      "Hi Anna42!",
    );
  });

  it("renders missing and unknown variables as nothing", () => {
    expect(
      renderTemplate(
        "[{{contact.phone}}][{{contact.last_name}}][{{nope}}][{{order.id.deeper}}][{{contact.first_name.length}}]",
        scope,
        "plain",
      ),
    ).toBe("[][][][][]");
    expect(renderTemplate("Hi {{contact.first_name}}!", {}, "plain")).toBe("Hi !");
  });

  it("uses the fallback when the value is missing or empty", () => {
    const s: TemplateScope = { contact: { first_name: "", last_name: "   " }, flow: { list: [] } };
    expect(renderTemplate('Hi {{contact.first_name | "friend"}}', s, "plain")).toBe("Hi friend");
    expect(renderTemplate('Hi {{ contact.last_name|"friend" }}', s, "plain")).toBe("Hi friend");
    expect(renderTemplate('Hi {{contact.username | "friend"}}', s, "plain")).toBe("Hi friend");
    expect(renderTemplate('{{list | "none"}}', s, "plain")).toBe("none");
    expect(renderTemplate('{{contact.first_name | "friend"}}', scope, "plain")).toBe("Anna");
    expect(renderTemplate('[{{contact.first_name | ""}}]', s, "plain")).toBe("[]");
  });

  it("reads \\ escapes in a fallback", () => {
    expect(renderTemplate('{{x | "say \\"hi\\" \\\\ \\{ok\\}"}}', {}, "plain")).toBe(
      'say "hi" \\ {ok}',
    );
  });

  it("keeps a value of 0 or false rather than the fallback", () => {
    const s: TemplateScope = { flow: { zero: 0, no: false } };
    expect(renderTemplate('{{zero | "x"}} {{no | "x"}}', s, "plain")).toBe("0 false");
  });

  it("formats values: numbers, booleans, arrays, objects, dates, null", () => {
    const s: TemplateScope = {
      flow: {
        n: -3.25,
        big: 12345678901234567890n,
        yes: true,
        list: ["a", 1, null, "", ["b", "c"]],
        obj: { a: 1, b: [true], c: 2n },
        when: new Date("2025-03-01T10:00:00Z"),
        bad: new Date("nope"),
        nil: null,
        fn: () => "no",
      },
    };
    expect(
      renderTemplate(
        "{{n}}|{{big}}|{{yes}}|{{list}}|{{obj}}|{{when}}|{{bad}}|{{nil}}|{{fn}}",
        s,
        "plain",
      ),
    ).toBe(
      '-3.25|12345678901234567890|true|a, 1, b, c|{"a":1,"b":[true],"c":"2"}|2025-03-01T10:00:00.000Z|||',
    );
  });

  it("escapes every MarkdownV2 reserved character in values, and only in values", () => {
    const s: TemplateScope = { flow: { v: markdownReserved } };
    expect(renderTemplate("*{{v}}* _ok_", s, "markdown")).toBe(
      "*\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\* _ok_",
    );
    for (const c of markdownReserved) {
      expect(renderTemplate("{{v}}", { flow: { v: `a${c}b` } }, "markdown")).toBe(`a\\${c}b`);
    }
  });

  it("escapes HTML special characters in values, and only in values", () => {
    const s: TemplateScope = { flow: { v: `<b>Tom & "Jerry"</b> it's` } };
    expect(renderTemplate("<b>{{v}}</b>", s, "html")).toBe(
      "<b>&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; it&#39;s</b>",
    );
    expect(
      renderTemplate(
        '<a href="{{order.payment_url}}">Pay</a>',
        {
          order: { payment_url: 'https://pay.example/?a=1&b="x"' },
        },
        "html",
      ),
    ).toBe('<a href="https://pay.example/?a=1&amp;b=&quot;x&quot;">Pay</a>');
  });

  it("escapes nothing in plain text", () => {
    const v = `${markdownReserved}<>&"'`;
    expect(renderTemplate("{{v}}", { flow: { v } }, "plain")).toBe(v);
  });

  it("escapes fallbacks like values", () => {
    expect(renderTemplate('*{{x | "dear friend!"}}*', {}, "markdown")).toBe("*dear friend\\!*");
    expect(renderTemplate('{{x | "a < b"}}', {}, "html")).toBe("a &lt; b");
    // An author who escapes out of habit gets the same result.
    expect(renderTemplate('{{x | "dear friend\\!"}}', {}, "markdown")).toBe("dear friend\\!");
  });

  it("never expands {{…}} inside a value (one pass, no injection)", () => {
    const s: TemplateScope = {
      contact: { first_name: "{{order.payment_url}}", last_name: "{{contact.last_name}}" },
      order: { payment_url: "https://secret" },
    };
    expect(renderTemplate("{{contact.first_name}} {{contact.last_name}}", s, "plain")).toBe(
      "{{order.payment_url}} {{contact.last_name}}",
    );
    expect(renderTemplate("{{contact.first_name}}", s, "markdown")).toBe(
      "\\{\\{order\\.payment\\_url\\}\\}",
    );
    // A fallback is a value too: its (escaped) braces come out as text.
    expect(renderTemplate('{{x | "\\{\\{order.payment_url\\}\\}"}}', s, "plain")).toBe(
      "{{order.payment_url}}",
    );
  });

  it("does not treat $ patterns in values as replacement patterns", () => {
    const s: TemplateScope = { flow: { v: "$& $1 $$ $`" } };
    expect(renderTemplate("[{{v}}]", s, "plain")).toBe("[$& $1 $$ $`]");
  });

  it("reads own properties only", () => {
    expect(
      renderTemplate(
        "[{{contact.constructor}}][{{contact.toString}}][{{flow.__proto__}}][{{hasOwnProperty}}]",
        scope,
        "plain",
      ),
    ).toBe("[][][][]");
  });

  it("leaves what is not a template as written", () => {
    const text = '{{}} {{ first name }} {{1abc}} {{a.}} {x} {{a | friend}} {{a | "x}} }}';
    expect(renderTemplate(text, scope, "plain")).toBe(text);
    expect(renderTemplate("{{{answer}}}", scope, "plain")).toBe("{42}");
  });

  it("handles Cyrillic text and values", () => {
    const s: TemplateScope = {
      contact: { first_name: "Анна-Мария" },
      flow: { city: "Санкт-Петербург." },
    };
    expect(
      renderTemplate("Здравствуйте, {{contact.first_name}}! Город: {{city}}", s, "plain"),
    ).toBe("Здравствуйте, Анна-Мария! Город: Санкт-Петербург.");
    expect(renderTemplate("Привет, *{{contact.first_name}}*\\!", s, "markdown")).toBe(
      "Привет, *Анна\\-Мария*\\!",
    );
    expect(renderTemplate('{{nope | "друг"}}, <i>{{city}}</i>', s, "html")).toBe(
      "друг, <i>Санкт-Петербург.</i>",
    );
  });

  it("renders a text without variables unchanged", () => {
    expect(renderTemplate("Hello *world*\\.", scope, "markdown")).toBe("Hello *world*\\.");
    expect(renderTemplate("", scope, "html")).toBe("");
  });
});

describe("escapeFor", () => {
  it("escapes per parse mode", () => {
    expect(escapeFor("plain", "a_b <c>")).toBe("a_b <c>");
    expect(escapeFor("html", "a_b <c> & d")).toBe("a_b &lt;c&gt; &amp; d");
    expect(escapeFor("markdown", "a_b <c>")).toBe("a\\_b <c\\>");
  });

  it("escapes each MarkdownV2 reserved character once, leaving others alone", () => {
    for (let code = 32; code < 127; code++) {
      const c = String.fromCharCode(code);
      expect(escapeFor("markdown", c)).toBe(markdownReserved.includes(c) ? `\\${c}` : c);
    }
  });

  it("escapes & before producing entities, so nothing is escaped twice", () => {
    expect(escapeFor("html", "&lt;")).toBe("&amp;lt;");
  });
});

describe("templateVariables", () => {
  it("lists the variables used, once each, in order of first use", () => {
    expect(
      templateVariables(
        'Hi {{ contact.first_name | "friend" }}, {{answer}} {{event.payout.amount}} {{contact.first_name}}',
      ),
    ).toEqual(["contact.first_name", "answer", "event.payout.amount"]);
  });

  it("names flow variables as lib/flow/variables.ts does", () => {
    expect(
      templateVariables(
        "{{flow.email}} {{email}} {{flow.resp.id}} {{flow.order}} {{flow.order.id}}",
      ),
    ).toEqual(["email", "resp.id", "order", "flow.order.id"]);
  });

  it("ignores what is not a template", () => {
    expect(templateVariables("{{}} {{ a b }} {x} no variables")).toEqual([]);
  });
});

describe("resolveVariable", () => {
  it("returns the raw value, for conditions", () => {
    expect(resolveVariable(scope, "order.amount")).toBe(1490);
    expect(resolveVariable(scope, "tags")).toEqual(["vip", "new"]);
    expect(resolveVariable(scope, "flow.paid")).toBe(true);
    expect(resolveVariable(scope, "contact.nope")).toBeUndefined();
  });
});

describe("checkMarkdownV2", () => {
  const chars = (text: string) => checkMarkdownV2(text).map((p) => p.char);

  it("accepts correctly escaped text and markup", () => {
    expect(
      checkMarkdownV2(
        "*Hi {{contact.first_name}}*\\! _Order_ __no__ ~old~ ||spoiler|| \\(1\\) 2\\+2\\=4 \\#1 \\{x\\} a\\-b a\\|b a\\>b",
      ),
    ).toEqual([]);
  });

  it("reports reserved characters that cannot be markup where they stand", () => {
    expect(checkMarkdownV2("Hello, world!")).toEqual([
      { code: "unescaped_char", index: 12, char: "!" },
    ]);
    expect(chars("a.b-c+d=e#f{g}h(i)j|k>l")).toEqual([
      ".",
      "-",
      "+",
      "=",
      "#",
      "{",
      "}",
      "(",
      ")",
      "|",
      ">",
    ]);
  });

  it("skips {{variables}}, fallbacks included, but not broken ones", () => {
    expect(checkMarkdownV2('{{ contact.first_name | "my friend." }}')).toEqual([]);
    expect(chars("{{ not a variable }}")).toEqual(["{", "{", "}", "}"]);
  });

  it("skips code spans and blocks, where only ` and \\ are special", () => {
    expect(checkMarkdownV2("`a.b-c!` and ```js\nx = 1 + 2;\n``` \\.")).toEqual([]);
    expect(checkMarkdownV2("`a \\` b.`")).toEqual([]);
    expect(checkMarkdownV2("Use `code. ")).toEqual([
      { code: "unclosed_code", index: 4, char: "`" },
    ]);
  });

  it("skips link URLs, custom emoji and quotations", () => {
    expect(checkMarkdownV2("[site](https://example.com/a-b.c?x=1)")).toEqual([]);
    expect(checkMarkdownV2("![👍](tg://emoji?id=5368324170671202286)")).toEqual([]);
    expect(checkMarkdownV2(">quoted\n>more\n**>expandable||")).toEqual([]);
    expect(chars("[site](https://example.com). Done")).toEqual(["."]);
    expect(chars("a > b")).toEqual([">"]);
  });

  it("reports positions in UTF-16 code units, Cyrillic and emoji included", () => {
    expect(checkMarkdownV2("Привет 👋.")).toEqual([
      { code: "unescaped_char", index: 9, char: "." },
    ]);
  });

  it("escapes values for a JSON string literal in json mode", () => {
    const scope = { flow: { name: 'Ann "the" \\ <b>\n' } };
    const body = renderTemplate('{"name":"{{name}}"}', scope, "json");
    expect(JSON.parse(body)).toEqual({ name: 'Ann "the" \\ <b>\n' });
  });
});
