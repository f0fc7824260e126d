import { z } from "zod";

/**
 * Custom contact fields and their types, isomorphic: the API checks values with these and the
 * contact page's editor draws its inputs from them. Values are stored as text in
 * contact.fields (templates read them as {{contact.fields.<name>}}), so each type has one
 * canonical text form.
 */
export const contactFieldTypes = ["text", "number", "date", "boolean"] as const;
export type ContactFieldType = (typeof contactFieldTypes)[number];

/** A key in contact.fields and in templates: lower case, digits and underscores. */
export const contactFieldNameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{0,49}$/,
    "Use lower-case latin letters, digits and _, starting with a letter (at most 50)",
  );

export const MAX_FIELD_VALUE_LENGTH = 500;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The canonical text of a value of this type, or an error message. Numbers accept a decimal
 * comma (spreadsheets in Russian write 1,5); dates must be real calendar days.
 */
export function checkFieldValue(
  type: ContactFieldType,
  raw: string,
): { ok: true; value: string } | { ok: false; error: string } {
  const value = raw.trim();
  if (value.length > MAX_FIELD_VALUE_LENGTH)
    return { ok: false, error: `At most ${MAX_FIELD_VALUE_LENGTH} characters` };
  switch (type) {
    case "text":
      return { ok: true, value };
    case "number": {
      const normalized = value.replace(",", ".");
      if (!/^-?\d+(\.\d+)?$/.test(normalized)) return { ok: false, error: "Expected a number" };
      return { ok: true, value: String(Number(normalized)) };
    }
    case "date": {
      const m = isoDate.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !d || d.toISOString().slice(0, 10) !== value)
        return { ok: false, error: "Expected a date as YYYY-MM-DD" };
      return { ok: true, value };
    }
    case "boolean":
      if (value === "true" || value === "false") return { ok: true, value };
      return { ok: false, error: 'Expected "true" or "false"' };
  }
}

/** A tag as contacts carry it: trimmed, no commas or semicolons (the CSV separators). */
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^,;]+$/, "A tag cannot contain , or ;");

/** IANA time zones this runtime knows (Intl), e.g. Europe/Moscow. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}
