/**
 * Plain text with its web addresses found, for the course page: the page renders text pieces as
 * text (React escapes them) and links as <a>, so an owner's page content can never inject HTML
 * or a `javascript:` link. Isomorphic and pure.
 */
export type TextPiece = { text: string } | { href: string; text: string };

/** http(s) URLs up to whitespace or an angle bracket; closing punctuation is left out. */
const url = /https?:\/\/[^\s<>"]+/gi;

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(url)) {
    let href = match[0];
    // "See https://x.example/a." — the full stop ends the sentence, not the address. A closing
    // bracket stays when the address opened one (Wikipedia-style "…_(film)").
    for (;;) {
      const last = href.at(-1)!;
      if (/[.,;:!?'*]/.test(last)) href = href.slice(0, -1);
      else if (last === ")" && count(href, "(") < count(href, ")")) href = href.slice(0, -1);
      else break;
    }
    if (match.index > at) pieces.push({ text: text.slice(at, match.index) });
    pieces.push({ href, text: href });
    at = match.index + href.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
