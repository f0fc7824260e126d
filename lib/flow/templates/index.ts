import type { FlowDocument } from "../document";
import { text, type FlowLocale, type LocalizedText } from "../localizedText";
import { flowBuilder, sayer } from "./builder";
import { flowTemplateIds, type FlowTemplateId } from "./ids";
import { addSale } from "./sale";

export { flowTemplateIds, type FlowTemplateId } from "./ids";

/** A starting flow: every template publishes as built, in either locale. */
export interface FlowTemplate {
  id: FlowTemplateId;
  name: LocalizedText;
  description: LocalizedText;
  /** The document with its customer-facing texts in `locale`. */
  build(locale: FlowLocale): FlowDocument;
}

/**
 * The shape the three selling templates share: /start → catalog → payment → delivery, then one
 * message of their own (`after`). Returns the builder, so a template can go on from `after`.
 */
function saleFlow(
  locale: FlowLocale,
  texts: { catalog: string; delivered: string; afterId: string; after: string },
) {
  const b = flowBuilder();
  const start = b.node("start", "trigger.start", 0, 0, { payload: "" });
  const deliver = addSale(b, locale, { catalog: texts.catalog, delivered: texts.delivered });
  const after = b.node(texts.afterId, "message", 4, 0, { text: texts.after });
  b.edge(start, "next", "catalog");
  b.edge(deliver, "delivered", after);
  return { b, after };
}

function sellEbook(locale: FlowLocale): FlowDocument {
  const say = sayer(locale);
  return saleFlow(locale, {
    catalog: say(
      "Hi {{contact.first_name}}! Pick the e-book you would like to buy:",
      "Здравствуйте, {{contact.first_name}}! Выберите электронную книгу:",
    ),
    delivered: say(
      "Here is your download link. It works once, so save the file right away.",
      "Вот ваша ссылка на скачивание. Она одноразовая — сохраните файл сразу.",
    ),
    afterId: "thanks",
    after: say(
      "Thank you for your purchase, {{contact.first_name}}! Enjoy the read.",
      "Спасибо за покупку, {{contact.first_name}}! Приятного чтения.",
    ),
  }).b.done();
}

function onlineCourse(locale: FlowLocale): FlowDocument {
  const say = sayer(locale);
  return saleFlow(locale, {
    catalog: say(
      "Hi {{contact.first_name}}! Choose a course to enrol in:",
      "Здравствуйте, {{contact.first_name}}! Выберите курс:",
    ),
    delivered: say(
      "Payment received! Here is your course access. Keep it private: it is yours alone.",
      "Оплата получена! Вот ваш доступ к курсу. Не передавайте его: он только для вас.",
    ),
    afterId: "welcome",
    after: say(
      "Welcome to the course, {{contact.first_name}}! Start with the first lesson today, and write here if anything is unclear.",
      "Добро пожаловать на курс, {{contact.first_name}}! Начните с первого урока уже сегодня, а если что-то непонятно — пишите сюда.",
    ),
  }).b.done();
}

function paidChannel(locale: FlowLocale): FlowDocument {
  const say = sayer(locale);
  const { b, after: welcome } = saleFlow(locale, {
    catalog: say(
      "Hi {{contact.first_name}}! Choose a subscription to the private channel:",
      "Здравствуйте, {{contact.first_name}}! Выберите подписку на закрытый канал:",
    ),
    delivered: say(
      "Payment received! Here is your personal invite to the channel. It is for you only.",
      "Оплата получена! Вот ваше личное приглашение в канал. Оно только для вас.",
    ),
    afterId: "welcome",
    after: say(
      "Welcome aboard! We will remind you a few days before your subscription ends.",
      "Добро пожаловать! Мы напомним за несколько дней до окончания подписки.",
    ),
  });
  // A 30-day subscription: remind three days before it ends.
  const wait = b.node("until-renewal", "wait", 5, 0, { amount: 27, unit: "days" });
  const reminder = b.node("renewal", "buttons", 6, 0, {
    text: say(
      "Your channel subscription ends in 3 days. Renew now to keep your access.",
      "Ваша подписка на канал закончится через 3 дня. Продлите её, чтобы не потерять доступ.",
    ),
    buttons: [{ id: "renew", text: say("Renew", "Продлить") }],
  });
  b.edge(welcome, "next", wait);
  b.edge(wait, "next", reminder);
  b.edge(reminder, "renew", "pay");
  return b.done();
}

