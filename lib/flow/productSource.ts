import { z } from "zod";
import { fieldMeta } from "./fieldMeta";
import { text } from "./localizedText";

/**
 * Which product a commerce node works on: the one the contact picked in a catalog earlier in
 * the session, or a fixed one chosen in the editor.
 */
export const productSource = {
  product: z
    .enum(["selected", "fixed"])
    .default("selected")
    .meta(
      fieldMeta({
        label: text("Product", "Товар"),
        help: text(
          "The one picked in the catalog, or a fixed product",
          "Выбранный в каталоге или конкретный товар",
        ),
        options: {
          selected: text("Picked in the catalog", "Выбранный в каталоге"),
          fixed: text("A fixed product", "Конкретный товар"),
        },
      }),
    ),
  productId: z
    .string()
    .default("")
    .meta(fieldMeta({ label: text("Fixed product", "Конкретный товар"), widget: "product" })),
};
