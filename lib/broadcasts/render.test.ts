import { describe, expect, it } from "vitest";
import { broadcastMessageSchema, clickTargets } from "./message";
import { renderBroadcastCall } from "./render";

const scope = {
  contact: { first_name: "Anna <3", fields: { city: "" } },
  localeSettings: { locale: "ru", timeZone: "Europe/Moscow" },
};
const link = (i: number) => `https://t.example/r/b/T${i}`;

describe("a broadcast's call for one recipient", () => {
  it("renders variables, points the buttons at the redirect and marks paid broadcasts", () => {
    const message = broadcastMessageSchema.parse({
      text: 'Hi {{contact.first_name}} from {{contact.fields.city | "Moscow"}}',
      buttons: [
        { text: "Shop", url: "https://shop.example/a" },
        { text: "Help", url: "https://shop.example/b" },
      ],
    });
    const call = renderBroadcastCall(message, scope, { chatId: "42", link, paid: true });
    expect(call).toEqual({
      method: "sendMessage",
      params: {
        chat_id: "42",
        text: "Hi Anna <3 from Moscow",
        reply_markup: {
          inline_keyboard: [
            [{ text: "Shop", url: "https://t.example/r/b/T0" }],
            [{ text: "Help", url: "https://t.example/r/b/T1" }],
          ],
        },
        allow_paid_broadcast: true,
      },
    });
    expect(
      renderBroadcastCall(message, scope, { chatId: 1, link, paid: false }).params,
    ).not.toHaveProperty("allow_paid_broadcast");
  });

  it("tracks the text's http links after the buttons, escaping values for the format", () => {
    const message = broadcastMessageSchema.parse({
      text: '<b>{{contact.first_name}}</b>: <a href="https://shop.example/x?a=1&amp;b=2">sale</a>, <a href="tg://resolve?domain=x">chat</a>',
      format: "html",
      buttons: [{ text: "Open", url: "https://shop.example/open" }],
    });
    expect(clickTargets(message)).toEqual([
      { index: 0, kind: "button", label: "Open", url: "https://shop.example/open" },
      { index: 1, kind: "link", label: "sale", url: "https://shop.example/x?a=1&b=2" },
    ]);
    const call = renderBroadcastCall(message, scope, { chatId: 1, link, paid: false });
    expect(call.params.text).toBe(
      '<b>Anna &lt;3</b>: <a href="https://t.example/r/b/T1">sale</a>, <a href="tg://resolve?domain=x">chat</a>',
    );
    expect(call.params.parse_mode).toBe("HTML");
  });

  it("rewrites MarkdownV2 links and sends a photo with the text as its caption", () => {
    const message = broadcastMessageSchema.parse({
      text: "[Sale](https://shop.example/s) for {{contact.first_name}}",
      format: "markdown",
      photo: "https://shop.example/p.jpg",
    });
    const call = renderBroadcastCall(message, scope, { chatId: 1, link, paid: false });
    expect(call.method).toBe("sendPhoto");
    expect(call.params).toMatchObject({
      photo: "https://shop.example/p.jpg",
      caption: "[Sale](https://t.example/r/b/T0) for Anna <3",
      parse_mode: "MarkdownV2",
    });
  });

  it("refuses a caption longer than Telegram takes and non-http buttons", () => {
    expect(
      broadcastMessageSchema.safeParse({ text: "x".repeat(1025), photo: "https://a.example/p.jpg" })
        .success,
    ).toBe(false);
    expect(
      broadcastMessageSchema.safeParse({
        text: "x",
        buttons: [{ text: "x", url: "javascript:alert(1)" }],
      }).success,
    ).toBe(false);
  });
});
