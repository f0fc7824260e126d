import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";

export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.enum(["embedded", "postgres"]),
  migrations: z.object({
    applied: z.number().int(),
    expected: z.number().int(),
    latest: z.string().nullable(),
  }),
  version: z.string(),
  reason: z.string().optional(),
});

export const getHealth = defineOperation({
  id: "getHealth",
  method: "GET",
  path: "/api/health",
  tag: "Meta",
  summary:
    "Liveness and readiness: 200 when the database answers and migrations are current, 503 otherwise",
  auth: "public",
  response: healthSchema,
});
