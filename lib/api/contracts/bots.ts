import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { errorCodes, type ErrorCode } from "@/lib/api/errors";
import { supportSettingsSchema } from "@/lib/inbox/settings";
import { idParams, timestamp } from "./common";

// No schema id of its own: the OpenAPI generator does not rewrite references between
// components, and this one is used inside `Bot`.
const telegramBotSchema = z.object({
  id: z.number().int().describe("The bot's Telegram user id"),
  username: z.string(),
  firstName: z.string().describe("The bot's display name in Telegram"),
});

export const botSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel: z.enum(["telegram"]),
    username: z.string().nullable().describe("The bot's Telegram username, once known"),
    telegram: telegramBotSchema
      .nullable()
      .describe("What Telegram's getMe said about the token when it was last set"),
    webhookUrl: z
      .string()
      .nullable()
      .describe(
        "The webhook URL registered with Telegram; null while the bot is disconnected (updates wait at Telegram)",
      ),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Bot" });

export const webhookErrorSchema = z
  .object({
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe("Why, with Telegram's own description"),
  })
  .meta({
    id: "WebhookError",
    description:
      "Present when the bot was saved but Telegram did not accept its webhook: the bot stays disconnected until POST /api/v1/bots/{id}/webhook succeeds",
  });

export const webhookHealthSchema = z
  .object({
    status: z
      .enum(["ok", "failing", "elsewhere", "not_set", "outdated"])
      .describe(
        "ok: Telegram delivers to this app; failing: it does, but its last delivery within the hour failed; elsewhere: it delivers to another URL; not_set: no webhook (updates wait at Telegram); outdated: this app's URL, but fewer update kinds than Botshop handles",
      ),
    expectedUrl: z.string().describe("The URL this app registers for the bot"),
    url: z.string().nullable().describe("The URL Telegram delivers to; null when none is set"),
    matches: z.boolean().describe("Whether `url` is `expectedUrl`"),
    pendingUpdateCount: z.number().int().describe("Updates Telegram holds, not yet delivered"),
    lastErrorAt: timestamp.nullable().describe("When Telegram's last delivery failed"),
    lastErrorMessage: z.string().nullable().describe("Telegram's words for that failure"),
    maxConnections: z.number().int().nullable(),
    allowedUpdates: z.array(z.string()).nullable(),
    checkedAt: timestamp,
  })
  .meta({ id: "WebhookHealth" });

/** Telegram bot tokens look like 123456789:AA… (BotFather). */
export const telegramTokenSchema = z
  .string()
  .trim()
  .regex(/^\d{5,15}:[\w-]{30,60}$/, "This does not look like a Telegram bot token (123456789:AA…)");

export const listBots = defineOperation({
  id: "listBots",
  method: "GET",
  path: "/api/v1/bots",
  tag: "Bots",
  summary: "List bots",
  auth: "workspace",
  permission: "bots.read",
  response: z.object({ data: z.array(botSchema) }),
});

export const createBotInput = z.strictObject({
  name: z.string().trim().min(1, "Name the bot").max(100),
  token: telegramTokenSchema.describe("From @BotFather; stored encrypted and never returned"),
});

export const createBot = defineOperation({
  id: "createBot",
  method: "POST",
  path: "/api/v1/bots",
  tag: "Bots",
  summary: "Add a Telegram bot",
  auth: "workspace",
  permission: "bots.manage",
  description:
    "Checks the token with Telegram (getMe): a token Telegram refuses is a 422 on `token` and nothing is stored. Then stores it encrypted and registers the webhook. If only the webhook fails, the bot is still created (201) and `webhookError` says why. Telegram unreachable: 503; Telegram rate limit: 429.",
  body: createBotInput,
  response: z.object({ bot: botSchema, webhookError: webhookErrorSchema.optional() }),
  status: 201,
});

export const getBot = defineOperation({
  id: "getBot",
  method: "GET",
  path: "/api/v1/bots/{id}",
  tag: "Bots",
  summary: "Get a bot",
  auth: "workspace",
  permission: "bots.read",
  params: idParams,
  response: z.object({ bot: botSchema }),
});

export const updateBotInput = z.strictObject({
  name: z.string().trim().min(1, "Name the bot").max(100).optional(),
  token: telegramTokenSchema
    .optional()
    .describe("Replace the token (for example after revoking it in @BotFather)"),
});

