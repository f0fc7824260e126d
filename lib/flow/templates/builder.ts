import type { z } from "zod";
import type { FlowDocument } from "../document";
import type { FlowLocale } from "../localizedText";
import { currentFlowVersion } from "../migrations";
import { nodeDefinitions, type NodeType } from "../registry";

/** A node type's config as written (defaults may be left out). */
type ConfigInput<T extends NodeType> = z.input<
  Extract<(typeof nodeDefinitions)[number], { type: T }>["config"]
>;

/** Canvas grid: one column per step left to right, one row per branch. */
export const columnWidth = 280;
export const rowHeight = 160;

/** Picks the text of the template's locale: `say("Hi", "Привет")`. */
export function sayer(locale: FlowLocale) {
  return (en: string, ru: string) => (locale === "ru" ? ru : en);
}

/**
 * Builds a template document. Configs are typed by node type and stored complete (with
 * defaults), exactly as a node dropped on the canvas would be; edges are named
 * `<source>-<outcome>` since an outcome has one edge.
 */
export function flowBuilder() {
  const doc: FlowDocument = { version: currentFlowVersion, nodes: [], edges: [], variables: [] };
  return {
    node<T extends NodeType>(
      id: string,
      type: T,
      column: number,
      row: number,
      config: ConfigInput<T>,
    ): string {
      const definition = nodeDefinitions.find((d) => d.type === type);
      if (!definition) throw new Error(`Unknown node type ${type}`);
      doc.nodes.push({
        id,
        type,
        position: { x: column * columnWidth, y: row * rowHeight },
        config: definition.config.parse(config),
      });
      return id;
    },
    edge(source: string, outcome: string, target: string) {
      doc.edges.push({ id: `${source}-${outcome}`, source, sourceHandle: outcome, target });
    },
    done(): FlowDocument {
      return doc;
    },
  };
}

export type FlowBuilder = ReturnType<typeof flowBuilder>;