function payoutNotifications(locale: FlowLocale): FlowDocument {
  const say = sayer(locale);
  const b = flowBuilder();
  const payout = b.node("payout", "trigger.event", 0, 0, { event: "payout.credited" });
  const note = b.node("payout-note", "message", 1, 0, {
    text: say(
      "Payout credited: {{event.amount}} {{event.currency}} on {{event.date}}.",
      "Начислена выплата: {{event.amount}} {{event.currency}}, дата {{event.date}}.",
    ),
  });
  const start = b.node("start", "trigger.start", 0, 1, { payload: "" });
  const phone = b.node("link-phone", "contact.request", 1, 1, {
    text: say(
      "To get payout notifications here, share your phone number: we find you in our accounting by it.",
      "Чтобы получать уведомления о выплатах, поделитесь номером телефона: по нему мы найдём вас в учёте.",
    ),
    buttonText: say("Share my phone number", "Поделиться номером"),
  });
  const linked = b.node("linked", "message", 2, 1, {
    text: say(
      "Thank you! This chat is linked; payout notifications will arrive here.",
      "Спасибо! Чат привязан, уведомления о выплатах будут приходить сюда.",
    ),
  });
  const notLinked = b.node("not-linked", "message", 2, 2, {
    text: say(
      "We need your own number, shared with the button under the message. Send /start to try again.",
      "Нужен ваш собственный номер, отправленный кнопкой под сообщением. Отправьте /start, чтобы попробовать снова.",
    ),
  });
  b.edge(payout, "next", note);
  b.edge(start, "next", phone);
  b.edge(phone, "shared", linked);
  b.edge(phone, "invalid", notLinked);
  return b.done();
}

function supportFaq(locale: FlowLocale): FlowDocument {
  const say = sayer(locale);
  const b = flowBuilder();
  const start = b.node("start", "trigger.start", 0, 0, { payload: "" });
  const keyword = b.node("help-word", "trigger.keyword", 0, 1, {
    keywords: locale === "ru" ? ["помощь", "поддержка", "вопрос"] : ["help", "support", "question"],
    match: "exact",
  });
  const faq = b.node("faq", "faq", 1, 0, {
    prompt: say(
      "Hi {{contact.first_name}}! Ask your question in a message, or pick one below.",
      "Здравствуйте, {{contact.first_name}}! Напишите свой вопрос или выберите его ниже.",
    ),
    showQuestions: true,
    entries:
      locale === "ru"
        ? [
            {
              question: "Как получить покупку?",
              keywords: ["доставка, получить, ссылка, скачать, файл"],
              answer:
                "Покупка приходит в этот чат сразу после оплаты. Если её нет — напишите «оператор».",
            },
            {
              question: "Как оплатить?",
              keywords: ["оплата, оплатить, платить, звёзды, stars"],
              answer: "Оплата — в Telegram Stars прямо в чате: нажмите «Оплатить» под счётом.",
            },
            {
              question: "Можно вернуть деньги?",
              keywords: ["возврат", "вернуть деньги"],
              answer:
                "Вернуть деньги можно в течение 14 дней после покупки. Напишите, что не подошло.",
            },
            {
              question: "Когда вы отвечаете?",
              keywords: ["часы, график", "время работы"],
              answer: "Мы отвечаем по будням с 10:00 до 19:00 (МСК).",
            },
          ]
        : [
            {
              question: "How do I get my purchase?",
              keywords: ["delivery, download, link, receive, file"],
              answer:
                "Your purchase arrives in this chat right after payment. Nothing there? Ask for a person.",
            },
            {
              question: "How do I pay?",
              keywords: ["payment, pay, stars"],
              answer: "You pay with Telegram Stars right in this chat: tap Pay under the invoice.",
            },
            {
              question: "Can I get a refund?",
              keywords: ["refund, return", "money back"],
              answer: "Refunds are possible within 14 days of purchase. Tell us what went wrong.",
            },
            {
              question: "When do you answer?",
              keywords: ["hours, open", "working hours"],
              answer: "We answer on weekdays, 10:00 to 19:00.",
            },
          ],
  });
  const helped = b.node("helped", "buttons", 2, 0, {
    text: say("Did that answer your question?", "Это ответ на ваш вопрос?"),
    buttons: [
      { id: "yes", text: say("Yes, thanks", "Да, спасибо") },
      { id: "no", text: say("No, talk to a person", "Нет, нужен человек"), sameRow: true },
    ],
  });
  const bye = b.node("bye", "message", 3, 0, {
    text: say(
      "Glad to help! Write “help” whenever you have another question.",
      "Рады помочь! Напишите «помощь», если появится ещё вопрос.",
    ),
  });
  const agent = b.node("agent", "handoff", 2, 1, {
    text: say(
      "Let me get a person for you. Please wait here: someone will answer shortly.",
      "Зову сотрудника. Пожалуйста, подождите: вам скоро ответят.",
    ),
    note: say(
      "The FAQ did not answer the customer's question.",
      "Частые вопросы не помогли клиенту.",
    ),
  });
  const released = b.node("after-agent", "message", 3, 1, {
    text: say(
      "Thank you for waiting! Write “help” whenever you have another question.",
      "Спасибо за ожидание! Напишите «помощь», если появится ещё вопрос.",
    ),
  });
  b.edge(start, "next", faq);
  b.edge(keyword, "next", faq);
  b.edge(faq, "answered", helped);
  b.edge(faq, "fallback", agent);
  b.edge(helped, "yes", bye);
  b.edge(helped, "no", agent);
  b.edge(agent, "released", released);
  return b.done();
}