export const updateBot = defineOperation({
  id: "updateBot",
  method: "PATCH",
  path: "/api/v1/bots/{id}",
  tag: "Bots",
  summary: "Rename a bot or replace its token",
  description:
    "A new token is checked with getMe (422 on `token` if Telegram refuses it; nothing changes) and the webhook is registered again with it (`webhookError` if that fails). A token of a different Telegram bot is accepted and reported in `differentBot`: the old bot's webhook is deleted, so its customers no longer reach this shop.",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  body: updateBotInput,
  response: z.object({
    bot: botSchema,
    webhookError: webhookErrorSchema.optional(),
    differentBot: z
      .object({ previous: telegramBotSchema, current: telegramBotSchema })
      .optional()
      .describe("Present when the new token belongs to another Telegram bot than the old one"),
  }),
});

export const deleteBot = defineOperation({
  id: "deleteBot",
  method: "DELETE",
  path: "/api/v1/bots/{id}",
  tag: "Bots",
  summary: "Delete a bot",
  description: "Deletes its webhook at Telegram first, when Telegram can be reached.",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  status: 204,
});

export const getBotWebhook = defineOperation({
  id: "getBotWebhook",
  method: "GET",
  path: "/api/v1/bots/{id}/webhook",
  tag: "Bots",
  summary: "Check the bot's webhook with Telegram",
  description:
    "Asks Telegram (getWebhookInfo) where it delivers the bot's updates and whether deliveries fail. 422 when Telegram no longer accepts the token (revoked in @BotFather), 503 when Telegram cannot be reached.",
  auth: "workspace",
  permission: "bots.read",
  params: idParams,
  response: z.object({ webhook: webhookHealthSchema }),
});

export const registerBotWebhook = defineOperation({
  id: "registerBotWebhook",
  method: "POST",
  path: "/api/v1/bots/{id}/webhook",
  tag: "Bots",
  summary: "Register the bot's webhook again",
  description:
    "Calls setWebhook with this app's URL, the bot's secret and the update kinds Botshop handles, keeping pending updates. Use it after a failure, after changing APP_URL, or to reconnect a disconnected bot. Telegram's refusal is a 422 with its description; unreachable, 503.",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  response: z.object({ bot: botSchema }),
});

export const disconnectBot = defineOperation({
  id: "disconnectBot",
  method: "DELETE",
  path: "/api/v1/bots/{id}/webhook",
  tag: "Bots",
  summary: "Disconnect the bot from Telegram",
  description:
    "Deletes the webhook (deleteWebhook; Telegram keeps the updates that arrive meanwhile) and sets `webhookUrl` to null. The bot, its token and flows stay; register the webhook again to reconnect.",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  response: z.object({ bot: botSchema }),
});

const support = supportSettingsSchema.shape;

export const supportSettingsDtoSchema = supportSettingsSchema.meta({ id: "SupportSettings" });

/** Every field optional and without its default: a PATCH changes only what it names. */
export const updateSupportInput = z.strictObject({
  handoffText: support.handoffText.removeDefault().optional(),
  outOfHoursText: support.outOfHoursText.removeDefault().optional(),
  workingHours: support.workingHours.removeDefault().optional(),
  humanCommands: support.humanCommands.removeDefault().optional(),
  humanPhrases: support.humanPhrases.removeDefault().optional(),
  staffChatId: support.staffChatId.removeDefault().optional(),
});

export const getBotSupport = defineOperation({
  id: "getBotSupport",
  method: "GET",
  path: "/api/v1/bots/{id}/support",
  tag: "Bots",
  summary: "Get the bot's hand-off settings",
  description:
    "What the buyer is told when they ask for a human (and outside working hours), the working hours, the commands and phrases that ask for a human, and the staff chat told about new hand-offs.",
  auth: "workspace",
  permission: "bots.read",
  params: idParams,
  response: z.object({ support: supportSettingsDtoSchema }),
});

export const updateBotSupport = defineOperation({
  id: "updateBotSupport",
  method: "PATCH",
  path: "/api/v1/bots/{id}/support",
  tag: "Bots",
  summary: "Change the bot's hand-off settings",
  description:
    "Only the fields sent change. `workingHours: null` means agents answer at any time. Empty texts use the built-in ones.",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  body: updateSupportInput,
  response: z.object({ support: supportSettingsDtoSchema }),
});
