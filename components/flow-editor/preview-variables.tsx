"use client";

import { ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { PreviewContact } from "@/lib/runtime/preview-schema";

/** The session's variables and what the flow changed on the contact, collapsible, live. */
export function PreviewVariables({
  variables,
  contact,
}: {
  variables: Record<string, unknown>;
  contact: PreviewContact | undefined;
}) {
  const t = useTranslations("flows.editor.preview");
  const [open, setOpen] = useState(true);
  // "$…" keys are the runtime's own (the picked product, the order), not the flow's variables.
  const entries = Object.entries(variables).filter(([name]) => !name.startsWith("$"));
  const contactFacts: [string, string][] = contact
    ? [
        ...(contact.tags.length ? [[t("tags"), contact.tags.join(", ")] as [string, string]] : []),
        ...Object.entries(contact.fields),
        ...(contact.phone ? [[t("phone"), contact.phone] as [string, string]] : []),
      ]
    : [];

  return (
    <div className="border-b border-slate-200">
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        className="flex w-full items-center gap-1.5 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:bg-slate-50"
      >
        <ChevronRight
          className={cn("size-3.5 transition-transform", open && "rotate-90")}
          aria-hidden
        />
        {t("variables")}
        <span className="rounded-full bg-slate-100 px-1.5 font-normal text-slate-600 normal-case">
          {entries.length}
        </span>
      </button>
      {open ? (
        <div className="max-h-40 overflow-y-auto px-4 pb-3 text-xs">
          {entries.length ? (
            <Facts entries={entries} />
          ) : (
            <p className="text-slate-500">{t("noVariables")}</p>
          )}
          {contactFacts.length ? (
            <>
              <p className="mt-2 mb-1 font-semibold text-slate-500">{t("contact")}</p>
              <Facts entries={contactFacts} />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Facts({ entries }: { entries: [string, unknown][] }) {
  return (
    <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-x-3 gap-y-1">
      {entries.map(([name, value]) => {
        const shown = typeof value === "string" ? value : JSON.stringify(value);
        return (
          <div key={name} className="contents">
            <dt className="truncate font-mono text-slate-500" title={name}>
              {name}
            </dt>
            <dd className="truncate font-mono text-slate-900" title={shown}>
              {shown}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
