import type { FlowLocale } from "../localizedText";
import { sayer, type FlowBuilder } from "./builder";

export interface SaleTexts {
  /** The catalog's text: the first thing the buyer reads. */
  catalog: string;
  /** Sent with the goods by the deliver node. */
  delivered: string;
}

/**
 * The paid path the commerce templates share, from column 1 on:
 * catalog → payment (Stars) → deliver, with a reply on every other outcome.
 *
 * Both commerce nodes take the product picked in the catalog (`product: "selected"`): a
 * template cannot know the workspace's product ids, and a fixed product without an id does
 * not publish. The catalog lists every active product until the owner narrows it.
 *
 * Failed, canceled and timed-out payments each say what happened and offer to try again
 * (the same product) or go back to the catalog. A failed delivery hands the buyer to a person:
 * they have paid. Returns the deliver node's id; its `delivered` outcome is the caller's.
 */
export function addSale(b: FlowBuilder, locale: FlowLocale, texts: SaleTexts): string {
  const say = sayer(locale);
  const retryButtons = [
    { id: "retry", text: say("Try again", "Попробовать снова") },
    { id: "back", text: say("Back to the catalog", "Назад в каталог") },
  ];

  const catalog = b.node("catalog", "catalog", 1, 0, { text: texts.catalog });
  const pay = b.node("pay", "payment", 2, 0, {
    product: "selected",
    provider: "stars",
    timeoutMinutes: 30,
  });
  const deliver = b.node("deliver", "deliver", 3, 0, {
    product: "selected",
    text: texts.delivered,
  });
  const empty = b.node("sold-out", "message", 2, 1, {
    text: say(
      "Nothing is on sale right now. Please come back later!",
      "Сейчас ничего нет в продаже. Загляните позже!",
    ),
  });
  const failed = b.node("pay-failed", "buttons", 3, 1, {
    text: say(
      "The payment did not go through, and no money was taken. Would you like to try again?",
      "Оплата не прошла, деньги не списаны. Попробовать ещё раз?",
    ),
    buttons: retryButtons,
  });
  const canceled = b.node("pay-canceled", "buttons", 3, 2, {
    text: say(
      "You canceled the payment. Changed your mind? You can pay any time.",
      "Вы отменили оплату. Передумали? Оплатить можно в любой момент.",
    ),
    buttons: retryButtons,
  });
  const timeout = b.node("pay-timeout", "buttons", 3, 3, {
    text: say(
      "The time to pay has run out, so the order was closed. Start a new payment?",
      "Время на оплату истекло, заказ закрыт. Оформить оплату заново?",
    ),
    buttons: retryButtons,
  });
  const agent = b.node("delivery-agent", "handoff", 4, 1, {
    text: say(
      "Your payment went through, but we could not deliver your purchase automatically. A person will sort it out here shortly.",
      "Оплата прошла, но выдать покупку автоматически не получилось. Сотрудник скоро разберётся с этим здесь.",
    ),
    note: say(
      "Paid, but delivery failed: deliver the product by hand.",
      "Оплачено, но выдача не удалась: выдайте товар вручную.",
    ),
  });

  b.edge(catalog, "selected", pay);
  b.edge(catalog, "empty", empty);
  b.edge(pay, "paid", deliver);
  b.edge(pay, "failed", failed);
  b.edge(pay, "canceled", canceled);
  b.edge(pay, "timeout", timeout);
  for (const node of [failed, canceled, timeout]) {
    b.edge(node, "retry", pay);
    b.edge(node, "back", catalog);
  }
  b.edge(deliver, "failed", agent);
  return deliver;
}
