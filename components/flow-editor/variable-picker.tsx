"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Popover } from "@/components/ui/popover";
import { Textarea } from "@/components/ui/textarea";
import {
  availableVariables,
  insertVariable,
  variableGroups,
  variableToken,
  type AvailableVariable,
} from "@/lib/flow/variables";
import { useFlowLocale } from "./locale";
import { useFlowEditor } from "./store";

interface FieldAria {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  "aria-required"?: boolean | undefined;
}

/**
 * A template text field ({{variables}} allowed): the textarea, and a "{x}" button by its label
 * that opens the variable picker. Typing `{{` opens it too. The picked variable replaces the
 * selection (or the typed `{{`), and focus returns to the field with the caret after it.
 */
export function TemplateText({
  label,
  aria,
  value,
  onValue,
  disabled,
}: {
  label: React.ReactNode;
  aria: FieldAria;
  value: string;
  onValue: (value: string) => void;
  disabled: boolean;
}) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  // What the inserted token replaces, taken when the picker opens (focus then leaves the field).
  const range = useRef({ start: value.length, end: value.length });

  const openAt = (start: number, end: number) => {
    range.current = { start, end };
    setOpen(true);
  };
  const focusField = (caret: number) => {
    // After the store's update has re-rendered the field with its new value.
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(caret, caret);
    });
  };

  return (
    <>
      <div className="flex items-center justify-between gap-2">
        {label}
        <VariablePicker
          open={open}
          disabled={disabled}
          onOpenChange={(next) => {
            const el = field.current;
            if (next) openAt(el?.selectionStart ?? value.length, el?.selectionEnd ?? value.length);
            else setOpen(false);
          }}
          onCancel={() => {
            setOpen(false);
            focusField(range.current.end);
          }}
          onPick={(name) => {
            const next = insertVariable(value, range.current.start, range.current.end, name);
            setOpen(false);
            onValue(next.value);
            focusField(next.caret);
          }}
        />
      </div>
      <Textarea
        {...aria}
        ref={field}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const el = e.target;
          onValue(el.value);
          const caret = el.selectionStart;
          if (
            e.nativeEvent instanceof InputEvent &&
            e.nativeEvent.data === "{" &&
            caret === el.selectionEnd &&
            el.value.slice(caret - 2, caret) === "{{"
          ) {
            openAt(caret - 2, caret);
          }
        }}
      />
    </>
  );
}

/** The "{x}" button and its searchable list of variables, grouped as the catalogue groups them. */
export function VariablePicker({
  open,
  disabled,
  onOpenChange,
  onCancel,
  onPick,
}: {
  open: boolean;
  disabled: boolean;
  onOpenChange: (open: boolean) => void;
  /** Escape in the search box: close and hand focus back to the field. */
  onCancel: () => void;
  onPick: (name: string) => void;
}) {
  const t = useTranslations("flows.editor.inspector");
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      label={t("insertVariable")}
      trigger={
        <Button
          variant="ghost"
          size="sm"
          className="h-6 px-1.5 font-mono text-xs text-slate-500"
          disabled={disabled}
          aria-label={t("insertVariable")}
          title={t("insertVariable")}
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => onOpenChange(!open)}
        >
          {"{x}"}
        </Button>
      }
    >
      {open ? <VariableList onCancel={onCancel} onPick={onPick} /> : null}
    </Popover>
  );
}

function VariableList({
  onCancel,
  onPick,
}: {
  onCancel: () => void;
  onPick: (name: string) => void;
}) {
  const t = useTranslations("flows.editor.inspector");
  const locale = useFlowLocale();
  const listId = useId();
  // Read once when the list opens: the document does not change while the picker is open,
  // and the inspector must not subscribe to the whole document.
  const [variables] = useState(() =>
    availableVariables(useFlowEditor.getState().history.present, locale),
  );
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);

  const groups = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    const matches = variables.filter(
      (v) =>
        !q || v.name.toLocaleLowerCase().includes(q) || v.label.toLocaleLowerCase().includes(q),
    );
    // Grouped for display; `index` is the position in the flat order the arrow keys walk.
    let index = 0;
    return variableGroups
      .map((group) => ({
        group,
        items: matches.filter((v) => v.group === group).map((v) => ({ v, index: index++ })),
      }))
      .filter((g) => g.items.length > 0);
  }, [variables, query]);
  const flat: AvailableVariable[] = groups.flatMap((g) => g.items.map(({ v }) => v));
  const current = Math.min(active, flat.length - 1);
  const activeId = current >= 0 ? `${listId}-${current}` : undefined;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  return (
    <div className="p-2">
      <Input
        autoFocus
        role="combobox"
        aria-label={t("searchVariables")}
        placeholder={t("searchVariables")}
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive(flat.length ? (current + step + flat.length) % flat.length : 0);
          } else if (e.key === "Enter") {
            e.preventDefault();
            const picked = flat[current];
            if (picked) onPick(picked.name);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <div id={listId} role="listbox" className="mt-2 max-h-64 overflow-y-auto">
        {flat.length === 0 ? (
          <p className="px-2 py-3 text-center text-xs text-slate-500">{t("noVariables")}</p>
        ) : (
          groups.map(({ group, items }) => (
            <div key={group} role="group" aria-labelledby={`${listId}-${group}`}>
              <div
                id={`${listId}-${group}`}
                className="px-2 pt-2 pb-1 text-xs font-semibold text-slate-500"
              >
                {t(`variableGroups.${group}`)}
              </div>
              {items.map(({ v, index: i }) => {
                return (
                  <div
                    key={v.name}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === current}
                    className={cn(
                      "flex cursor-pointer flex-col rounded-sm px-2 py-1.5",
                      i === current ? "bg-slate-100" : "",
                    )}
                    // Keep focus in the search box until the pick hands it back to the field.
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => onPick(v.name)}
                  >
                    <span className="font-mono text-xs text-slate-900">
                      {variableToken(v.name)}
                    </span>
                    <span className="text-xs text-slate-500">{v.label}</span>
                  </div>
                );
              })}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
