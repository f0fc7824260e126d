import { z } from "zod";
import { buyerLocale } from "@/lib/delivery/messages";

/**
 * A bot's hand-off settings (bot.support): what the buyer is told when they ask for a human, when
 * agents work, and where staff hear about it. Parsed leniently: a stored value that no longer
 * fits falls back to the defaults field by field.
 */

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

export const workingHoursSchema = z.object({
  /** An IANA zone, e.g. Europe/Moscow. */
  timeZone: z.string().min(1).default("UTC"),
  /** ISO weekdays agents work: 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  from: time.default("09:00"),
  to: time.default("18:00"),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const supportSettingsSchema = z.object({
  /** Told to the buyer when the conversation goes to the inbox; empty: a built-in text. */
  handoffText: z.string().max(4096).default(""),
  /** Told instead outside working hours; empty: a built-in text. */
  outOfHoursText: z.string().max(4096).default(""),
  /** Null: agents answer at any time. */
  workingHours: workingHoursSchema.nullable().default(null),
  /**
   * What a buyer types to ask for a human: /commands (without the slash) and whole messages,
   * matched case-insensitively. A flow's own trigger for the same command wins.
   */
  humanCommands: z.array(z.string().trim().min(1).max(64)).max(20).default(["human", "operator"]),
  humanPhrases: z
    .array(z.string().trim().min(1).max(64))
    .max(20)
    .default(["оператор", "позовите человека", "talk to a human"]),
  /** A staff chat (numeric id or @channel) the bot tells about new hand-offs; empty: none. */
  staffChatId: z
    .string()
    .regex(/^(-?\d+|@[A-Za-z0-9_]{5,32})?$/, "A numeric chat id or @channelname")
    .default(""),
});
export type SupportSettings = z.infer<typeof supportSettingsSchema>;

export function parseSupportSettings(stored: unknown): SupportSettings {
  const parsed = supportSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  // Keep what still fits; a field that does not takes its default.
  const defaults = supportSettingsSchema.parse({});
  const input = (typeof stored === "object" && stored) || {};
  const kept = Object.fromEntries(
    Object.entries(supportSettingsSchema.shape).flatMap(([key, field]) => {
      const one = field.safeParse((input as Record<string, unknown>)[key]);
      return one.success ? [[key, one.data]] : [];
    }),
  );
  return { ...defaults, ...kept } as SupportSettings;
}

/** Whether `now` falls in the working hours (always, without any). */
export function withinWorkingHours(hours: WorkingHours | null, now: Date): boolean {
  if (!hours) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: hours.timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
  } catch {
    // An unknown zone: better to say agents are there than to turn every buyer away.
    return true;
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(part("weekday")) + 1;
  const minutes = Number(part("hour")) * 60 + Number(part("minute"));
  const from = toMinutes(hours.from);
  const to = toMinutes(hours.to);
  if (from <= to) return hours.days.includes(weekday) && minutes >= from && minutes < to;
  // Overnight (22:00–06:00): the evening belongs to its day, the small hours to the day before.
  if (minutes >= from) return hours.days.includes(weekday);
  const previous = weekday === 1 ? 7 : weekday - 1;
  return minutes < to && hours.days.includes(previous);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

/** Whether a buyer's message asks for a human, by the bot's settings. */
export function asksForHuman(
  settings: SupportSettings,
  text: string | undefined,
  command: { name: string } | undefined,
): boolean {
  if (command) return settings.humanCommands.some((c) => c.toLowerCase() === command.name);
  const said = normalise(text ?? "");
  return said !== "" && settings.humanPhrases.some((p) => normalise(p) === said);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * What the buyer is told when the chat goes to a human: outside working hours the out-of-hours
 * text, else the handoff node's own text, else the bot's, else a built-in one in their language.
 */
export function handoffNotice(
  settings: SupportSettings,
  nodeText: string,
  languageCode: string | null,
  now: Date,
): string {
  const ru = buyerLocale(languageCode) === "ru";
  if (!withinWorkingHours(settings.workingHours, now))
    return (
      settings.outOfHoursText ||
      (ru
        ? "Сейчас операторы не на связи. Мы ответим здесь же, как только начнётся рабочее время."
        : "Our team is away right now. We will answer here as soon as we are back.")
    );
  return (
    nodeText ||
    settings.handoffText ||
    (ru
      ? "Передаю вас оператору — он скоро ответит здесь."
      : "A person from our team will answer you here shortly.")
  );
}