const templates: Record<FlowTemplateId, Omit<FlowTemplate, "id">> = {
  "sell-ebook": {
    name: text("Sell an e-book", "Продажа электронной книги"),
    description: text(
      "Catalog, payment in Stars, a one-time download link and a thank-you; failed, canceled and expired payments offer to try again.",
      "Каталог, оплата в Stars, одноразовая ссылка на скачивание и благодарность; при неудачной, отменённой или просроченной оплате — предложение повторить.",
    ),
    build: sellEbook,
  },
  "online-course": {
    name: text("Online course with access", "Онлайн-курс с доступом"),
    description: text(
      "Payment, then the course activation and a welcome message.",
      "Оплата, затем активация доступа к курсу и приветствие.",
    ),
    build: onlineCourse,
  },
  "paid-channel": {
    name: text("Paid private channel subscription", "Платная подписка на закрытый канал"),
    description: text(
      "Payment, a personal channel invite, and a renewal reminder three days before a 30-day subscription ends.",
      "Оплата, личное приглашение в канал и напоминание о продлении за три дня до конца 30-дневной подписки.",
    ),
    build: paidChannel,
  },
  "payout-notifications": {
    name: text("Payout notifications from 1C", "Уведомления о выплатах из 1С"),
    description: text(
      "The payout.credited event from 1C becomes a message with the amount; /start links the chat by phone number.",
      "Событие payout.credited из 1С превращается в сообщение с суммой; /start привязывает чат по номеру телефона.",
    ),
    build: payoutNotifications,
  },
  "support-faq": {
    name: text("Support FAQ with hand-off", "Поддержка: частые вопросы и оператор"),
    description: text(
      "Answers common questions by keywords and hands the conversation to a person when it has no answer.",
      "Отвечает на частые вопросы по ключевым словам и передаёт диалог человеку, если ответа нет.",
    ),
    build: supportFaq,
  },
};

/** The starting templates, in the order the editor offers them. */
export const flowTemplates: readonly FlowTemplate[] = flowTemplateIds.map((id) => ({
  id,
  ...templates[id],
}));

/** A template's document in a locale. */
export function buildFlowTemplate(id: FlowTemplateId, locale: FlowLocale): FlowDocument {
  return templates[id].build(locale);
}
