import { z } from "zod";
import { webhookEventSchema } from "./events";

/** An endpoint's fields, shared by the API and the settings form. Isomorphic. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "An http:// or https:// URL");

export const webhookEndpointInput = z.strictObject({
  url: webhookUrlSchema,
  description: z.string().trim().max(200).default(""),
  events: z
    .array(webhookEventSchema)
    .min(1, "Choose at least one event")
    .transform((events) => [...new Set(events)]),
});

export const webhookEndpointPatch = z.strictObject({
  url: webhookUrlSchema.optional(),
  description: z.string().trim().max(200).optional(),
  events: webhookEndpointInput.shape.events.optional(),
  enabled: z.boolean().optional().describe("false stops deliveries; true resumes them"),
});
