"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { fieldClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ProductPicker } from "@/components/products/product-picker";
import type { NodeCheck } from "@/lib/flow/defineNode";
import type { FlowLocale } from "@/lib/flow/localizedText";
import { describeField, freshValue, isRecord, isRequired, type FieldShape } from "./schema-fields";
import { TemplateText } from "./variable-picker";

type Path = (string | number)[];

/** A validation problem shown under the field it is about. */
export interface FieldProblem {
  severity: "error" | "warning";
  message: string;
}

export interface ConfigFormContext {
  idPrefix: string;
  locale: FlowLocale;
  /** The store's problems for this node by config path ("buttons.0.id"), errors first. */
  problems: ReadonlyMap<string, readonly FieldProblem[]>;
  /** The whole config and the node's publish checks, to tell which fields are required. */
  config: unknown;
  check: ((config: unknown) => readonly NodeCheck[]) | undefined;
  onChange(path: Path, value: unknown): void;
  disabled: boolean;
}

/** Problems at a path, and with `deep` also below it (fields drawn as one control: lists, JSON). */
function problemsAt(ctx: ConfigFormContext, path: Path, deep: boolean): readonly FieldProblem[] {
  const key = path.join(".");
  if (!deep) return ctx.problems.get(key) ?? [];
  return [...ctx.problems].flatMap(([k, list]) =>
    k === key || k.startsWith(`${key}.`) ? list : [],
  );
}

