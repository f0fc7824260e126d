import { escapeFor } from "@/lib/runtime/template";

/**
 * What the buyer reads when goods arrive (or cannot), in the contact's language. Every text is
 * HTML-escaped here: the messages go out with parse_mode HTML so a key can be shown as <code>,
 * which Telegram lets the buyer copy with a tap.
 */

export type BuyerLocale = "en" | "ru";

export function buyerLocale(languageCode: string | null | undefined): BuyerLocale {
  return languageCode?.toLowerCase().startsWith("ru") ? "ru" : "en";
}

export function escapeHtml(text: string): string {
  return escapeFor("html", text);
}

export function formatUntil(at: Date, locale: BuyerLocale): string {
  const shown = new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(at);
  return `${shown} UTC`;
}

/** The text that comes with the goods when neither the node nor the product has one. */
export function defaultIntro(title: string, locale: BuyerLocale): string {
  return locale === "ru"
    ? `Спасибо за покупку! Ваш «${title}»:`
    : `Thank you for your purchase! Here is “${title}”:`;
}

export const buyerTexts = {
  en: {
    oneTimeLink: (until: string) => `The link works for one download, until ${until}.`,
    timedLink: (n: number, until: string) =>
      `The link works for ${n} download${n === 1 ? "" : "s"}, until ${until}.`,
    inviteLink: (until: string) => `The link lets you join once, until ${until}.`,
    accessUntil: (until: string) => `Your access lasts until ${until}.`,
    notChannelAdmin: (title: string) =>
      `We could not open “${title}” for you: the bot cannot invite members to the channel yet. The shop has been told and will get back to you.`,
    accessReminder: (title: string, until: string) =>
      `Your access to “${title}” ends on ${until}. To keep it, send /start and buy it again.`,
    accessEnded: (title: string) =>
      `Your access to “${title}” has ended. To get it back, send /start and buy it again.`,
    subscriptionEnded: (title: string, until: string) =>
      `Your subscription to “${title}” has been cancelled. Your access lasts until ${until}; to subscribe again, send /start.`,
    joinedByOther: (title: string) =>
      `Someone else joined “${title}” with your invite link, so they have been removed: the access is only yours.`,
    newInviteLink: (title: string) => `Here is a new invite link for “${title}”:`,
    askShopForLink: `Please contact the shop for a new link.`,
    outOfStockRefund: (title: string) =>
      `Sorry, “${title}” has just sold out. Your payment will be refunded.`,
    outOfStockHold: (title: string) =>
      `Sorry, “${title}” has just sold out. The shop has been told and will get back to you.`,
    failed: (title: string) =>
      `We could not issue “${title}” automatically. The shop has been told and will get back to you.`,
    courseEnrolled: "You are enrolled in the course.",
    courseNoLink: "Sign in to the course with the details the school sent you.",
    // My purchases (/purchases).
    purchasesTitle: "Your purchases. Tap one to get it again:",
    purchasesEmpty: "You have no purchases yet.",
    purchaseUnknown: "This purchase was not found.",
    resendRevoked: (title: string) => `“${title}” was refunded, so it is no longer available.`,
    resendNotIssued: (title: string) =>
      `“${title}” has not been issued yet. The shop knows and will get back to you.`,
    resendExpired: (title: string) => `The link to “${title}” has expired.`,
    resendUsedUp: (title: string) => `The link to “${title}” has been used up.`,
    resendAskShop: (title: string) =>
      `“${title}” cannot be sent again automatically. Please ask the shop.`,
    linkLeft: (n: number, until: string) =>
      `The link works for ${n} more download${n === 1 ? "" : "s"}, until ${until}. The link sent before no longer works.`,
    newPageLink: "The link sent before no longer works.",
    statusIssued: "issued",
    statusExpired: "expired",
    statusRevoked: "refunded",
    statusPending: "being issued",
    statusFailed: "not issued",
  },
  ru: {
    oneTimeLink: (until: string) => `Ссылка работает для одного скачивания, до ${until}.`,
    timedLink: (n: number, until: string) => `Ссылка работает для ${n} скачиваний, до ${until}.`,
    inviteLink: (until: string) => `По ссылке можно вступить один раз, до ${until}.`,
    accessUntil: (until: string) => `Доступ действует до ${until}.`,
    notChannelAdmin: (title: string) =>
      `Не удалось открыть вам «${title}»: бот пока не может приглашать участников в канал. Магазин уже знает и свяжется с вами.`,
    accessReminder: (title: string, until: string) =>
      `Доступ к «${title}» закончится ${until}. Чтобы продлить его, отправьте /start и купите снова.`,
    accessEnded: (title: string) =>
      `Доступ к «${title}» закончился. Чтобы вернуть его, отправьте /start и купите снова.`,
    subscriptionEnded: (title: string, until: string) =>
      `Подписка на «${title}» отменена. Доступ действует до ${until}; чтобы подписаться снова, отправьте /start.`,
    joinedByOther: (title: string) =>
      `По вашей ссылке в «${title}» вступил другой человек, поэтому его удалили: доступ только для вас.`,
    newInviteLink: (title: string) => `Новая ссылка-приглашение в «${title}»:`,
    askShopForLink: `Чтобы получить новую ссылку, свяжитесь с магазином.`,
    outOfStockRefund: (title: string) =>
      `К сожалению, «${title}» только что закончился. Оплата будет возвращена.`,
    outOfStockHold: (title: string) =>
      `К сожалению, «${title}» только что закончился. Магазин уже знает и свяжется с вами.`,
    failed: (title: string) =>
      `Не удалось выдать «${title}» автоматически. Магазин уже знает и свяжется с вами.`,
    courseEnrolled: "Вы записаны на курс.",
    courseNoLink: "Войдите в курс с данными, которые прислала школа.",
    purchasesTitle: "Ваши покупки. Нажмите, чтобы получить снова:",
    purchasesEmpty: "У вас пока нет покупок.",
    purchaseUnknown: "Покупка не найдена.",
    resendRevoked: (title: string) =>
      `За «${title}» вернули оплату, поэтому покупка больше недоступна.`,
    resendNotIssued: (title: string) =>
      `«${title}» ещё не выдан. Магазин уже знает и свяжется с вами.`,
    resendExpired: (title: string) => `Срок ссылки на «${title}» истёк.`,
    resendUsedUp: (title: string) => `Ссылка на «${title}» уже использована.`,
    resendAskShop: (title: string) =>
      `«${title}» нельзя отправить повторно автоматически. Пожалуйста, напишите в магазин.`,
    linkLeft: (n: number, until: string) =>
      `Осталось скачиваний: ${n}, до ${until}. Прежняя ссылка больше не работает.`,
    newPageLink: "Прежняя ссылка больше не работает.",
    statusIssued: "выдан",
    statusExpired: "срок истёк",
    statusRevoked: "возврат",
    statusPending: "выдаётся",
    statusFailed: "не выдан",
  },
} satisfies Record<BuyerLocale, unknown>;

/** A sendMessage call in HTML with link previews off (a preview would fetch a download link). */
export function htmlMessage(chatId: string, lines: string[]) {
  return {
    method: "sendMessage",
    params: {
      chat_id: chatId,
      text: lines.filter((l) => l !== "").join("\n\n"),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
  };
}
