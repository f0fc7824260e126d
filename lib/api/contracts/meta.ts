import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";

export const getOpenApiDocument = defineOperation({
  id: "getOpenApiDocument",
  method: "GET",
  path: "/api/v1/openapi.json",
  tag: "Meta",
  summary: "This OpenAPI 3.1 document",
  auth: "public",
  response: z.record(z.string(), z.unknown()),
});

export const getFlowJsonSchema = defineOperation({
  id: "getFlowJsonSchema",
  method: "GET",
  path: "/api/v1/flow-schema.json",
  tag: "Meta",
  summary: "JSON Schema of the flow document (docs/flow-format.md)",
  auth: "public",
  response: z.record(z.string(), z.unknown()),
});
