/*
 * Talk to your Botshop bot from a terminal, without Telegram: a local fake Telegram Bot API
 * (test/fakes/telegram.ts) that Botshop registers its webhook with and sends its replies to,
 * and a prompt where you type as a buyer.
 *
 *   npm run telegram:chat                 # the fake on http://127.0.0.1:8081
 *   TELEGRAM_API_ROOT=http://127.0.0.1:8081 npm start     # in another terminal
 *
 * Then open the bot's page in Botshop and press "Connect" (or "Register again"): the
 * webhook is registered here and the chat starts. Type a message, or the number of a button
 * to press it. /start begins a flow. When the bot sends an invoice, /pay pays it the way
 * Telegram does: a pre_checkout_query first, and only if Botshop accepts it the
 * successful_payment message. Ctrl+C quits.
 */
import readline from "node:readline/promises";
import type { Message } from "grammy/types";
import { formatMoney, isCurrencyCode } from "../lib/money/currency";
import {
  callbackUpdate,
  messageUpdate,
  preCheckoutUpdate,
  successfulPaymentUpdate,
  startFakeTelegram,
  type FakeCall,
  type FakeTelegram,
} from "../test/fakes/telegram";

const port = Number(process.argv.find((a) => a.startsWith("--port="))?.slice(7) ?? 8081);
const chatId = 4242;
const you = { id: chatId, first_name: "Alex", username: "alex_buyer", language_code: "en" };
/** Telegram drops a purchase whose pre_checkout_query is not answered within 10 seconds. */
const preCheckoutTimeoutMs = 10_000;

type Button = { text: string; callback_data?: string; url?: string };

/** What Telegram would charge for: an invoice message, or an invoice link (Star subscriptions). */
interface Invoice {
  title: string;
  payload: string;
  currency: string;
  total: number;
}

async function main() {
  const telegram = await startFakeTelegram({ port, acceptAnyToken: true });
  console.log(`Fake Telegram Bot API on ${telegram.apiRoot}`);
  console.log(`Start Botshop with TELEGRAM_API_ROOT=${telegram.apiRoot}, open your bot's page`);
  console.log('and press "Connect" (or "Register again"). Waiting for a webhook…');
  const token = await waitForWebhook(telegram);
  const me = telegram.webhook(token)!;
  console.log(`Webhook registered: ${me.url}\nType /start to begin.\n`);

  let shown = 0;
  let buttons: { list: Button[]; messageId: number } = { list: [], messageId: 0 };
  let invoice: Invoice | undefined;
  const printNew = () => {
    const messages = telegram.messagesIn(chatId, token);
    for (const m of messages.slice(shown)) {
      if (m.invoice) {
        invoice = invoiceOf(telegram, token, m) ?? invoice;
        printInvoice(m.invoice);
        continue;
      }
      const text = "text" in m && m.text ? m.text : "caption" in m && m.caption ? m.caption : "";
      const file =
        "document" in m && m.document
          ? `📎 ${m.document.file_name ?? "file"} (${m.document.file_size ?? "?"} bytes)\n`
          : "";
      console.log(`\nbot › ${(file + text || "(media)").replaceAll("\n", "\n      ")}`);
      const rows = (m.reply_markup?.inline_keyboard ?? []) as Button[][];
      buttons = { list: rows.flat(), messageId: m.message_id };
      buttons.list.forEach((b, i) => {
        const link = b.url ? invoiceLinkOf(telegram, token, b.url) : undefined;
        if (link) invoice = link;
        console.log(
          `      [${i + 1}] ${b.text}${b.url ? ` → ${b.url}` : ""}${link ? "  (type /pay)" : ""}`,
        );
      });
    }
    shown = messages.length;
  };
  const timer = setInterval(printNew, 200);

  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  prompt.on("close", async () => {
    clearInterval(timer);
    await telegram.close();
    process.exit(0);
  });
  for (;;) {
    const line = (await prompt.question("")).trim();
    if (!line) continue;
    if (line === "/pay") {
      if (invoice) await pay(telegram, token, invoice);
      else console.log("(there is no invoice to pay yet)");
      continue;
    }
    const pressed = /^\d+$/.test(line) ? buttons.list[Number(line) - 1] : undefined;
    if (pressed?.url) {
      console.log(`(a link button: in Telegram it opens ${pressed.url})`);
      continue;
    }
    const update = pressed?.callback_data
      ? callbackUpdate({
          chatId,
          from: you,
          data: pressed.callback_data,
          messageId: buttons.messageId,
        })
      : messageUpdate({ chatId, from: you, text: line });
    const res = await telegram.pushUpdate(token, update);
    if (!res.ok) console.log(`(the webhook answered ${res.status})`);
  }
}

