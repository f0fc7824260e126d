import { describe, expect, it } from "vitest";
import {
  keywordPhrases,
  matchFaq,
  normalizeText,
  stem,
  stemsMatch,
  tokenize,
  type FaqCandidate,
} from "./faq-match";

/** Whether two words are the same word to the matcher. */
const same = (a: string, b: string) => stemsMatch(stem(a), stem(b));

describe("tokenize", () => {
  it("keeps letters and digits of any script, lower case, ё as е, й composed", () => {
    expect(tokenize("Где мой ФАЙЛ?! Заказ №123, ёлка, и\u0306од")).toEqual([
      "где",
      "мой",
      "файл",
      "заказ",
      "123",
      "елка",
      "йод",
    ]);
    expect(tokenize("Refund—please… e-mail")).toEqual(["refund", "please", "e", "mail"]);
  });

  it("keeps a word with an apostrophe whole", () => {
    expect(tokenize("I don't get the customer’s file")).toEqual([
      "i",
      "dont",
      "get",
      "the",
      "customers",
      "file",
    ]);
  });

  it("finds no words in emoji and punctuation", () => {
    expect(tokenize("👍 ?!… —")).toEqual([]);
  });

  it("normalizeText joins the words single-spaced", () => {
    expect(normalizeText("  Где  мой файл???")).toBe("где мой файл");
    expect(normalizeText("ГДЕ МОЙ ФАЙЛ")).toBe(normalizeText("где мой файл"));
  });
});

describe("the Russian stemmer", () => {
  it.each([
    [["доставка", "доставки", "доставку", "доставкой", "доставке"], "доставк"],
    [["файл", "файлы", "файлов", "файлом", "файле"], "файл"],
    [["оплата", "оплаты", "оплатой", "оплатить", "оплатил", "оплатила", "оплатите"], "оплат"],
    [["ссылка", "ссылку", "ссылки", "ссылкой"], "ссылк"],
    [["получить", "получил", "получила", "получу"], "получ"],
    [["красивый", "красивая", "красивое", "красивыми", "красивого"], "красив"],
    [["промокод", "промокоды", "промокода", "промокодом"], "промокод"],
    [["возврат", "возврата", "возвраты"], "возврат"],
  ])("%j all stem to %s", (words, expected) => {
    for (const w of words) expect(stem(w), w).toBe(expected);
  });

  it("takes reflexive verbs and participles apart", () => {
    expect(stem("зарегистрироваться")).toBe(stem("зарегистрировать"));
    expect(stem("оплаченный")).toBe(stem("оплаченная"));
  });

  it("matches a verb and its noun when one stem extends the other by a letter or two", () => {
    expect(same("доставить", "доставка")).toBe(true);
    expect(same("вернуть", "верну")).toBe(true);
    expect(same("работаете", "работа")).toBe(true);
  });

  it("leaves short words alone", () => {
    expect(stem("не")).toBe("не");
    expect(stem("мы")).toBe("мы");
  });

  // What a suffix stemmer cannot see: alternating consonants and fleeting vowels.
  it("does not know that оплачу is оплатить, or денег деньги, or пришёл пришла", () => {
    expect(same("оплачу", "оплатить")).toBe(false);
    expect(same("денег", "деньги")).toBe(false);
    expect(same("пришёл", "пришла")).toBe(false);
    expect(same("скачать", "скачивать")).toBe(false);
  });

  it("keeps words apart when one only starts the other", () => {
    expect(same("карта", "картинка")).toBe(false);
    expect(same("кот", "котлета")).toBe(false);
  });
});

describe("the English stemmer", () => {
  it.each([
    [["refund", "refunds", "refunded", "refunding"], "refund"],
    [["pay", "pays", "paying"], "pay"],
    [["ship", "ships", "shipping", "shipped"], "ship"],
    [["file", "files", "filing", "filed"], "fil"],
    [["price", "prices", "pricing", "priced"], "pric"],
    [["download", "downloads", "downloading", "downloaded"], "download"],
    [["delivery", "deliveries"], "deliveri"],
    [["box", "boxes"], "box"],
    [["match", "matches"], "match"],
    [["reply", "replies", "replied"], "repli"],
  ])("%j all stem to %s", (words, expected) => {
    for (const w of words) expect(stem(w), w).toBe(expected);
  });

  it("does not take plurals from words that only end in s", () => {
    expect(stem("status")).toBe("status");
    expect(stem("this")).toBe("this");
    expect(stem("class")).toBe("class");
    expect(stem("bus")).toBe("bus");
  });

  it("does not cut -ing or -ed off words that are mostly ending", () => {
    expect(stem("thing")).toBe("thing");
    expect(stem("bed")).toBe("bed");
    expect(stem("feed")).toBe("feed");
  });

  it("matches deliver with delivery", () => {
    expect(same("delivered", "delivery")).toBe(true);
  });

  it("does not know irregular forms or derived words", () => {
    expect(same("paid", "pay")).toBe(false);
    expect(same("payment", "pay")).toBe(false);
  });

  it("leaves digits and mixed words as they are", () => {
    expect(stem("2024")).toBe("2024");
    expect(stem("mp3")).toBe("mp3");
  });
});

