import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParams, timestamp } from "./common";

export const botSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel: z.enum(["telegram"]),
    username: z.string().nullable().describe("The bot's Telegram username, once known"),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Bot" });

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
  body: createBotInput,
  response: z.object({ bot: botSchema }),
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
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  body: updateBotInput,
  response: z.object({ bot: botSchema }),
});

export const deleteBot = defineOperation({
  id: "deleteBot",
  method: "DELETE",
  path: "/api/v1/bots/{id}",
  tag: "Bots",
  summary: "Delete a bot",
  auth: "workspace",
  permission: "bots.manage",
  params: idParams,
  status: 204,
});
