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
