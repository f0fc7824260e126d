import { Api } from "grammy";
import type { Db } from "@/lib/db";
import { bots } from "@/lib/db/schema";
import { drainOutbox } from "@/lib/jobs/sender";
import { encryptSecret, randomToken } from "@/lib/crypto/secrets";
import type { FlowDocument } from "@/lib/flow/document";
import { createFlow } from "@/lib/flows/flows";
import { getDraft, saveDraft } from "@/lib/flows/draft";
import { publishFlow } from "@/lib/flows/publish";
import { POST as telegramWebhook } from "@/app/api/telegram/[botId]/route";
import type { FakeBot, FakeTelegram, PushableUpdate } from "./fakes/telegram";
import { createTestAccount, type TestAccount } from "./http";

/**
 * A shop whose bot is connected to the fake Telegram: the bot row holds the fake's token and a
 * known webhook secret, so tests can call the real webhook route as Telegram would.
 */
export interface RuntimeShop {
  /** The workspace's owner, to call the API as staff. */
  owner: TestAccount;
  workspaceId: string;
  botId: string;
  secret: string;
  fakeBot: FakeBot;
  /** Publishes a document as a new flow of the bot (or a new version of `flowId`). */
  publish(document: FlowDocument, flowId?: string): Promise<{ flowId: string }>;
  /** POSTs an update to /api/telegram/{botId} with the bot's secret, exactly as Telegram does. */
  deliver(update: PushableUpdate & { update_id: number }, secret?: string): Promise<Response>;
  /** grammY's client for the fake, for the sender. */
  api: (token: string) => Api;
  /**
   * Runs the sender until the outbox has nothing due, through the fake, with Telegram's limits
   * out of the way (they are tested on their own in lib/jobs/sender.db.test.ts).
   */
  drain(): Promise<number>;
  /** What the bot sent to a chat, as text; an invoice reads "invoice:<total>". */
  texts(chatId: number): string[];
}

export const unlimitedSendLimits = {
  botPerSecond: 1e6,
  privatePerSecond: 1e6,
  privateBurst: 1e6,
  groupPerMinute: 1e6,
};

export async function createRuntimeShop(db: Db, telegram: FakeTelegram): Promise<RuntimeShop> {
  const owner = await createTestAccount(db);
  const fakeBot = telegram.addBot();
  const secret = randomToken(32);
  const [bot] = await db
    .insert(bots)
    .values({
      workspaceId: owner.workspaceId,
      name: "Runtime bot",
      tokenEncrypted: encryptSecret(fakeBot.token),
      webhookSecretEncrypted: encryptSecret(secret),
      telegramMe: { id: fakeBot.id, username: fakeBot.username, first_name: fakeBot.first_name },
    })
    .returning({ id: bots.id });
  const botId = bot!.id;
  const api = (token: string) => new Api(token, { apiRoot: telegram.apiRoot });
  const actor = { type: "system" } as const;
  return {
    owner,
    workspaceId: owner.workspaceId,
    botId,
    secret,
    fakeBot,
    async publish(document, existing) {
      const flowId =
        existing ??
        (await createFlow(db, { workspaceId: owner.workspaceId, botId, name: "Flow", actor })).id;
      const { revision } = await getDraft(db, owner.workspaceId, flowId);
      await saveDraft(db, {
        workspaceId: owner.workspaceId,
        flowId,
        baseRevision: revision,
        document,
        actor,
      });
      await publishFlow(db, { workspaceId: owner.workspaceId, flowId, actor });
      return { flowId };
    },
    deliver(update, secretHeader = secret) {
      const req = new Request(`http://localhost:3000/api/telegram/${botId}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-telegram-bot-api-secret-token": secretHeader,
        },
        body: JSON.stringify(update),
      });
      return telegramWebhook(req, { params: Promise.resolve({ botId }) });
    },
    api,
    drain: () => drainOutbox(db, { api, limits: unlimitedSendLimits }),
    texts: (chatId) =>
      telegram
        .messagesIn(chatId, fakeBot.token)
        .map((m) =>
          "text" in m ? (m.text ?? "") : m.invoice ? `invoice:${m.invoice.total_amount}` : "",
        ),
  };
}
