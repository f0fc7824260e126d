import type { z } from "zod";
import type { NodeDefinition } from "./defineNode";
import { askNode } from "./nodes/ask";
import { buttonsNode } from "./nodes/buttons";
import { catalogNode } from "./nodes/catalog";
import { conditionNode } from "./nodes/condition";
import { contactRequestNode } from "./nodes/contact.request";
import { deliverNode } from "./nodes/deliver";
import { faqNode } from "./nodes/faq";
import { fieldNode } from "./nodes/field";
import { gotoNode } from "./nodes/goto";
import { handoffNode } from "./nodes/handoff";
import { httpNode } from "./nodes/http";
import { messageNode } from "./nodes/message";
import { notifyNode } from "./nodes/notify";
import { paymentNode } from "./nodes/payment";
import { setNode } from "./nodes/set";
import { splitNode } from "./nodes/split";
import { tagNode } from "./nodes/tag";
import { triggerCommandNode } from "./nodes/trigger.command";
import { triggerEventNode } from "./nodes/trigger.event";
import { triggerKeywordNode } from "./nodes/trigger.keyword";
import { triggerStartNode } from "./nodes/trigger.start";
import { waitNode } from "./nodes/wait";

/** Every node type, in palette order. Adding a type = its definition + one line here. */
export const nodeDefinitions = [
  triggerStartNode,
  triggerCommandNode,
  triggerKeywordNode,
  triggerEventNode,
  messageNode,
  buttonsNode,
  askNode,
  contactRequestNode,
  conditionNode,
  setNode,
  waitNode,
  splitNode,
  gotoNode,
  catalogNode,
  paymentNode,
  deliverNode,
  faqNode,
  handoffNode,
  httpNode,
  tagNode,
  fieldNode,
  notifyNode,
] as const;

export type NodeType = (typeof nodeDefinitions)[number]["type"];

/** The parsed config of one node type, for code that handles that type (executors, inspectors). */
export type NodeConfig<T extends NodeType> = z.output<
  Extract<(typeof nodeDefinitions)[number], { type: T }>["config"]
>;

const byType = new Map<string, NodeDefinition>(nodeDefinitions.map((d) => [d.type, d]));

/** The definition of a node type, or undefined for a type this palette does not know. */
export function nodeDefinition(type: string): NodeDefinition | undefined {
  return byType.get(type);
}
