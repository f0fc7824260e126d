import { Position, type NodeHandle } from "@xyflow/react";
import type { FlowLocale } from "@/lib/flow/localizedText";
import { nodeDefinition } from "@/lib/flow/registry";

/**
 * A card's size and handle positions, estimated from its config before it is rendered.
 *
 * React Flow renders every card it has not measured yet, visible or not, so that it can find
 * its handles; on a 1,000-node flow that first render took most of the editor's load time
 * (docs/performance.md). Given a size and handles, it renders only the cards in view and
 * measures each one when it first shows; until then edges to it end at the estimated handles.
 *
 * The figures mirror the Tailwind classes of FlowNodeCard (flow-node.tsx); change both together.
 */
export interface CardGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

const card = {
  width: 240, // w-60
  border: 1,
  header: 10 + 28, // pt-2.5, then the 28 px (size-7) icon
  summaryPadding: 4 + 8, // pt-1 pb-2
  summaryMin: 20, // min-h-5
  line: 16, // text-xs line height
  summaryWidth: 240 - 2 * 1 - 2 * 12, // px-3 inside the border
  maxLines: 2, // line-clamp-2
  outcomesChrome: 1 + 4 + 4, // border-t, py-1
  outcomeRow: 2 + 16 + 2, // py-0.5 around one line
  handle: 12, // size-3
};

/** The width in px of a word set in the summary's font (text-xs). */
export type WordWidth = (word: string) => number;

export function estimateCardGeometry(
  type: string,
  config: Record<string, unknown>,
  locale: FlowLocale,
  wordWidth: WordWidth = approximateWordWidth,
): CardGeometry {
  const definition = nodeDefinition(type);
  const summary = definition?.summary(config, locale) ?? "";
  const outcomes = definition?.outcomes(config) ?? [];
  const lines = summaryLines(summary, wordWidth);
  const summaryHeight = Math.max(card.summaryMin, card.summaryPadding + lines * card.line);
  const outcomesTop = card.border + card.header + summaryHeight;
  const outcomesHeight = outcomes.length
    ? card.outcomesChrome + outcomes.length * card.outcomeRow
    : 0;
  const height = outcomesTop + outcomesHeight + card.border;
  const half = card.handle / 2;

  const handles: NodeHandle[] = outcomes.map((outcome, i) => ({
    id: outcome.id,
    type: "source",
    position: Position.Right,
    x: card.width - card.border - half,
    y: outcomesTop + 1 + 4 + i * card.outcomeRow + card.outcomeRow / 2 - half,
    width: card.handle,
    height: card.handle,
  }));
  if (definition?.category !== "trigger")
    handles.push({
      id: null,
      type: "target",
      position: Position.Left,
      x: -half,
      y: height / 2 - half,
      width: card.handle,
      height: card.handle,
    });
  return { width: card.width, height, handles };
}

/** Lines the summary wraps to: words fill a line greedily; a longer word breaks (break-words). */
export function summaryLines(text: string, wordWidth: WordWidth): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (!words.length) return 0;
  const space = wordWidth(" ");
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const width = wordWidth(word);
    const needed = used ? used + space + width : width;
    if (needed <= card.summaryWidth) {
      used = needed;
      continue;
    }
    if (used) lines++;
    lines += Math.ceil(width / card.summaryWidth) - 1;
    used = width % card.summaryWidth || card.summaryWidth;
    if (lines >= card.maxLines) return card.maxLines;
  }
  return Math.min(lines, card.maxLines);
}

/** Without a browser to measure in: average widths of 12 px sans-serif, on the wide side. */
function approximateWordWidth(word: string): number {
  let width = 0;
  for (const ch of word) {
    if (ch === " ") width += 3.8;
    else if (/[a-z]/.test(ch)) width += 6.8;
    else if (/[а-яё]/.test(ch)) width += 8;
    else if (/[A-ZА-ЯЁ]/.test(ch)) width += 9.1;
    else if (/[0-9]/.test(ch)) width += 7.6;
    else width += 6.1;
  }
  return width;
}

let canvasContext: CanvasRenderingContext2D | null | undefined;
const measuredWords = new Map<string, number>();

/**
 * Word widths measured with a canvas in the page's own font, so wrapping matches what the
 * card will show; falls back to the averages where there is no canvas.
 */
export function browserWordWidth(word: string): number {
  const known = measuredWords.get(word);
  if (known !== undefined) return known;
  if (canvasContext === undefined) {
    canvasContext =
      typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
    if (canvasContext) canvasContext.font = `12px ${getComputedStyle(document.body).fontFamily}`;
  }
  const width = canvasContext ? canvasContext.measureText(word).width : approximateWordWidth(word);
  measuredWords.set(word, width);
  return width;
}