/**
 * Pays as Telegram does: asks the bot with a pre_checkout_query and waits for its answer;
 * only an accepted query is charged and reported to the bot as message.successful_payment.
 */
async function pay(telegram: FakeTelegram, token: string, invoice: Invoice): Promise<void> {
  const query = preCheckoutUpdate({
    userId: chatId,
    from: you,
    currency: invoice.currency,
    totalAmount: invoice.total,
    payload: invoice.payload,
  });
  const queryId = query.pre_checkout_query?.id;
  const pushed = await telegram.pushUpdate(token, query);
  if (!pushed.ok) {
    console.log(`(the webhook answered ${pushed.status} to the pre_checkout_query)`);
    return;
  }
  const answer = await waitForCall(
    telegram,
    token,
    (c) => c.method === "answerPreCheckoutQuery" && c.params.pre_checkout_query_id === queryId,
    preCheckoutTimeoutMs,
  );
  if (!answer) {
    console.log("(no answer to the pre_checkout_query within 10 s: Telegram drops the purchase)");
    return;
  }
  // Form-encoded calls carry booleans as strings.
  if (answer.params.ok !== true && answer.params.ok !== "true") {
    console.log(`(payment refused: ${String(answer.params.error_message ?? "no reason given")})`);
    return;
  }
  const paid = await telegram.pushUpdate(
    token,
    successfulPaymentUpdate({
      chatId,
      from: you,
      currency: invoice.currency,
      totalAmount: invoice.total,
      payload: invoice.payload,
    }),
  );
  if (!paid.ok) console.log(`(the webhook answered ${paid.status} to successful_payment)`);
  else console.log(`(paid ${price(invoice.total, invoice.currency)})`);
}

function printInvoice(invoice: NonNullable<Message["invoice"]>): void {
  const total = price(invoice.total_amount, invoice.currency);
  console.log(`\nbot › 🧾 Invoice: ${invoice.title}`);
  if (invoice.description) console.log(`      ${invoice.description}`);
  console.log(`      ${total}`);
  console.log(`      [Pay ${total}]  type /pay to pay it`);
}

/** The payload is not part of the message: it is in the sendInvoice call that made it. */
function invoiceOf(telegram: FakeTelegram, token: string, m: Message): Invoice | undefined {
  const call = telegram
    .callsTo("sendInvoice", token)
    .find((c) => sentAs(c) === `${chatId}:${m.message_id}`);
  if (!call || !m.invoice) return undefined;
  return {
    title: m.invoice.title,
    payload: String(call.params.payload),
    currency: m.invoice.currency,
    total: m.invoice.total_amount,
  };
}

/** An invoice link made by createInvoiceLink (Stars subscriptions are sold this way). */
function invoiceLinkOf(telegram: FakeTelegram, token: string, url: string): Invoice | undefined {
  const call = telegram.callsTo("createInvoiceLink", token).find((c) => {
    const response = c.response;
    return isRecord(response) && response.result === url;
  });
  if (!call) return undefined;
  const prices = Array.isArray(call.params.prices) ? call.params.prices : [];
  const total = prices.reduce<number>(
    (sum, p) => sum + (isRecord(p) ? Number(p.amount) || 0 : 0),
    0,
  );
  return {
    title: String(call.params.title),
    payload: String(call.params.payload),
    currency: String(call.params.currency),
    total,
  };
}

/** "chatId:messageId" of the message a successful send call made. */
function sentAs(call: FakeCall): string | undefined {
  const result = isRecord(call.response) ? call.response.result : undefined;
  if (!isRecord(result) || !isRecord(result.chat)) return undefined;
  return `${String(result.chat.id)}:${String(result.message_id)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function price(total: number, currency: string): string {
  return isCurrencyCode(currency) ? formatMoney(total, currency, "en") : `${total} ${currency}`;
}

async function waitForCall(
  telegram: FakeTelegram,
  token: string,
  match: (call: FakeCall) => boolean,
  timeoutMs: number,
): Promise<FakeCall | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const call = telegram.calls.find((c) => c.token === token && c.status === 200 && match(c));
    if (call) return call;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

async function waitForWebhook(telegram: FakeTelegram): Promise<string> {
  for (;;) {
    const call = telegram.calls.findLast((c) => c.method === "setWebhook" && c.status === 200);
    if (call) return call.token;
    await new Promise((r) => setTimeout(r, 300));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