describe("keywordPhrases", () => {
  it("splits a line into synonyms at commas, each a list of word stems", () => {
    expect(keywordPhrases("доставка, получить файл; скачать")).toEqual([
      ["доставк"],
      ["получ", "файл"],
      ["скача"],
    ]);
  });

  it("drops alternatives without words", () => {
    expect(keywordPhrases(" , 👍 ,refund")).toEqual([["refund"]]);
  });
});

describe("matchFaq", () => {
  const ru: FaqCandidate[] = [
    { question: "Как получить файл?", keywords: ["доставка, получить, скачать", "ссылка"] },
    { question: "Как оплатить?", keywords: ["оплата", "карта", "звёзды, stars"] },
    { question: "Можно вернуть деньги?", keywords: ["возврат", "вернуть деньги"] },
    { question: "", keywords: ["спасибо, благодарю"] },
  ];

  it.each([
    ["Когда будет доставка?", 0],
    ["не могу скачать файлы", 0],
    ["а где ссылку взять", 0],
    ["Можно оплатить картой?", 1],
    ["оплатой через Stars можно?", 1],
    ["ЗВЁЗДАМИ платить можно?", 1],
    ["хочу возврат", 2],
    ["верните деньги пожалуйста", 2],
    ["Спасибо!", 3],
  ])("%s → entry %i", (text, index) => {
    expect(matchFaq(text, ru)?.index).toBe(index);
  });

  it.each([
    "Здравствуйте",
    "деньги",
    "вернуть товар",
    "оплачу завтра",
    "👍",
    "",
    "   ",
    "какая погода",
  ])("%j matches nothing", (text) => {
    expect(matchFaq(text, ru)).toBeNull();
  });

  it("needs every word of a phrase, in any order and form", () => {
    expect(matchFaq("деньги верните", ru)?.index).toBe(2);
    expect(matchFaq("деньги", ru)).toBeNull();
  });

  it("picks an entry whose question the message is, whatever the keywords say", () => {
    const entries: FaqCandidate[] = [
      { question: "", keywords: ["получить"] },
      { question: "Как получить файл?", keywords: ["zzz"] },
    ];
    expect(matchFaq("как получить файл", entries)).toEqual({ index: 1, score: Infinity });
    expect(matchFaq("получить", entries)?.index).toBe(0);
  });

  it("prefers the entry that covers more of the message", () => {
    const entries: FaqCandidate[] = [
      { question: "", keywords: ["оплата"] },
      { question: "", keywords: ["оплата", "ошибка"] },
    ];
    expect(matchFaq("ошибка при оплате", entries)).toEqual({ index: 1, score: 2 });
  });

  it("counts a message word once, however many synonyms it matches", () => {
    const entries: FaqCandidate[] = [
      { question: "", keywords: ["доставка", "доставить", "доставку"] },
      { question: "", keywords: ["доставка", "срок"] },
    ];
    expect(matchFaq("срок доставки", entries)).toEqual({ index: 1, score: 2 });
    expect(matchFaq("доставка", entries)).toEqual({ index: 0, score: 1 });
  });

  it("breaks a tie by the longer matched phrase, then by order", () => {
    const entries: FaqCandidate[] = [
      { question: "", keywords: ["money", "back"] },
      { question: "", keywords: ["money back"] },
      { question: "", keywords: ["money back"] },
    ];
    expect(matchFaq("money back please", entries)?.index).toBe(1);
    expect(matchFaq("money back", entries.slice(1))?.index).toBe(0);
  });

  it("matches English word forms", () => {
    const en: FaqCandidate[] = [
      { question: "How do I get my file?", keywords: ["delivery, download, receive"] },
      { question: "How do I pay?", keywords: ["pay, payment, stars"] },
      { question: "Refunds", keywords: ["refund", "money back"] },
    ];
    expect(matchFaq("When is my order delivered?", en)?.index).toBe(0);
    expect(matchFaq("downloading fails", en)?.index).toBe(0);
    expect(matchFaq("I am paying with a card", en)?.index).toBe(1);
    expect(matchFaq("Do you do refunds?", en)?.index).toBe(2);
    expect(matchFaq("I want my money back", en)?.index).toBe(2);
    expect(matchFaq("how do i get my file", en)?.index).toBe(0);
    expect(matchFaq("Hello there", en)).toBeNull();
    expect(matchFaq("I paid already", en)).toBeNull();
  });

  it("matches nothing without entries or keywords", () => {
    expect(matchFaq("доставка", [])).toBeNull();
    expect(matchFaq("доставка", [{ question: "", keywords: [] }])).toBeNull();
  });
});
