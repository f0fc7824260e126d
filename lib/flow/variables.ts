import { variableName, type FlowDocument, type FlowNode } from "./document";
import { text, type FlowLocale, type LocalizedText } from "./localizedText";

/** How the editor's variable picker groups what a template may use. */
export const variableGroups = ["contact", "order", "event", "bot", "flow"] as const;
export type VariableGroup = (typeof variableGroups)[number];

export type VariableType = "string" | "number" | "boolean" | "date";

interface BuiltinVariable {
  name: string;
  group: Exclude<VariableGroup, "flow">;
  type: VariableType;
  label: LocalizedText;
}

/**
 * What the runtime puts into every session (contact, bot), after a payment node (order) and
 * when an external event started the flow (event). The names are the template contract: the
 * interpreter fills exactly these.
 */
export const builtinVariables: readonly BuiltinVariable[] = [
  {
    name: "contact.first_name",
    group: "contact",
    type: "string",
    label: text("First name", "Имя"),
  },
  {
    name: "contact.last_name",
    group: "contact",
    type: "string",
    label: text("Last name", "Фамилия"),
  },
  {
    name: "contact.username",
    group: "contact",
    type: "string",
    label: text("Telegram username", "Имя пользователя в Telegram"),
  },
  {
    name: "contact.language",
    group: "contact",
    type: "string",
    label: text("Language code", "Код языка"),
  },
  {
    name: "contact.phone",
    group: "contact",
    type: "string",
    label: text("Phone number (once shared)", "Номер телефона (если поделился)"),
  },
  {
    name: "contact.id",
    group: "contact",
    type: "string",
    label: text("Contact ID", "ID контакта"),
  },
  {
    name: "contact.external_id",
    group: "contact",
    type: "string",
    label: text("ID in your system", "ID в вашей системе"),
  },
  { name: "bot.username", group: "bot", type: "string", label: text("Bot username", "Имя бота") },
  { name: "order.id", group: "order", type: "string", label: text("Order ID", "ID заказа") },
  { name: "order.amount", group: "order", type: "number", label: text("Amount", "Сумма") },
  { name: "order.currency", group: "order", type: "string", label: text("Currency", "Валюта") },
  {
    name: "order.product_title",
    group: "order",
    type: "string",
    label: text("Product name", "Название товара"),
  },
  { name: "order.status", group: "order", type: "string", label: text("Status", "Статус") },
  {
    name: "order.payment_url",
    group: "order",
    type: "string",
    label: text("Payment link", "Ссылка на оплату"),
  },
  { name: "event.type", group: "event", type: "string", label: text("Event type", "Тип события") },
];

/** Node types after which an order exists in the session. */
const orderNodeTypes = new Set(["payment", "deliver"]);

export interface AvailableVariable {
  /** As written in a template: `{{name}}`. */
  name: string;
  group: VariableGroup;
  type: VariableType;
  label: string;
  /** Declared on the document, written by nodes (their ids), or filled by the runtime. */
  source: { kind: "builtin" } | { kind: "declared" } | { kind: "nodes"; nodeIds: string[] };
}

/**
 * Every variable a template in this flow can use, for the editor's picker: the built-ins that
 * apply to it (order fields only with a payment or deliver node, event fields only with an
 * external-event trigger), custom contact fields written by `field` nodes, the flow's declared
 * variables, and the variables nodes write (ask, set, http). Reads configs leniently, so a
 * half-filled draft still offers what it can.
 */
export function availableVariables(
  document: Pick<FlowDocument, "nodes" | "variables">,
  locale: FlowLocale,
): AvailableVariable[] {
  const types = new Set(document.nodes.map((n) => n.type));
  const builtins: AvailableVariable[] = builtinVariables
    .filter(
      (v) =>
        (v.group !== "order" || document.nodes.some((n) => orderNodeTypes.has(n.type))) &&
        (v.group !== "event" || types.has("trigger.event")),
    )
    .map((v) => ({ ...v, label: v.label[locale], source: { kind: "builtin" } }));

  const contactFields = new Map<string, string[]>();
  const written = new Map<string, { type: VariableType; nodeIds: string[] }>();
  const write = (name: unknown, type: VariableType, node: FlowNode) => {
    if (typeof name !== "string" || !variableName.safeParse(name).success) return;
    const entry = written.get(name);
    if (entry) entry.nodeIds.push(node.id);
    else written.set(name, { type, nodeIds: [node.id] });
  };
  for (const node of document.nodes) {
    const config = node.config;
    switch (node.type) {
      case "ask":
        write(config.variable ?? "answer", answerType(config.answer), node);
        break;
      case "set":
        if (Array.isArray(config.assignments)) {
          for (const assignment of config.assignments as unknown[]) {
            if (typeof assignment === "object" && assignment !== null && "variable" in assignment)
              write(assignment.variable, "string", node);
          }
        }
        break;
      case "http":
        write(config.saveTo, "string", node);
        break;
      case "field":
        // Custom contact fields share the identifier rule of variable names.
        if (typeof config.field === "string" && variableName.safeParse(config.field).success) {
          const ids = contactFields.get(config.field) ?? [];
          contactFields.set(config.field, [...ids, node.id]);
        }
        break;
    }
  }

  const custom: AvailableVariable[] = [...contactFields].map(([field, nodeIds]) => ({
    name: `contact.fields.${field}`,
    group: "contact",
    type: "string",
    label: locale === "ru" ? `Поле контакта «${field}»` : `Contact field “${field}”`,
    source: { kind: "nodes", nodeIds },
  }));
  const declared: AvailableVariable[] = document.variables.map((v) => ({
    name: v.name,
    group: "flow",
    type: v.type,
    label: declaredLabel[locale],
    source: { kind: "declared" },
  }));
  const declaredNames = new Set(document.variables.map((v) => v.name));
  const fromNodes: AvailableVariable[] = [...written]
    .filter(([name]) => !declaredNames.has(name))
    .map(([name, { type, nodeIds }]) => ({
      name,
      group: "flow",
      type,
      label: nodesLabel[locale],
      source: { kind: "nodes", nodeIds },
    }));
  const flow = [...declared, ...fromNodes].sort((a, b) => a.name.localeCompare(b.name));
  return [...builtins, ...custom, ...flow];
}

const declaredLabel = text("Flow variable", "Переменная сценария");
const nodesLabel = text("Set by a node of this flow", "Задаётся узлом сценария");

/** ask's answer types that are stored as something other than text. */
function answerType(answer: unknown): VariableType {
  if (answer === "number") return "number";
  if (answer === "date") return "date";
  return "string";
}

/** How a variable is written in a template. */
export function variableToken(name: string): string {
  return `{{${name}}}`;
}

/**
 * Puts `{{name}}` in place of the selection (or at the caret) and says where the caret goes:
 * right after the inserted token.
 */
export function insertVariable(
  value: string,
  selectionStart: number,
  selectionEnd: number,
  name: string,
): { value: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, value.length));
  const end = Math.max(start, Math.min(selectionEnd, value.length));
  const token = variableToken(name);
  return { value: value.slice(0, start) + token + value.slice(end), caret: start + token.length };
}
