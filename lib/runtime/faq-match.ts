/**
 * How the faq node finds the answer to a customer's message: the message and every keyword are
 * cut into words, each word is reduced to a stem (a light suffix stemmer for Russian and
 * English, below), and the entry whose keywords cover most of the message's words wins.
 *
 * Keywords, as owners write them (one per line in the editor):
 * - a line may hold synonyms separated by commas: "доставка, получить, скачать" — any of them;
 * - several words together ("вернуть деньги") match only when every one of them is in the
 *   message, in any order and any word form the stemmer recognises.
 *
 * The stemmer strips inflectional endings only. It maps "доставка", "доставки", "доставку" and
 * "доставкой" to one stem, "refunds" and "refunded" to "refund", "paying" to "pay"; it cannot
 * see that "оплачу" is "оплатить" (т/ч alternate) or that "paid" is "pay". Owners who need
 * those list them as synonyms.
 */

/** Words of a text: runs of Unicode letters and digits, lower case, ё as е, apostrophes dropped. */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize("NFC")
      .toLowerCase()
      .replaceAll("ё", "е")
      // "don't", "customer's": one word, as the stemmer expects.
      .replace(/(\p{L})['’](\p{L})/gu, "$1$2")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A text as the unanswered list groups it: its words, lower case, single-spaced. */
export function normalizeText(text: string): string {
  return tokenize(text).join(" ");
}

/** The stem of one word as `tokenize` returns it; words of other scripts stay as they are. */
export function stem(word: string): string {
  if (/^[а-я]+$/.test(word)) return stemRussian(word);
  if (/^[a-z]+$/.test(word)) return stemEnglish(word);
  return word;
}

const ruVowel = /[аеиоуыэюя]/;

// Endings after the Snowball Russian stemmer (snowballstem.org/algorithms/russian), without its
// derivational step. Group 1 endings count only after "а" or "я", which stay.
const perfectiveGerund1 = ["вшись", "вши", "в"];
const perfectiveGerund2 = ["ившись", "ывшись", "ивши", "ывши", "ив", "ыв"];
const reflexive = ["ся", "сь"];
// prettier-ignore
const adjective = [
  "ими", "ыми", "его", "ого", "ему", "ому", "ее", "ие", "ые", "ое", "ей", "ий", "ый", "ой",
  "ем", "им", "ым", "ом", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
];
const participle1 = ["ем", "нн", "вш", "ющ", "щ"];
const participle2 = ["ивш", "ывш", "ующ"];
// prettier-ignore
const verb1 = [
  "ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь",
  "нно",
];
// prettier-ignore
const verb2 = [
  "ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым",
  "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю",
];
// prettier-ignore
const noun = [
  "иями", "ями", "ами", "ией", "иям", "ием", "иях", "ев", "ов", "ие", "ье", "еи", "ии", "ей", "ой",
  "ий", "ям", "ем", "ам", "ом", "ах", "ях", "ию", "ью", "ия", "ья", "а", "е", "и", "й", "о", "у",
  "ы", "ь", "ю", "я",
];
const superlative = ["ейше", "ейш"];

/**
 * Removes the longest of `endings` that ends `word` within its RV region (from `rv`), or
 * returns undefined. With `afterAYa` the ending must follow "а" or "я", inside RV too.
 */
function strip(word: string, rv: number, endings: readonly string[], afterAYa = false) {
  let best: string | undefined;
  for (const ending of endings) {
    if (!word.endsWith(ending)) continue;
    const at = word.length - ending.length;
    if (at < rv) continue;
    if (afterAYa && (at - 1 < rv || !"ая".includes(word[at - 1]!))) continue;
    if (!best || ending.length > best.length) best = ending;
  }
  return best === undefined ? undefined : word.slice(0, word.length - best.length);
}

function stripEither(word: string, rv: number, group1: string[], group2: string[]) {
  const a = strip(word, rv, group1, true);
  const b = strip(word, rv, group2);
  if (a === undefined) return b;
  if (b === undefined) return a;
  // The longer ending wins, as in Snowball's single `among`.
  return a.length <= b.length ? a : b;
}

function stemRussian(word: string): string {
  if (word.length <= 2) return word;
  const firstVowel = word.search(ruVowel);
  if (firstVowel < 0) return word;
  // RV: the part after the first vowel; endings are only looked for there.
  const rv = firstVowel + 1;
  let w = word;
  const gerund = stripEither(w, rv, perfectiveGerund1, perfectiveGerund2);
  if (gerund !== undefined) w = gerund;
  else {
    w = strip(w, rv, reflexive) ?? w;
    const adj = strip(w, rv, adjective);
    if (adj !== undefined) w = stripEither(adj, rv, participle1, participle2) ?? adj;
    else w = stripEither(w, rv, verb1, verb2) ?? strip(w, rv, noun) ?? w;
  }
  w = strip(w, rv, ["и"]) ?? w;
  const sup = strip(w, rv, superlative);
  if (sup !== undefined) w = sup;
  if (w.endsWith("нн") && w.length - 2 >= rv) w = w.slice(0, -1);
  else w = strip(w, rv, ["ь"]) ?? w;
  return w.length >= 2 ? w : word;
}

const enVowel = /[aeiouy]/;

function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  // Plurals and third person: boxes, matches, deliveries, refunds; not "status", "this", "class".
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|us|is)$/.test(w)) {
    // not a plural
  } else if (/(?:x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);
  // paying, refunded, shipping, shipped: the rest must still look like a word (a vowel, 3+ letters).
  const suffix = ["ingly", "edly", "ing", "ed"].find((s) => {
    if (!w.endsWith(s)) return false;
    const rest = w.slice(0, -s.length);
    return rest.length >= 3 && enVowel.test(rest);
  });
  if (suffix) {
    w = w.slice(0, -suffix.length);
    if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith("ly") && w.length >= 6) w = w.slice(0, -2);
  // delivery/deliveries → deliveri, file/filing → fil: one form for both spellings.
  if (/[^aeiou]y$/.test(w) && w.length > 3) w = `${w.slice(0, -1)}i`;
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/**
 * Whether a keyword's stem and a message's stem are the same word. Besides equal stems, a stem
 * of 4+ letters also matches one that extends it by at most two letters: "достав" (доставить)
 * and "доставк" (доставка), "deliver" and "deliveri" (delivery). Shorter stems must be equal,
 * so "цен" (цена) does not match "ценн" (ценный).
 */
export function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.length - short.length <= 2 && long.startsWith(short);
}

