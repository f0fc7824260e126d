import type { FlowDocument } from "./document";
import type { Outcome } from "./defineNode";
import { text, type LocalizedText } from "./localizedText";
import { reservedCallbackPrefix } from "./callbackData";
import { nodeDefinition } from "./registry";
import { triggerCommandNode } from "./nodes/trigger.command";
import { normalizeKeyword, triggerKeywordNode } from "./nodes/trigger.keyword";
import { triggerEventNode } from "./nodes/trigger.event";
import { triggerStartNode } from "./nodes/trigger.start";

export interface FlowProblem {
  severity: "error" | "warning";
  /** Stable, for tests and for the editor to pick an icon or a fix; see docs/flow-format.md. */
  code: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the document, e.g. `["nodes", 3, "config", "buttons", 0, "text"]`. */
  path?: (string | number)[];
  message: LocalizedText;
}

/**
 * Everything that stops a flow from being published (errors) or looks like a mistake
 * (warnings). Pure and linear in the size of the document, so the editor can run it on every
 * change. Structure (ids, shapes) is parseFlowDocument's job; this checks meaning.
 */
export function validateFlow(doc: FlowDocument): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const nodeIndex = new Map<string, number>();
  doc.nodes.forEach((node, i) => nodeIndex.set(node.id, i));
  /** Outcomes per node; undefined when unknown (unknown type, or config-dependent and invalid). */
  const outcomes = new Map<string, readonly Outcome[] | undefined>();
  const triggers: string[] = [];

  doc.nodes.forEach((node, i) => {
    const definition = nodeDefinition(node.type);
    if (!definition) {
      problems.push({
        severity: "error",
        code: "unknown_node_type",
        nodeId: node.id,
        path: ["nodes", i, "type"],
        message: text(`Unknown node type "${node.type}"`, `Неизвестный тип узла «${node.type}»`),
      });
      outcomes.set(node.id, undefined);
      return;
    }
    if (definition.category === "trigger") triggers.push(node.id);
    const reserved = reservedCallbackPrefix(node.id);
    if (reserved !== undefined) {
      problems.push({
        severity: "error",
        code: "reserved_node_id",
        nodeId: node.id,
        path: ["nodes", i, "id"],
        message: text(
          `The id "${node.id}" makes this node's button presses start with "${reserved}", which the bot keeps for its own buttons. Rename the node`,
          `С идентификатором «${node.id}» нажатия кнопок узла начинаются с «${reserved}», а это зарезервировано для встроенных кнопок бота. Переименуйте узел`,
        ),
      });
    }
    const inspection = definition.inspect(node.config, node.id);
    outcomes.set(node.id, inspection.outcomes);
    if (!inspection.ok) {
      for (const issue of inspection.issues) {
        const field = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
        problems.push({
          severity: "error",
          code: "invalid_config",
          nodeId: node.id,
          path: ["nodes", i, "config", ...field],
          message: text(
            `${field.join(".") || "config"}: ${issue.message}`,
            `${field.join(".") || "настройки"}: ${issue.message}`,
          ),
        });
      }
      return;
    }
    for (const check of inspection.checks) {
      problems.push({ ...check, nodeId: node.id, path: ["nodes", i, "config", ...check.path] });
    }
  });

  // Edges: both ends exist, the handle is an outcome of the source, one edge per outcome.
  const wired = new Map<string, string>();
  const next = new Map<string, string[]>();
  doc.edges.forEach((edge, j) => {
    const sourceKnown = nodeIndex.has(edge.source);
    const targetIndex = nodeIndex.get(edge.target);
    if (!sourceKnown) {
      problems.push(
        edgeProblem(
          "edge_missing_source",
          edge.id,
          j,
          "source",
          `Edge starts at a missing node "${edge.source}"`,
          `Связь начинается у несуществующего узла «${edge.source}»`,
        ),
      );
    }
    if (targetIndex === undefined) {
      problems.push(
        edgeProblem(
          "edge_missing_target",
          edge.id,
          j,
          "target",
          `Edge leads to a missing node "${edge.target}"`,
          `Связь ведёт к несуществующему узлу «${edge.target}»`,
        ),
      );
    } else {
      const target = doc.nodes[targetIndex];
      if (target && nodeDefinition(target.type)?.category === "trigger") {
        problems.push(
          edgeProblem(
            "edge_into_trigger",
            edge.id,
            j,
            "target",
            "A trigger starts a flow; nothing can lead into it",
            "Триггер начинает сценарий; в него нельзя вести связь",
          ),
        );
      }
    }
    if (!sourceKnown) return;
    const handles = outcomes.get(edge.source);
    if (handles && !handles.some((o) => o.id === edge.sourceHandle)) {
      problems.push(
        edgeProblem(
          "edge_unknown_handle",
          edge.id,
          j,
          "sourceHandle",
          `Node "${edge.source}" has no outcome "${edge.sourceHandle}"`,
          `У узла «${edge.source}» нет выхода «${edge.sourceHandle}»`,
        ),
      );
      return;
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    const first = wired.get(key);
    if (first !== undefined) {
      // The runtime follows one edge per outcome; a second one would be silently ignored.
      problems.push(
        edgeProblem(
          "outcome_wired_twice",
          edge.id,
          j,
          "sourceHandle",
          `Outcome "${edge.sourceHandle}" of "${edge.source}" is already wired (edge "${first}")`,
          `Выход «${edge.sourceHandle}» узла «${edge.source}» уже подключён (связь «${first}»)`,
        ),
      );
      return;
    }
    wired.set(key, edge.id);
    if (targetIndex === undefined) return;
    const targets = next.get(edge.source);
    if (targets) targets.push(edge.target);
    else next.set(edge.source, [edge.target]);
  });

  doc.nodes.forEach((node, i) => {
    for (const outcome of outcomes.get(node.id) ?? []) {
      if (outcome.mayEnd || wired.has(`${node.id}\u0000${outcome.id}`)) continue;
      problems.push({
        severity: "error",
        code: "unwired_outcome",
        nodeId: node.id,
        path: ["nodes", i],
        message: text(
          `Outcome "${outcome.label.en}" must lead somewhere`,
          `Выход «${outcome.label.ru}» должен куда-то вести`,
        ),
      });
    }
  });

  if (triggers.length === 0) {
    problems.push({
      severity: "error",
      code: "no_trigger",
      message: text(
        "The flow has no trigger, so nothing can start it",
        "В сценарии нет триггера — его нечему запустить",
      ),
    });
  }

  // Reachability: breadth-first from every trigger over the wired edges.
  const reached = new Set<string>(triggers);
  const queue = [...triggers];
  for (let head = 0; head < queue.length; head++) {
    for (const target of next.get(queue[head] ?? "") ?? []) {
      if (reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  doc.nodes.forEach((node, i) => {
    if (reached.has(node.id)) return;
    problems.push({
      severity: "warning",
      code: "unreachable_node",
      nodeId: node.id,
      path: ["nodes", i],
      message: text(
        "No trigger leads here; this node never runs",
        "Сюда не ведёт ни один триггер; узел не выполнится",
      ),
    });
  });

  problems.push(...triggerClashes(doc));
  return problems.map((problem) => withNodeName(problem, doc, nodeIndex));
}

/**
 * Prefixes a node's problem with the node's kind and id ("Payment «pay»: …"): the publish API
 * lists problems without the canvas beside them, so each message must say where it is.
 */
function withNodeName(
  problem: FlowProblem,
  doc: FlowDocument,
  nodeIndex: ReadonlyMap<string, number>,
): FlowProblem {
  if (problem.nodeId === undefined) return problem;
  const node = doc.nodes[nodeIndex.get(problem.nodeId) ?? -1];
  const label = node ? nodeDefinition(node.type)?.label : undefined;
  return {
    ...problem,
    message: text(
      `${label?.en ?? "Node"} "${problem.nodeId}": ${problem.message.en}`,
      `${label?.ru ?? "Узел"} «${problem.nodeId}»: ${problem.message.ru}`,
    ),
  };
}

function edgeProblem(
  code: string,
  edgeId: string,
  index: number,
  field: "source" | "target" | "sourceHandle",
  en: string,
  ru: string,
): FlowProblem {
  return { severity: "error", code, edgeId, path: ["edges", index, field], message: text(en, ru) };
}

/**
 * Two triggers answering the same input: the runtime could only pick one at random, so
 * publishing refuses it. Only triggers with a valid config take part.
 */
function triggerClashes(doc: FlowDocument): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const claimed = new Map<string, string>();
  const claim = (key: string, nodeId: string, index: number, code: string, what: LocalizedText) => {
    const owner = claimed.get(key);
    if (owner === undefined) {
      claimed.set(key, nodeId);
      return;
    }
    if (owner === nodeId) return;
    problems.push({
      severity: "error",
      code,
      nodeId,
      path: ["nodes", index, "config"],
      message: text(
        `${what.en} is already handled by "${owner}"`,
        `${what.ru} уже обрабатывает «${owner}»`,
      ),
    });
  };
  doc.nodes.forEach((node, i) => {
    if (node.type === triggerStartNode.type) {
      const config = triggerStartNode.config.safeParse(node.config);
      if (!config.success) return;
      const payload = config.data.payload;
      claim(
        `start:${payload}`,
        node.id,
        i,
        "duplicate_start_payload",
        payload
          ? text(`/start ${payload}`, `/start ${payload}`)
          : text("/start without payload", "/start без параметра"),
      );
    } else if (node.type === triggerCommandNode.type) {
      const config = triggerCommandNode.config.safeParse(node.config);
      if (config.success)
        claim(
          `command:${config.data.command}`,
          node.id,
          i,
          "duplicate_command",
          text(`/${config.data.command}`, `/${config.data.command}`),
        );
    } else if (node.type === triggerKeywordNode.type) {
      const config = triggerKeywordNode.config.safeParse(node.config);
      if (!config.success) return;
      for (const keyword of new Set(config.data.keywords.map(normalizeKeyword))) {
        claim(
          `keyword:${keyword}`,
          node.id,
          i,
          "duplicate_keyword",
          text(`Keyword "${keyword}"`, `Ключевое слово «${keyword}»`),
        );
      }
    } else if (node.type === triggerEventNode.type) {
      const config = triggerEventNode.config.safeParse(node.config);
      if (config.success)
        claim(
          `event:${config.data.event}`,
          node.id,
          i,
          "duplicate_event",
          text(`Event "${config.data.event}"`, `Событие «${config.data.event}»`),
        );
    }
  });
  return problems;
}
