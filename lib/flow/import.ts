import { parseFlowDocument, type FlowDocument } from "./document";

export interface ImportProblem {
  /** Where: `line 3, column 5` for JSON syntax, `nodes[2].position.x` for the document. */
  where: string;
  message: string;
}

export type ImportResult =
  { ok: true; document: FlowDocument } | { ok: false; problems: ImportProblem[] };

/** The most problems an import lists; a wholly wrong file would otherwise print hundreds. */
const problemLimit = 50;

/**
 * Reads a flow from JSON text, as exported by the editor or returned by GET …/draft (the
 * `document` inside it is taken). Every problem says where it is, so the owner can fix the file.
 */
export function importFlowJson(text: string): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [syntaxProblem(text, err)] };
  }
  if (isRecord(value) && !("nodes" in value) && isRecord(value.document)) value = value.document;
  const parsed = parseFlowDocument(value);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    problems: parsed.errors.slice(0, problemLimit).map((e) => ({
      where: formatPath(e.path, value),
      message: e.message,
    })),
  };
}

/** `nodes[2].config.text`, naming the node when the path runs through one: `nodes[2] (id "m1")`. */
export function formatPath(path: readonly (string | number)[], document?: unknown): string {
  if (!path.length) return "(document)";
  let text = "";
  for (const part of path)
    text += typeof part === "number" ? `[${part}]` : text ? `.${part}` : part;
  const [list, index] = path;
  if ((list === "nodes" || list === "edges") && typeof index === "number" && isRecord(document)) {
    const items = document[list];
    const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
    if (isRecord(item) && typeof item.id === "string") text += ` (id "${item.id}")`;
  }
  return text;
}

function syntaxProblem(text: string, err: unknown): ImportProblem {
  if (!text.trim()) return { where: "(file)", message: "The file is empty" };
  // Engines word JSON errors differently and not all give an offset: find it ourselves.
  const offset = jsonErrorOffset(text);
  const reason = err instanceof SyntaxError ? err.message.replace(/,? ".*$/s, "") : "";
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const found =
    offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : "unexpected end of file";
  return {
    where: `line ${line}, column ${column}`,
    message: `Not valid JSON: ${found}${reason && !reason.startsWith("Unexpected") ? ` (${reason})` : ""}`,
  };
}

/**
 * The offset of the first character where `text` stops being JSON (RFC 8259): a small
 * recursive-descent scan, only run after JSON.parse has already refused the text.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (at = i): never => {
    throw at;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        const esc = text[i];
        if (esc === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail(i + k);
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ":") fail();
        i++;
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (ch === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    if (typeof at === "number") return Math.min(at, text.length);
    throw at;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The editor's export: the document alone, pretty-printed, ending in a newline. */
export function exportFlowJson(document: FlowDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
