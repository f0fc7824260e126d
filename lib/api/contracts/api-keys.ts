import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { idParams, roleSchema, timestamp } from "./common";

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe("The first characters of the key, to tell keys apart"),
    role: roleSchema,
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });

export const listApiKeys = defineOperation({
  id: "listApiKeys",
  method: "GET",
  path: "/api/v1/api-keys",
  tag: "API keys",
  summary: "List API keys",
  auth: "workspace",
  permission: "apiKeys.manage",
  response: z.object({ data: z.array(apiKeySchema) }),
});

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, "Name the key").max(100),
  role: z
    .enum(["admin", "agent"])
    .default("admin")
    .describe("What the key may do; keys are never owners"),
});

export const createApiKey = defineOperation({
  id: "createApiKey",
  method: "POST",
  path: "/api/v1/api-keys",
  tag: "API keys",
  summary: "Create an API key",
  description:
    "The full key is in this response only; it is stored hashed and cannot be shown again.",
  auth: "workspace",
  permission: "apiKeys.manage",
  body: createApiKeyInput,
  response: z.object({ key: z.string(), apiKey: apiKeySchema }),
  status: 201,
});

export const revokeApiKey = defineOperation({
  id: "revokeApiKey",
  method: "DELETE",
  path: "/api/v1/api-keys/{id}",
  tag: "API keys",
  summary: "Revoke an API key",
  auth: "workspace",
  permission: "apiKeys.manage",
  params: idParams,
  response: z.object({ apiKey: apiKeySchema }),
});
