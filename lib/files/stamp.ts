import "server-only";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont } from "pdf-lib";

export interface PdfStamp {
  /** Who bought it: a name, @username or Telegram id. */
  buyer: string;
  /** The order's number as the buyer knows it. */
  order: string;
}

export type StampResult =
  | { stamped: true; bytes: Uint8Array; pages: number }
  /** The input, unchanged, and why (for the journal): not a PDF, broken, encrypted. */
  | { stamped: false; bytes: Uint8Array; reason: string };

const FONT_SIZE = 7;
const MARGIN = 14;
const MAX_FIELD = 80;
/** pdf-lib holds the whole document in memory; larger files are delivered unstamped. */
export const MAX_STAMP_BYTES = 200 * 1024 * 1024;

let fontBytes: Promise<Buffer> | undefined;

/**
 * DejaVu Sans covers Latin, Cyrillic and Greek; pdf-lib's built-in Helvetica is WinAnsi only
 * and cannot write "Иван". Resolved from the working directory so bundling cannot move it.
 */
function loadFont(): Promise<Buffer> {
  fontBytes ??= fs
    .readFile(
      createRequire(path.join(process.cwd(), "package.json")).resolve(
        "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
      ),
    )
    .catch((err: unknown) => {
      fontBytes = undefined;
      throw err;
    });
  return fontBytes;
}

export function stampLine(stamp: PdfStamp): string {
  const clean = (s: string) =>
    s
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
      .trim()
      .slice(0, MAX_FIELD);
  return `Licensed to ${clean(stamp.buyer)} · order ${clean(stamp.order)}`;
}

/** Characters the font has no glyph for (emoji in a name) would draw as boxes: drop them. */
function drawable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text]
    .filter((ch) => supported.has(ch.codePointAt(0)!))
    .join("")
    .replace(/ {2,}/g, " ");
}

/**
 * Writes a small footer line on every page: "Licensed to <buyer> · order <n>". A file that is
 * not a PDF, is broken or is encrypted comes back unchanged with the reason, so the download
 * still works and the caller can journal why it was not stamped.
 */
export async function stampPdf(bytes: Uint8Array, stamp: PdfStamp): Promise<StampResult> {
  if (!looksLikePdf(bytes)) return { stamped: false, bytes, reason: "not a PDF" };
  if (bytes.byteLength > MAX_STAMP_BYTES) {
    return { stamped: false, bytes, reason: `larger than ${MAX_STAMP_BYTES / 1024 / 1024} MB` };
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const reason = /encrypted/i.test(message) ? "the PDF is encrypted" : "the PDF cannot be read";
    return { stamped: false, bytes, reason: `${reason}: ${message.slice(0, 200)}` };
  }
  const pages = doc.getPages();
  if (pages.length === 0) return { stamped: false, bytes, reason: "the PDF has no pages" };

  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await loadFont(), { subset: true });
  const text = drawable(font, stampLine(stamp));
  for (const page of pages) {
    const { x, y, width } = page.getCropBox();
    const textWidth = font.widthOfTextAtSize(text, FONT_SIZE);
    // Centred on the visible area; shrunk to fit narrow pages rather than cut off.
    const size = Math.min(FONT_SIZE, (FONT_SIZE * (width - 2 * MARGIN)) / Math.max(textWidth, 1));
    const drawnWidth = font.widthOfTextAtSize(text, size);
    page.drawText(text, {
      x: x + (width - drawnWidth) / 2,
      y: y + MARGIN / 2,
      size,
      font,
      color: rgb(0.45, 0.45, 0.45),
    });
  }
  return { stamped: true, bytes: await doc.save(), pages: pages.length };
}

/** PDF readers accept the header anywhere in the first 1024 bytes. */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}
