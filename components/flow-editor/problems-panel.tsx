"use client";

import { AlertTriangle, CircleCheck, CircleX } from "lucide-react";
import { useTranslations } from "next-intl";
import { useFlowLocale } from "./locale";
import { useFlowEditor } from "./store";
import { useFocusNode } from "./use-focus-node";

/** Every problem validateFlow finds; clicking one selects its node and centres the view on it. */
export function ProblemsPanel() {
  const t = useTranslations("flows.editor.problems");
  const locale = useFlowLocale();
  const problems = useFlowEditor((s) => s.problems);
  const focus = useFocusNode();
  const errors = problems.filter((p) => p.severity === "error").length;

  return (
    <section aria-label={t("title")} className="flex min-h-0 flex-col">
      <h2 className="flex flex-wrap items-baseline justify-between gap-x-3 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {t("title")}
        <span className="font-normal normal-case">
          {t("count", { errors, warnings: problems.length - errors })}
        </span>
      </h2>
      {problems.length === 0 ? (
        <p className="flex items-center gap-2 px-4 pb-4 text-sm text-emerald-700">
          <CircleCheck className="size-4" aria-hidden />
          {t("none")}
        </p>
      ) : (
        <ul className="min-h-0 overflow-y-auto px-2 pb-2">
          {problems.map((p, i) => {
            return (
              <li key={`${p.code}-${p.nodeId ?? p.edgeId ?? ""}-${i}`}>
                <button
                  type="button"
                  onClick={() => focus(p.nodeId)}
                  disabled={!p.nodeId}
                  className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:hover:bg-transparent"
                >
                  {p.severity === "error" ? (
                    <CircleX
                      className="mt-0.5 size-4 shrink-0 text-red-500"
                      aria-label={t("error")}
                    />
                  ) : (
                    <AlertTriangle
                      className="mt-0.5 size-4 shrink-0 text-amber-500"
                      aria-label={t("warning")}
                    />
                  )}
                  <span className="min-w-0">
                    <span className="text-slate-700">{p.message[locale]}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
