"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { z } from "zod";
import { useShallow } from "zustand/react/shallow";
import { nodeDefinition } from "@/lib/flow/registry";
import { categoryStyle } from "./category-style";
import { cn } from "@/components/ui/cn";
import { ObjectFields, type ConfigFormContext, type FieldProblem } from "./config-form";
import { useFlowLocale } from "./locale";
import { setIn } from "./schema-fields";
import { NodeIcon } from "./node-icon";
import { useFlowEditor } from "./store";
import type { FlowNode } from "@/lib/flow/document";

/** The selected node's header, problems and settings form (drawn from its config schema). */
export function NodeInspector({ node, readOnly }: { node: FlowNode; readOnly: boolean }) {
  const t = useTranslations("flows.editor.inspector");
  const locale = useFlowLocale();
  const definition = nodeDefinition(node.type);
  const updateConfig = useFlowEditor((s) => s.updateConfig);
  const seal = useFlowEditor((s) => s.seal);
  const problems = useFlowEditor(useShallow((s) => s.problems.filter((p) => p.nodeId === node.id)));
  const config = definition?.config;
  const shape = config instanceof z.ZodObject ? config.shape : undefined;
  const { byField, general } = useMemo(() => {
    const byField = new Map<string, FieldProblem[]>();
    const general: FieldProblem[] = [];
    // validateFlow names the node in each message for lists without the canvas ("Payment
    // "pay": …"); the inspector's header already says it. Left as is if the format changes.
    const nodeName = definition?.label[locale] ?? "";
    const named = `${nodeName} ${locale === "ru" ? `«${node.id}»` : `"${node.id}"`}: `;
    const bare = (message: string, prefix: string) =>
      message.startsWith(prefix) ? message.slice(prefix.length) : message;
    // Errors first, so the one that blocks publishing is read first.
    const ordered = [...problems].sort(
      (a, b) => Number(b.severity === "error") - Number(a.severity === "error"),
    );
    for (const p of ordered) {
      // ["nodes", i, "config", field, ...]; a field the form does not draw stays general.
      const field = p.path && p.path[2] === "config" ? p.path.slice(3) : [];
      const message = bare(p.message[locale], named);
      if (!shape || field.length === 0 || !(String(field[0]) in shape)) {
        general.push({ severity: p.severity, message });
        continue;
      }
      const key = field.join(".");
      // Schema issues name their field too ("retries: Too big…"); under the field that is noise.
      byField.set(key, [
        ...(byField.get(key) ?? []),
        { severity: p.severity, message: bare(message, `${key}: `) },
      ]);
    }
    return { byField, general };
  }, [problems, locale, shape, definition, node.id]);
  const ctx: ConfigFormContext = {
    idPrefix: `cfg-${node.id}`,
    locale,
    problems: byField,
    config: node.config,
    check: definition ? (c) => definition.check(c, node.id) : undefined,
    disabled: readOnly,
    onChange: (path, value) => {
      const next = setIn(node.config, path, value);
      if (next && typeof next === "object" && !Array.isArray(next))
        updateConfig(node.id, { ...next }, path.join("."));
    },
  };
  return (
    <div className="p-4">
      <div className="mb-3 flex items-center gap-2">
        <span
          className={cn(
            "flex size-8 items-center justify-center rounded-md",
            definition ? categoryStyle[definition.category] : "bg-red-50 text-red-700",
          )}
        >
          <NodeIcon name={definition?.icon} className="size-4" />
        </span>
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-slate-900">
            {definition?.label[locale] ?? node.type}
          </h2>
          <p className="text-xs text-slate-500">{definition?.description[locale]}</p>
        </div>
      </div>
      {readOnly ? <p className="mb-3 text-xs text-slate-500">{t("readOnly")}</p> : null}
      {general.length ? (
        <ul className="mb-3 space-y-1 text-xs">
          {general.map((p, i) => (
            <li
              key={i}
              className={cn(
                "rounded-md px-2 py-1.5",
                p.severity === "error" ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800",
              )}
            >
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {/* Focus leaving a field ends its undo step (typing in one field is one step). */}
      <form onSubmit={(e) => e.preventDefault()} onBlur={seal} aria-label={t("settings")}>
        {shape ? (
          <ObjectFields shape={shape} value={node.config} path={[]} ctx={ctx} />
        ) : (
          <p className="text-sm text-slate-500">{t("noSettings")}</p>
        )}
      </form>
    </div>
  );
}