/** What the matcher needs of an faq entry. */
export interface FaqCandidate {
  question: string;
  keywords: readonly string[];
}

export interface FaqMatch {
  /** The entry's position in the list. */
  index: number;
  /** How many of the message's words its matched keywords cover; Infinity: the question itself. */
  score: number;
}

/** A keyword line's alternatives, each as the stems of its words: "a b, c" → [[a, b], [c]]. */
export function keywordPhrases(keyword: string): string[][] {
  return keyword
    .split(/[,;]/)
    .map((alternative) => tokenize(alternative).map(stem))
    .filter((stems) => stems.length > 0);
}

/**
 * The entry that answers `text`, or null. A message that is an entry's question (same words, in
 * any form) picks it. Otherwise each entry scores the number of the message's words covered by
 * its matched keywords (a phrase matches when all its words are there); the highest score wins,
 * at least one keyword must match, and a tie goes to the entry with the longer matched phrase,
 * then to the one listed first.
 */
export function matchFaq(text: string, entries: readonly FaqCandidate[]): FaqMatch | null {
  const words = tokenize(text).map(stem);
  if (words.length === 0) return null;
  const asked = words.join(" ");
  const byQuestion = entries.findIndex(
    (e) => e.question.trim() !== "" && tokenize(e.question).map(stem).join(" ") === asked,
  );
  if (byQuestion >= 0) return { index: byQuestion, score: Infinity };

  let best: (FaqMatch & { longest: number }) | null = null;
  for (const [index, entry] of entries.entries()) {
    const covered = new Set<number>();
    let longest = 0;
    for (const phrase of entry.keywords.flatMap(keywordPhrases)) {
      const hits = phrase.map((k) => words.flatMap((w, i) => (stemsMatch(k, w) ? [i] : [])));
      if (hits.some((h) => h.length === 0)) continue;
      for (const h of hits) for (const i of h) covered.add(i);
      longest = Math.max(longest, phrase.length);
    }
    const score = covered.size;
    if (score === 0) continue;
    if (!best || score > best.score || (score === best.score && longest > best.longest))
      best = { index, score, longest };
  }
  if (!best) return null;
  const { index, score } = best;
  return { index, score };
}