/** Problems under a field: errors red, warnings amber, each announced with the field. */
function ProblemList({ id, problems }: { id: string; problems: readonly FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs font-medium">
      {problems.map((p, i) => (
        <li key={i} className={p.severity === "error" ? "text-red-600" : "text-amber-700"}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The fields of an object schema, each drawn from its zod type and metadata. */
export function ObjectFields({
  shape,
  value,
  path,
  ctx,
}: {
  shape: Record<string, z.core.$ZodType>;
  value: unknown;
  path: Path;
  ctx: ConfigFormContext;
}) {
  const record = isRecord(value) ? value : {};
  return (
    <div className="space-y-4">
      {Object.entries(shape).map(([key, schema]) => (
        <ConfigField
          key={key}
          name={key}
          schema={schema}
          value={record[key]}
          path={[...path, key]}
          ctx={ctx}
        />
      ))}
    </div>
  );
}

function ConfigField({
  name,
  schema,
  value,
  path,
  ctx,
}: {
  name: string;
  schema: z.core.$ZodType;
  value: unknown;
  path: Path;
  ctx: ConfigFormContext;
}) {
  const t = useTranslations("flows.editor.inspector");
  const shape = describeField(schema);
  const { field } = shape;
  const id = `${ctx.idPrefix}-${path.join("-")}`;
  const label = shape.meta?.label[ctx.locale] ?? name;
  const help = shape.meta?.help?.[ctx.locale];
  const min = field.kind === "number" ? field.min : undefined;
  const max = field.kind === "number" ? field.max : undefined;
  const hint =
    min !== undefined && max !== undefined
      ? t("range", { min, max })
      : min !== undefined
        ? t("atLeast", { min })
        : max !== undefined
          ? t("atMost", { max })
          : undefined;
  // Lists of strings and JSON are one control, so problems about their items show here too;
  // object fields and rows draw their own children's problems.
  const deep =
    field.kind === "other" ||
    (field.kind === "array" && describeField(field.element).field.kind === "string");
  const problems = problemsAt(ctx, path, deep);
  const hasError = problems.some((p) => p.severity === "error");
  const required = isRequired(shape, schema, path, ctx.config, ctx.check);
  const describedBy = [(help || hint) && `${id}-help`, problems.length > 0 && `${id}-problems`]
    .filter(Boolean)
    .join(" ");
  const aria = {
    id,
    "aria-invalid": hasError ? true : undefined,
    "aria-describedby": describedBy || undefined,
    "aria-required": required || undefined,
  };

  const labelText = (
    <>
      {label}
      {required ? (
        <span className="ml-1 text-xs font-normal text-slate-500">({t("required")})</span>
      ) : null}
    </>
  );
  const labelElement = (
    <label htmlFor={id} className="text-sm font-medium text-slate-800">
      {labelText}
    </label>
  );
  const inline = field.kind === "boolean";
  const grouped = field.kind === "object" || field.kind === "array";
  const template = field.kind === "string" && shape.meta?.widget === "variables";
  return (
    <div className="flex flex-col gap-1.5">
      {template ? (
        <TemplateText
          label={labelElement}
          aria={aria}
          value={typeof value === "string" ? value : ""}
          disabled={ctx.disabled}
          onValue={(v) => ctx.onChange(path, v === "" && shape.optional ? undefined : v)}
        />
      ) : inline ? (
        <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
          {renderControl(shape, value, path, ctx, aria, label)}
          {labelText}
        </label>
      ) : (
        <>
          {grouped ? (
            <span className="text-sm font-medium text-slate-800">{labelText}</span>
          ) : (
            labelElement
          )}
          {renderControl(shape, value, path, ctx, aria, label)}
        </>
      )}
      {help || hint ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {[help, hint].filter(Boolean).join(" · ")}
        </p>
      ) : null}
      <ProblemList id={`${id}-problems`} problems={problems} />
    </div>
  );
}

function renderControl(
  shape: FieldShape,
  value: unknown,
  path: Path,
  ctx: ConfigFormContext,
  aria: {
    id: string;
    "aria-invalid": boolean | undefined;
    "aria-describedby": string | undefined;
    "aria-required": boolean | undefined;
  },
  label: string,
) {
  const { field, meta, optional } = shape;
  const set = (v: unknown) => ctx.onChange(path, v);
  switch (field.kind) {
    case "string": {
      const text = typeof value === "string" ? value : "";
      const onText = (v: string) => set(v === "" && optional ? undefined : v);
      if (meta?.widget === "product")
        return <ProductPicker aria={aria} value={text} disabled={ctx.disabled} onValue={onText} />;
      return meta?.widget === "textarea" ? (
        <Textarea
          {...aria}
          value={text}
          disabled={ctx.disabled}
          onChange={(e) => onText(e.target.value)}
        />
      ) : (
        <Input
          {...aria}
          type={meta?.widget === "url" ? "url" : "text"}
          value={text}
          disabled={ctx.disabled}
          onChange={(e) => onText(e.target.value)}
        />
      );
    }
    case "number":
      return (
        <Input
          {...aria}
          type="number"
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : "any"}
          value={typeof value === "number" ? value : ""}
          disabled={ctx.disabled}
          onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      );
    case "boolean":
      return (
        <input
          {...aria}
          type="checkbox"
          className="size-4 rounded border-slate-300 accent-brand-600"
          checked={value === true}
          disabled={ctx.disabled}
          onChange={(e) => set(e.target.checked)}
        />
      );
    case "enum":
      return (
        <select
          {...aria}
          className={cn(fieldClass, "h-9 pr-8")}
          value={typeof value === "string" ? value : ""}
          disabled={ctx.disabled}
          onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
        >
          {optional || typeof value !== "string" ? <option value="">—</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {meta?.options?.[o]?.[ctx.locale] ?? o}
            </option>
          ))}
        </select>
      );
    case "object":
      return (
        <OptionalObject
          shape={field.shape}
          optional={optional}
          value={value}
          path={path}
          ctx={ctx}
          label={label}
        />
      );
    case "array":
      if (meta?.widget === "product")
        return (
          <ProductPicker
            multiple
            aria={aria}
            value={Array.isArray(value) ? value.filter((v) => typeof v === "string") : []}
            disabled={ctx.disabled}
            onValue={set}
          />
        );
      return <ArrayField element={field.element} value={value} path={path} ctx={ctx} />;
    default:
      return <JsonField aria={aria} value={value} onValue={set} disabled={ctx.disabled} />;
  }
}

function OptionalObject({
  shape,
  optional,
  value,
  path,
  ctx,
  label,
}: {
  shape: Record<string, z.core.$ZodType>;
  optional: boolean;
  value: unknown;
  path: Path;
  ctx: ConfigFormContext;
  label: string;
}) {
  const t = useTranslations("flows.editor.inspector");
  if (value === undefined && optional) {
    return (
      <Button
        variant="secondary"
        size="sm"
        className="self-start"
        disabled={ctx.disabled}
        onClick={() => {
          const fresh: Record<string, unknown> = {};
          for (const [key, child] of Object.entries(shape)) {
            const v = freshValue(child);
            if (v !== undefined) fresh[key] = v;
          }
          ctx.onChange(path, fresh);
        }}
      >
        <Plus aria-hidden />
        {t("addField", { label })}
      </Button>
    );
  }
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <ObjectFields shape={shape} value={value} path={path} ctx={ctx} />
      {optional ? (
        <Button
          variant="ghost"
          size="sm"
          className="mt-2 text-red-600"
          disabled={ctx.disabled}
          onClick={() => ctx.onChange(path, undefined)}
        >
          <Trash2 aria-hidden />
          {t("removeField", { label })}
        </Button>
      ) : null}
    </div>
  );
}

