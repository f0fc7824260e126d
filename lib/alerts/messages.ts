import type { IncidentKind } from "./kinds";

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

const s = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const n = (v: unknown) => Number(v ?? 0);

const titles: Record<AlertLocale, Record<IncidentKind, string>> = {
  en: {
    payment_stuck: "Payments stuck",
    telegram_webhook: "Telegram cannot reach the bot",
    delivery_failed: "Deliveries failed",
    key_pool_low: "License keys running low",
    outbox_backlog: "Messages are not going out",
    webhook_disabled: "Webhook endpoint disabled",
  },
  ru: {
    payment_stuck: "Платежи зависли",
    telegram_webhook: "Telegram не может достучаться до бота",
    delivery_failed: "Выдача товара не удалась",
    key_pool_low: "Заканчиваются лицензионные ключи",
    outbox_backlog: "Сообщения не уходят",
    webhook_disabled: "Вебхук отключён",
  },
};

const enPlural = new Intl.PluralRules("en");
const ruPlural = new Intl.PluralRules("ru");

/** "3 orders", "1 order"; Russian takes one, few and many ("1 заказ", "3 заказа", "5 заказов"). */
function count(
  locale: AlertLocale,
  value: unknown,
  en: [string, string],
  ru: [string, string, string],
) {
  const v = n(value);
  if (locale === "ru") {
    const form = ruPlural.select(v);
    return `${v} ${form === "one" ? ru[0] : form === "few" ? ru[1] : ru[2]}`;
  }
  return `${v} ${enPlural.select(v) === "one" ? en[0] : en[1]}`;
}

function summary(locale: AlertLocale, kind: IncidentKind, d: Record<string, unknown>): string {
  const ru = locale === "ru";
  switch (kind) {
    case "payment_stuck": {
      const orders = count(locale, d.orders, ["order", "orders"], ["заказ", "заказа", "заказов"]);
      return ru
        ? `${orders} через ${s(d.provider)} ждут оплаты дольше ${n(d.minutes)} мин.`
        : `${orders} through ${s(d.provider)} pending for more than ${n(d.minutes)} min.`;
    }
    case "telegram_webhook":
      return ru
        ? `Бот «${s(d.bot)}»: ${s(d.message) || "ошибка вебхука"}; ждут обновлений: ${n(d.pendingUpdates)}.`
        : `Bot "${s(d.bot)}": ${s(d.message) || "webhook error"}; updates waiting: ${n(d.pendingUpdates)}.`;
    case "delivery_failed": {
      const failed = count(
        locale,
        d.failed,
        ["delivery", "deliveries"],
        ["выдача не удалась", "выдачи не удались", "выдач не удались"],
      );
      return ru
        ? `«${s(d.product) || "удалённый товар"}»: ${failed} за ${n(d.minutes)} мин. (${s(d.reason)}).`
        : `"${s(d.product) || "a deleted product"}": ${failed} failed in ${n(d.minutes)} min (${s(d.reason)}).`;
    }
    case "key_pool_low": {
      const keys = count(
        locale,
        d.free,
        ["unused key", "unused keys"],
        ["свободный ключ", "свободных ключа", "свободных ключей"],
      );
      return ru
        ? `«${s(d.product)}»: осталось ${keys} (порог ${n(d.min)}).`
        : `"${s(d.product)}": ${keys} left (threshold ${n(d.min)}).`;
    }
    case "outbox_backlog": {
      const rows = count(
        locale,
        d.rows,
        ["message or job", "messages and jobs"],
        ["сообщение или задача", "сообщения или задачи", "сообщений и задач"],
      );
      return ru
        ? `${rows} ждут дольше ${n(d.minutes)} мин.`
        : `${rows} waited more than ${n(d.minutes)} min.`;
    }
    case "webhook_disabled":
      return ru
        ? `${s(d.url)} отключён после повторяющихся ошибок; включите его снова в настройках.`
        : `${s(d.url)} was disabled after repeated failures; enable it again in Settings.`;
  }
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
  const title = titles[locale][incident.kind];
  const lines =
    event === "opened"
      ? [`🔴 ${title} — ${where.workspace}`, summary(locale, incident.kind, incident.detail)]
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
