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
 * to press it. /start begins a flow. Ctrl+C quits.
 */
import readline from "node:readline/promises";
import {
  callbackUpdate,
  messageUpdate,
  startFakeTelegram,
  type FakeTelegram,
} from "../test/fakes/telegram";

const port = Number(process.argv.find((a) => a.startsWith("--port="))?.slice(7) ?? 8081);
const chatId = 4242;
const you = { id: chatId, first_name: "Alex", username: "alex_buyer", language_code: "en" };

type Button = { text: string; callback_data?: string; url?: string };

async function main() {
  const telegram = await startFakeTelegram({ port, acceptAnyToken: true });
  console.log(`Fake Telegram Bot API on ${telegram.apiRoot}`);
  console.log(`Start Botshop with TELEGRAM_API_ROOT=${telegram.apiRoot}, open your bot's page`);
  console.log('and press "Connect" (or "Register again"). Waiting for a webhook…');
  const token = await waitForWebhook(telegram);
  const me = telegram.webhook(token)!;
  console.log(`Webhook registered: ${me.url}\nType /start to begin.\n`);

  let shown = 0;
  let buttons: Button[] = [];
  const printNew = () => {
    const messages = telegram.messagesIn(chatId, token);
    for (const m of messages.slice(shown)) {
      const text = "text" in m && m.text ? m.text : "caption" in m && m.caption ? m.caption : "";
      console.log(`\nbot › ${text || "(media)"}`);
      const rows = (m.reply_markup?.inline_keyboard ?? []) as Button[][];
      buttons = rows.flat();
      buttons.forEach((b, i) =>
        console.log(`      [${i + 1}] ${b.text}${b.url ? ` → ${b.url}` : ""}`),
      );
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
    const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    const last = telegram.messagesIn(chatId, token).at(-1);
    const update =
      pressed?.callback_data && last
        ? callbackUpdate({
            chatId,
            from: you,
            data: pressed.callback_data,
            messageId: last.message_id,
          })
        : messageUpdate({ chatId, from: you, text: line });
    const res = await telegram.pushUpdate(token, update);
    if (!res.ok) console.log(`(the webhook answered ${res.status})`);
  }
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
