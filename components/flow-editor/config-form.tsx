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
import type { FlowLocale } from "@/lib/flow/localizedText";
import { describeField, freshValue, isRecord, type FieldShape } from "./schema-fields";

type Path = (string | number)[];

export interface ConfigFormContext {
  idPrefix: string;
  locale: FlowLocale;
  /** Problem messages by config path ("buttons.0.id"). */
  errors: ReadonlyMap<string, string>;
  onChange(path: Path, value: unknown): void;
  disabled: boolean;
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
  const shape = describeField(schema);
  const id = `${ctx.idPrefix}-${path.join("-")}`;
  const label = shape.meta?.label[ctx.locale] ?? name;
  const help = shape.meta?.help?.[ctx.locale];
  const error = ctx.errors.get(path.join("."));
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(" ");
  const aria = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };

  const control = renderControl(shape, value, path, ctx, aria, label);
  const inline = shape.field.kind === "boolean";
  const grouped = shape.field.kind === "object" || shape.field.kind === "array";
  return (
    <div className="flex flex-col gap-1.5">
      {inline ? (
        <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
          {control}
          {label}
        </label>
      ) : (
        <>
          {grouped ? (
            <span className="text-sm font-medium text-slate-800">{label}</span>
          ) : (
            <label htmlFor={id} className="text-sm font-medium text-slate-800">
              {label}
            </label>
          )}
          {control}
        </>
      )}
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function renderControl(
  shape: FieldShape,
  value: unknown,
  path: Path,
  ctx: ConfigFormContext,
  aria: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined },
  label: string,
) {
  const { field, meta, optional } = shape;
  const set = (v: unknown) => ctx.onChange(path, v);
  switch (field.kind) {
    case "string": {
      const text = typeof value === "string" ? value : "";
      const onText = (v: string) => set(v === "" && optional ? undefined : v);
      return meta?.widget === "textarea" || meta?.widget === "variables" ? (
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
          className={cn(fieldClass, "pr-8")}
          value={typeof value === "string" ? value : ""}
          disabled={ctx.disabled}
          onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
        >
          {optional || typeof value !== "string" ? <option value="">—</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
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
        <div key={i} className="rounded-md border border-slate-200 bg-slate-50/60 p-3">
          <div className="mb-2 flex items-center justify-between">
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
