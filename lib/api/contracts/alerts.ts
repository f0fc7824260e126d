import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { incidentKinds } from "@/lib/alerts/kinds";
import { timestamp } from "./common";

const chatId = z
  .string()
  .trim()
  .regex(/^(-?\d+|@[A-Za-z0-9_]{5,32})$/, "A numeric chat id or @channelname");

export const alertSettingsInput = z
  .strictObject({
    botId: z.uuid().nullable().describe("The workspace's bot that posts alerts; null: no Telegram"),
    chatId: chatId.nullable().describe("The chat it posts to (a staff group, a channel, a person)"),
    email: z.email().max(254).nullable().describe("Also by email, when the server has SMTP_URL"),
  })
  .refine((v) => !v.botId === !v.chatId, {
    message: "Choose both a bot and a chat, or neither",
    path: ["chatId"],
  });

export const alertSettingsSchema = z
  .object({
    botId: z.uuid().nullable(),
    chatId: z.string().nullable(),
    email: z.string().nullable(),
    smtpConfigured: z.boolean().describe("Whether this server can send email (SMTP_URL)"),
    staffChats: z
      .array(z.object({ botId: z.uuid(), botName: z.string(), chatId: z.string() }))
      .describe("The bots' hand-off staff chats, to reuse for alerts"),
    updatedAt: timestamp.nullable(),
  })
  .meta({ id: "AlertSettings" });

export const incidentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(incidentKinds),
    subject: z.string().describe("A provider account, bot, product or endpoint id; empty: all"),
    status: z.enum(["open", "resolved"]),
    detail: z.record(z.string(), z.unknown()).describe("The figures at the last check"),
    openedAt: timestamp,
    lastSeenAt: timestamp,
    resolvedAt: timestamp.nullable(),
  })
  .meta({ id: "Incident" });

const channelResult = z.object({
  status: z
    .enum(["sent", "failed", "queued", "not_configured"])
    .describe("queued: not sent yet, being retried"),
  error: z.string().nullable(),
});

const tag = "Alerts";

export const getAlertSettings = defineOperation({
  id: "getAlertSettings",
  method: "GET",
  path: "/api/v1/alerts/settings",
  tag,
  summary: "Where the workspace's alerts go",
  auth: "workspace",
  permission: "workspace.manage",
  response: z.object({ settings: alertSettingsSchema }),
});

export const updateAlertSettings = defineOperation({
  id: "updateAlertSettings",
  method: "PUT",
  path: "/api/v1/alerts/settings",
  tag,
  summary: "Choose where alerts go",
  auth: "workspace",
  permission: "workspace.manage",
  body: alertSettingsInput,
  response: z.object({ settings: alertSettingsSchema }),
});

export const sendTestAlert = defineOperation({
  id: "sendTestAlert",
  method: "POST",
  path: "/api/v1/alerts/test",
  tag,
  summary: "Send a test alert now",
  description: "Sends to the saved chat and email and answers with what happened to each.",
  auth: "workspace",
  permission: "workspace.manage",
  response: z.object({ telegram: channelResult, email: channelResult }),
});

export const listIncidents = defineOperation({
  id: "listIncidents",
  method: "GET",
  path: "/api/v1/alerts/incidents",
  tag,
  summary: "Incidents: open ones first, then the latest resolved",
  auth: "workspace",
  permission: "workspace.manage",
  response: z.object({ data: z.array(incidentSchema) }),
});
