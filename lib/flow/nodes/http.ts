import { z } from "zod";
import { variableName } from "../document";
import { defineNode } from "../defineNode";
import { fieldMeta } from "../fieldMeta";
import { text } from "../localizedText";
import { requiredValue } from "../requiredValue";

export const httpNode = defineNode({
  type: "http",
  category: "integrations",
  icon: "globe",
  label: text("HTTP request", "HTTP-запрос"),
  description: text(
    "Calls a URL from the server (private and loopback addresses are refused)",
    "Вызывает URL с сервера (частные и локальные адреса запрещены)",
  ),
  config: z.object({
    method: z
      .enum(["GET", "POST", "PUT", "PATCH", "DELETE"])
      .default("POST")
      .meta(
        fieldMeta({
          label: text("Method", "Метод"),
          // HTTP method names are the same in every language.
          options: {
            GET: text("GET", "GET"),
            POST: text("POST", "POST"),
            PUT: text("PUT", "PUT"),
            PATCH: text("PATCH", "PATCH"),
            DELETE: text("DELETE", "DELETE"),
          },
        }),
      ),
    url: z
      .string()
      .default("")
      .refine(
        (url) => url === "" || /^https?:\/\//.test(url),
        "Must start with http:// or https://",
      )
      .meta(fieldMeta({ label: text("URL", "URL"), widget: "variables" })),
    headers: z
      .array(
        z.object({
          name: z
            .string()
            .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Not a valid header name")
            .meta(fieldMeta({ label: text("Header", "Заголовок") })),
          value: z
            .string()
            .default("")
            .meta(fieldMeta({ label: text("Value", "Значение"), widget: "variables" })),
        }),
      )
      .default([])
      .meta(fieldMeta({ label: text("Headers", "Заголовки") })),
    body: z
      .string()
      .default("")
      .meta(fieldMeta({ label: text("Body", "Тело"), widget: "textarea" })),
    saveTo: variableName.optional().meta(
      fieldMeta({
        label: text("Save response to", "Сохранить ответ в"),
        help: text("Parsed JSON, or the text", "Разобранный JSON или текст"),
        widget: "variable",
      }),
    ),
    timeoutSeconds: z
      .int()
      .min(1)
      .max(30)
      .default(10)
      .meta(fieldMeta({ label: text("Timeout, seconds", "Тайм-аут, секунды") })),
  }),
  outcomes: [
    { id: "ok", label: text("2xx", "2xx"), mayEnd: true },
    { id: "error", label: text("Error", "Ошибка"), mayEnd: true },
  ],
  summary: (config) => `${config.method} ${config.url}`.trim(),
  check: (config) => requiredValue(config.url, ["url"], text("URL", "URL")),
});
