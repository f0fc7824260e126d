import type { z } from "zod";
import type { FlowLocale, LocalizedText } from "./localizedText";

export const nodeCategories = [
  "trigger",
  "messaging",
  "logic",
  "commerce",
  "support",
  "integrations",
] as const;
export type NodeCategory = (typeof nodeCategories)[number];

/** An output handle of a node. `mayEnd`: the flow may stop here, so leaving it unwired is fine. */
export interface Outcome {
  id: string;
  label: LocalizedText;
  mayEnd: boolean;
}

/** A publish-time problem a node finds in its own (schema-valid) config; path is within config. */
export interface NodeCheck {
  severity: "error" | "warning";
  code: string;
  path: (string | number)[];
  message: LocalizedText;
}

export interface NodeSpec<T extends string, S extends z.ZodType<Record<string, unknown>>> {
  type: T;
  category: NodeCategory;
  /** A lucide icon name (kebab-case, as in lucide's catalogue), resolved by the editor. */
  icon: string;
  label: LocalizedText;
  description: LocalizedText;
  /** Every field has a default where one makes sense, so `config.parse({})` is a fresh node. */
  config: S;
  outcomes: readonly Outcome[] | ((config: z.output<S>) => Outcome[]);
  /** For config-dependent outcomes: how they are made, for the docs and the editor's help. */
  outcomesHelp?: LocalizedText;
  /** A short line for the canvas card. */
  summary: (config: z.output<S>, locale: FlowLocale) => string;
  /** Rules beyond the schema that only matter for publishing (Telegram limits, empty required text). */
  check?: (config: z.output<S>, context: { nodeId: string }) => NodeCheck[];
}

/** A node type as the registry, the validator and the editor see it, whatever its config type. */
export interface NodeDefinition<
  T extends string = string,
  S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> {
  type: T;
  category: NodeCategory;
  icon: string;
  label: LocalizedText;
  description: LocalizedText;
  config: S;
  defaultConfig(): Record<string, unknown>;
  /** The outcomes for this config, or the fixed ones; none when a config-dependent list can't be read. */
  outcomes(config: unknown): readonly Outcome[];
  /** True when the outcome list does not depend on the config. */
  fixedOutcomes: boolean;
  outcomesHelp: LocalizedText | undefined;
  summary(config: unknown, locale: FlowLocale): string;
  check(config: unknown, nodeId: string): NodeCheck[];
  /** Parses the config once and returns everything validation needs from it. */
  inspect(config: unknown, nodeId: string): NodeInspection;
}

export type NodeInspection =
  | { ok: true; outcomes: readonly Outcome[]; checks: NodeCheck[] }
  | { ok: false; issues: z.core.$ZodIssue[]; outcomes: readonly Outcome[] | undefined };

/** Declares a node type once; the typed spec is erased behind config parsing so one registry holds all. */
export function defineNode<T extends string, S extends z.ZodType<Record<string, unknown>>>(
  spec: NodeSpec<T, S>,
): NodeDefinition<T, S> {
  const outcomes = spec.outcomes;
  return {
    type: spec.type,
    category: spec.category,
    icon: spec.icon,
    label: spec.label,
    description: spec.description,
    config: spec.config,
    defaultConfig: () => spec.config.parse({}),
    fixedOutcomes: typeof outcomes !== "function",
    outcomesHelp: spec.outcomesHelp,
    outcomes(config) {
      if (typeof outcomes !== "function") return outcomes;
      const parsed = spec.config.safeParse(config);
      return parsed.success ? outcomes(parsed.data) : [];
    },
    summary(config, locale) {
      const parsed = spec.config.safeParse(config);
      return parsed.success ? spec.summary(parsed.data, locale) : "";
    },
    check(config, nodeId) {
      const parsed = spec.config.safeParse(config);
      return parsed.success && spec.check ? spec.check(parsed.data, { nodeId }) : [];
    },
    inspect(config, nodeId) {
      const parsed = spec.config.safeParse(config);
      if (!parsed.success) {
        // Fixed outcomes are still known, so edges from an invalid node are checked all the same.
        return {
          ok: false,
          issues: parsed.error.issues,
          outcomes: typeof outcomes === "function" ? undefined : outcomes,
        };
      }
      return {
        ok: true,
        outcomes: typeof outcomes === "function" ? outcomes(parsed.data) : outcomes,
        checks: spec.check ? spec.check(parsed.data, { nodeId }) : [],
      };
    },
  };
}
