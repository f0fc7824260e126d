import { PDFDocument, StandardFonts } from "pdf-lib";
import { extractText } from "unpdf";
import { describe, expect, it } from "vitest";
import { stampLine, stampPdf } from "./stamp";

/** A PDF with pages of different sizes, each saying which page it is. */
async function samplePdf(sizes: [number, number][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  sizes.forEach(([w, h], i) => {
    const page = doc.addPage([w, h]);
    page.drawText(`Chapter ${i + 1}`, { x: 40, y: h - 60, size: 18, font });
  });
  return doc.save();
}

/** Text per page, read back by an independent parser (pdf.js), not by pdf-lib. */
async function pagesText(bytes: Uint8Array): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: false });
  return text.map((t) => t.replace(/\s+/g, " ").trim());
}

describe("stampPdf", () => {
  it("writes the licence line on every page, Cyrillic included", async () => {
    const input = await samplePdf([
      [595, 842], // A4
      [612, 792], // Letter
      [200, 300], // narrow: the line shrinks to fit
    ]);
    const result = await stampPdf(input, { buyer: "Иван Петров (@ivan)", order: "1042" });
    expect(result.stamped).toBe(true);
    if (!result.stamped) return;
    expect(result.pages).toBe(3);

    const pages = await pagesText(result.bytes);
    expect(pages).toHaveLength(3);
    pages.forEach((text, i) => {
      expect(text).toContain(`Chapter ${i + 1}`);
      expect(text).toContain("Licensed to Иван Петров (@ivan) · order 1042");
    });
    // The original content is untouched: it still opens and reads the same without the line.
    expect(await pagesText(input)).toEqual(["Chapter 1", "Chapter 2", "Chapter 3"]);
  });

  it("keeps control characters and emoji out of the line", async () => {
    expect(stampLine({ buyer: "Eve\n\u0007 ", order: " 7\r" })).toBe("Licensed to Eve · order 7");
    const result = await stampPdf(await samplePdf([[595, 842]]), {
      buyer: "Ann 🚀",
      order: "8",
    });
    expect(result.stamped).toBe(true);
    if (!result.stamped) return;
    const { text } = await extractText(new Uint8Array(result.bytes), { mergePages: true });
    expect(text).toContain("Licensed to Ann · order 8");
  });

  it("returns anything that is not a readable PDF unchanged, with the reason", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(await stampPdf(zip, { buyer: "a", order: "1" })).toEqual({
      stamped: false,
      bytes: zip,
      reason: "not a PDF",
    });

    const broken = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog");
    const result = await stampPdf(broken, { buyer: "a", order: "1" });
    expect(result.stamped).toBe(false);
    expect(result.bytes).toBe(broken);
    if (!result.stamped) expect(result.reason).toMatch(/^the PDF (cannot be read|has no pages)/);
  });
});
