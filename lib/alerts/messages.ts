import { createTranslator } from "next-intl";
import enAlerts from "@/messages/en/alerts.json";
import ruAlerts from "@/messages/ru/alerts.json";
import { summaryArgs, type IncidentKind } from "./kinds";

/**
 * The words of an alert, in the owner's language. Plain text: it goes to a Telegram chat and in
 * an email as is.
 */
export type AlertLocale = "en" | "ru";

export type AlertEvent = "opened" | "resolved" | "test";

export interface AlertIncident {
  kind: IncidentKind;
  detail: Record<string, unknown>;
  openedAt: Date;
  resolvedAt?: Date | null;
}

const catalogues = { en: enAlerts, ru: ruAlerts };

/** The incident's title and one-line summary, from the catalogue the page uses. */
function describe(locale: AlertLocale, incident: AlertIncident) {
  const t = createTranslator({ locale, messages: catalogues[locale], namespace: "kinds" });
  return {
    title: t(`${incident.kind}.title`),
    summary: t(`${incident.kind}.summary`, summaryArgs(incident.detail)),
  };
}

function minutesOpen(incident: AlertIncident): number {
  const end = incident.resolvedAt ?? new Date();
  return Math.max(1, Math.round((end.getTime() - incident.openedAt.getTime()) / 60_000));
}

export interface AlertText {
  subject: string;
  text: string;
}

/** An incident's alert: the opening with its figures, or the resolution with how long it lasted. */
export function alertText(
  locale: AlertLocale,
  event: Exclude<AlertEvent, "test">,
  incident: AlertIncident,
  where: { workspace: string; url: string },
): AlertText {
  const ru = locale === "ru";
  const { title, summary } = describe(locale, incident);
  const lines =
    event === "opened"
      ? [`🔴 ${title} — ${where.workspace}`, summary]
      : [
          `✅ ${ru ? "Решено" : "Resolved"}: ${title} — ${where.workspace}`,
          ru ? `Длилось ${minutesOpen(incident)} мин.` : `Lasted ${minutesOpen(incident)} min.`,
        ];
  lines.push(where.url);
  return {
    subject: `[Botshop] ${event === "resolved" ? (ru ? "Решено: " : "Resolved: ") : ""}${title} — ${where.workspace}`,
    text: lines.join("\n"),
  };
}

export function testAlertText(
  locale: AlertLocale,
  where: { workspace: string; url: string },
): AlertText {
  const ru = locale === "ru";
  const line = ru
    ? `🔔 Проверка оповещений — ${where.workspace}. Если вы это читаете, оповещения приходят сюда.`
    : `🔔 Test alert — ${where.workspace}. If you can read this, alerts reach you here.`;
  return {
    subject: `[Botshop] ${ru ? "Проверка оповещений" : "Test alert"} — ${where.workspace}`,
    text: `${line}\n${where.url}`,
  };
}
