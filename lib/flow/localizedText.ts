import { z } from "zod";

/** The locales every flow-facing text is written in (the app's own locales). */
export const flowLocales = ["en", "ru"] as const;
export type FlowLocale = (typeof flowLocales)[number];

/** A text shown in the editor, in every locale; one object so a missing translation is a type error. */
export const localizedText = z.object({ en: z.string().min(1), ru: z.string().min(1) });
export type LocalizedText = z.infer<typeof localizedText>;

/** Shorthand for a two-locale text in definitions: `text("Next", "Далее")`. */
export function text(en: string, ru: string): LocalizedText {
  return { en, ru };
}
