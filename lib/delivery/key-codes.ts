import { z } from "zod";

/**
 * License keys as staff upload them: pasted one per line, or a CSV export whose first column
 * holds the keys. Isomorphic: the key pool panel counts what it is about to send with these.
 */

export const MAX_KEYS_PER_UPLOAD = 10_000;
export const MAX_KEY_LENGTH = 500;
/** The API's body limit (lib/api/body.ts); the panel refuses a bigger file before sending. */
export const MAX_KEY_UPLOAD_BYTES = 1024 * 1024;

export const addKeysInput = z.strictObject({
  codes: z
    .array(z.string().max(MAX_KEY_LENGTH, `A key is at most ${MAX_KEY_LENGTH} characters`))
    .min(1, "Send at least one key")
    .max(MAX_KEYS_PER_UPLOAD, `At most ${MAX_KEYS_PER_UPLOAD} keys per upload`)
    .describe("The keys; surrounding spaces are trimmed, blank ones dropped"),
});

/** A header cell that names the column instead of holding a key ("key", "code", "Ключ"). */
const headerCell = /^(license[ _-]?)?(keys?|codes?)$|^(ключ|ключи|код|коды)$/i;

/** One key per line; spaces trimmed, blank lines dropped. */
export function keysFromLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The first column of a CSV text (RFC 4180: quoted cells may hold the delimiter, line breaks and
 * doubled quotes). The delimiter is the first , ; or tab outside quotes (Excel's regional exports
 * differ); a file with none is one key per line. A header row is skipped.
 */
export function keysFromCsv(text: string): string[] {
  const source = text.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(source);
  const firsts: string[] = [];
  let cell = "";
  let column = 0;
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        if (column === 0) cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else if (column === 0) cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) column++;
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      firsts.push(cell);
      cell = "";
      column = 0;
    } else if (column === 0) cell += ch;
  }
  firsts.push(cell);
  const keys = firsts.map((c) => c.trim()).filter(Boolean);
  if (keys.length && headerCell.test(keys[0]!)) keys.shift();
  return keys;
}

function detectDelimiter(source: string): string | null {
  let quoted = false;
  for (const ch of source) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) return ch;
  }
  return null;
}