function ArrayField({
  element,
  value,
  path,
  ctx,
}: {
  element: z.core.$ZodType;
  value: unknown;
  path: Path;
  ctx: ConfigFormContext;
}) {
  const t = useTranslations("flows.editor.inspector");
  const items = Array.isArray(value) ? value : [];
  const inner = describeField(element);
  if (inner.field.kind === "string") {
    // Lists of short strings (keywords): one per line.
    return (
      <Textarea
        id={`${ctx.idPrefix}-${path.join("-")}`}
        value={items.filter((v) => typeof v === "string").join("\n")}
        disabled={ctx.disabled}
        placeholder={t("onePerLine")}
        onChange={(e) => ctx.onChange(path, e.target.value.split("\n"))}
      />
    );
  }
  const shape = inner.field.kind === "object" ? inner.field.shape : undefined;
  return (
    <div className="space-y-2">
      {items.map((item, i) => (
        <div key={i} className="space-y-2 rounded-md border border-slate-200 bg-slate-50/60 p-3">
          <div className="flex items-center justify-between">
            <span className="text-xs font-semibold text-slate-500">#{i + 1}</span>
            <Button
              variant="ghost"
              size="icon"
              className="size-7"
              disabled={ctx.disabled}
              aria-label={t("removeRow", { n: i + 1 })}
              onClick={() =>
                ctx.onChange(
                  path,
                  items.filter((_, j) => j !== i),
                )
              }
            >
              <Trash2 aria-hidden />
            </Button>
          </div>
          <ProblemList
            id={`${ctx.idPrefix}-${path.join("-")}-${i}-problems`}
            problems={problemsAt(ctx, [...path, i], !shape)}
          />
          {shape ? (
            <ObjectFields shape={shape} value={item} path={[...path, i]} ctx={ctx} />
          ) : (
            <JsonField
              aria={{ id: `${ctx.idPrefix}-${path.join("-")}-${i}` }}
              value={item}
              disabled={ctx.disabled}
              onValue={(v) => ctx.onChange([...path, i], v)}
            />
          )}
        </div>
      ))}
      <Button
        variant="secondary"
        size="sm"
        disabled={ctx.disabled}
        onClick={() => ctx.onChange(path, [...items, newRow(element, items)])}
      >
        <Plus aria-hidden />
        {t("addRow")}
      </Button>
    </div>
  );
}

/** Fallback for shapes the form does not know: edit the JSON, applied when it parses. */
function JsonField({
  aria,
  value,
  onValue,
  disabled,
}: {
  aria: { id: string };
  value: unknown;
  onValue: (value: unknown) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  return (
    <Textarea
      {...aria}
      className="font-mono text-xs"
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onValue(JSON.parse(e.target.value));
        } catch {
          // Keep typing; the value is applied once it is valid JSON.
        }
      }}
    />
  );
}

/**
 * A fresh row; rows with an `id` (buttons, whose ids are their outcomes) get an unused one so
 * the new row is valid and its handle appears at once.
 */
function newRow(element: z.core.$ZodType, items: readonly unknown[]): unknown {
  const row = freshValue(element) ?? {};
  const { field } = describeField(element);
  if (field.kind !== "object" || !("id" in field.shape) || !isRecord(row) || row.id) return row;
  const taken = new Set(items.map((item) => (isRecord(item) ? item.id : undefined)));
  let n = items.length + 1;
  while (taken.has(`option${n}`)) n++;
  return { ...row, id: `option${n}` };
}
