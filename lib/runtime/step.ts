import type { FlowDocument, FlowNode } from "@/lib/flow/document";
import { nodeDefinition } from "@/lib/flow/registry";
import {
  executors,
  orderVariable,
  paymentOrderKey,
  type ExecContext,
  type ExecResult,
  type Executor,
} from "./executors";
import { contactVariables, type TemplateScope } from "./template";
import type {
  Effect,
  FlowHit,
  FlowRef,
  SessionState,
  StepInput,
  StepResult,
  Waiting,
} from "./types";

/**
 * The interpreter's pure step: (session, event) → (session, effects). No I/O, no clock, no
 * randomness of its own (they come in StepInput), so the same input always gives the same
 * output and every rule below is unit-tested without a database.
 *
 * 1. A command (/start, /other) starts the flow whose trigger matches it, whatever the session
 *    was doing. So does an external event with a matching event trigger.
 * 2. Otherwise the event goes to the node the session waits on (a button press, an answer, a
 *    timer, an http result). A callback query is always answered, even when stale.
 * 3. Otherwise a keyword trigger may start a flow.
 * 4. From there nodes run until one waits or the path ends, at most `maxSteps` of them.
 */
export function step(input: StepInput): StepResult {
  const run = new Run(input);
  run.handle();
  if (run.needs)
    return {
      session: input.session,
      effects: [],
      visited: [],
      hits: [],
      contact: input.contact,
      needs: run.needs,
    };
  return run.result();
}

const defaultMaxSteps = 100;

class Run {
  private readonly effects: Effect[] = [];
  private readonly visited: string[] = [];
  private readonly hits: FlowHit[] = [];
  private readonly hitKeys = new Set<string>();
  private session: SessionState;
  private variables: Record<string, unknown>;
  /** The step this event commits as: bumped when anything changes. */
  private readonly nextStep: number;
  private callbackAnswered = false;
  /** A node asked for input the caller did not load; the run stopped there. */
  needs: ExecResult["needs"];
  /** The contact as this event has changed it so far (tags, fields, phone). */
  private contact: StepInput["contact"];

  constructor(private readonly input: StepInput) {
    this.session = input.session;
    this.contact = input.contact;
    this.variables = { ...input.session.variables };
    this.nextStep = input.session.step + 1;
  }

  handle() {
    const { event } = this.input;
    const command = event.kind === "message" ? parseCommand(event.text) : undefined;
    const started =
      (command && this.startByCommand(command)) ||
      (event.kind === "external" && this.startBy("trigger.event", (c) => c.event === event.name)) ||
      (event.kind === "release" && event.nodeId !== null && this.releaseAt(event));
    if (!started && !this.resumeWaiting() && event.kind === "message" && !command) {
      const text = (event.text ?? "").trim().toLowerCase();
      const waitingForInput =
        this.session.waitingFor?.kind === "answer" || this.session.waitingFor?.kind === "contact";
      if (text && !waitingForInput)
        this.startBy("trigger.keyword", (c) =>
          (c.keywords as string[]).some((k) =>
            c.match === "contains" ? text.includes(k.toLowerCase()) : text === k.toLowerCase(),
          ),
        );
    }
    if (event.kind === "callback" && !this.callbackAnswered)
      this.answerCallback(event.callbackQueryId);
  }

  result(): StepResult {
    const changed =
      this.effects.length > 0 ||
      this.session !== this.input.session ||
      JSON.stringify(this.variables) !== JSON.stringify(this.input.session.variables);
    const session = changed
      ? { ...this.session, variables: this.variables, step: this.nextStep }
      : this.input.session;
    return {
      session,
      effects: this.effects,
      visited: this.visited,
      hits: this.hits,
      contact: this.contact,
    };
  }

  private startByCommand(command: { name: string; args: string }): boolean {
    if (command.name === "start") {
      // Deep-link payloads are kept on the contact for attribution when it is created.
      const payload = command.args;
      return (
        (payload !== "" && this.startBy("trigger.start", (c) => c.payload === payload)) ||
        this.startBy("trigger.start", (c) => !c.payload)
      );
    }
    return this.startBy("trigger.command", (c) => c.command === command.name);
  }

  /** Starts the first flow with a trigger of this type whose config matches. */
  private startBy(type: string, matches: (config: Record<string, unknown>) => boolean): boolean {
    for (const flow of this.input.flows) {
      for (const node of flow.document.nodes) {
        if (node.type !== type) continue;
        const parsed = nodeDefinition(type)?.config.safeParse(node.config);
        if (!parsed?.success || !matches(parsed.data)) continue;
        this.abandonPayment();
        this.variables = {};
        this.session = { ...emptyFrom(this.session), flowVersionId: flow.versionId };
        this.runFrom(flow, node.id);
        return true;
      }
    }
    return false;
  }

  /**
   * An agent released the conversation to a chosen node: of the newest version of `flowId`, or of
   * the session's own flow. The variables stay: the agent continues the same conversation.
   */
  private releaseAt(event: { flowId: string | null; nodeId: string | null }): boolean {
    const flow = event.flowId
      ? this.input.flows.find((f) => f.flowId === event.flowId)
      : this.currentFlow();
    if (!flow || !flow.document.nodes.some((n) => n.id === event.nodeId)) {
      this.effects.push({
        kind: "journal",
        type: "runtime.release_target_missing",
        data: { flowId: event.flowId, nodeId: event.nodeId },
      });
      this.end();
      return true;
    }
    this.abandonPayment();
    this.session = { ...this.session, flowVersionId: flow.versionId, waitingFor: null };
    this.runFrom(flow, event.nodeId!);
    return true;
  }

  private resumeWaiting(): boolean {
    const waiting = this.session.waitingFor;
    const flow = this.currentFlow();
    const { event } = this.input;
    if (!waiting || !flow) return false;
    // A timer, http answer, payment or delivery outcome from an earlier wait (the session moved
    // on) changes nothing.
    if (
      (event.kind === "timer" ||
        event.kind === "http_result" ||
        event.kind === "payment" ||
        event.kind === "delivery") &&
      (event.nodeId !== waiting.nodeId || event.since !== waiting.since)
    )
      return false;
    const node = flow.document.nodes.find((n) => n.id === waiting.nodeId);
    if (!node) return false;
    const executor = executors[node.type] as Executor<unknown> | undefined;
    const config = this.parseConfig(node);
    if (!executor?.resume || config === undefined) return false;
    const result = executor.resume(config, this.context(node), waiting, event);
    if (!result) return false;
    this.visited.push(node.id);
    this.hit(flow.versionId, `n:${node.id}`);
    if (event.kind === "callback") this.answerCallback(event.callbackQueryId);
    this.follow(flow, node, result);
    return true;
  }

  /** Runs nodes from `nodeId` until one waits, the path ends or the step limit stops it. */
  private runFrom(flow: FlowRef, nodeId: string) {
    let current: FlowRef = flow;
    let id: string | null = nodeId;
    const max = this.input.maxSteps ?? defaultMaxSteps;
    while (id) {
      if (this.visited.length >= max) {
        this.effects.push({
          kind: "journal",
          type: "runtime.step_limit",
          data: { flowVersionId: current.versionId, nodeId: id, steps: max },
        });
        return this.end();
      }
      const node = current.document.nodes.find((n) => n.id === id);
      if (!node) return this.end();
      this.visited.push(node.id);
      this.hit(current.versionId, `n:${node.id}`);
      const executor = executors[node.type] as Executor<unknown> | undefined;
      if (!executor) {
        this.effects.push({
          kind: "journal",
          type: "runtime.unsupported_node",
          data: { flowVersionId: current.versionId, nodeId: node.id, type: node.type },
        });
        return this.end();
      }
      const config = this.parseConfig(node);
      if (config === undefined) {
        this.effects.push({
          kind: "journal",
          type: "runtime.invalid_config",
          data: { flowVersionId: current.versionId, nodeId: node.id, type: node.type },
        });
        return this.end();
      }
      const result = executor.run(config, this.context(node));
      if (result.needs) {
        this.needs = result.needs;
        return;
      }
      this.record(result.effects);
      if (result.wait) return this.waitAt(current, node, result.wait);
      if (result.jump) {
        const target = this.input.flows.find((f) => f.flowId === result.jump!.flowId);
        const entry = target && firstTrigger(target.document);
        if (!target || !entry) {
          this.effects.push({
            kind: "journal",
            type: "runtime.goto_missing",
            data: { nodeId: node.id, flowId: result.jump.flowId },
          });
          return this.end();
        }
        current = target;
        this.session = { ...this.session, flowVersionId: target.versionId };
        id = entry.id;
        continue;
      }
      id = result.next ? this.take(current, node.id, result.next) : null;
    }
    this.end();
  }

  private follow(flow: FlowRef, node: FlowNode, result: ExecResult) {
    this.record(result.effects);
    if (result.wait) return this.waitAt(flow, node, result.wait);
    const next = result.next ? this.take(flow, node.id, result.next) : null;
    if (next) this.runFrom(flow, next);
    else this.end();
  }

  /** Follows the edge wired to this outcome, if any: the node it leads to. */
  private take(flow: FlowRef, source: string, outcome: string): string | null {
    const edge = flow.document.edges.find((e) => e.source === source && e.sourceHandle === outcome);
    if (!edge) return null;
    this.hit(flow.versionId, `e:${edge.id}`);
    return edge.target;
  }

  /** Once per (version, item) and event: a loop adds nothing the funnel would count twice. */
  private hit(flowVersionId: string, item: string) {
    const key = `${flowVersionId} ${item}`;
    if (this.hitKeys.has(key)) return;
    this.hitKeys.add(key);
    this.hits.push({ flowVersionId, item });
  }

  private waitAt(flow: FlowRef, node: FlowNode, waiting: Waiting) {
    this.session = {
      ...this.session,
      flowVersionId: flow.versionId,
      nodeId: node.id,
      waitingFor: waiting,
    };
  }

  /**
   * Starting over while a payment node waits abandons its order: it expires now, so its invoice
   * or checkout stops being payable (pre-checkout refuses it) instead of staying open with no
   * flow left to continue when it is paid.
   */
  private abandonPayment() {
    const waiting = this.session.waitingFor;
    if (waiting?.kind !== "payment") return;
    this.effects.push({
      kind: "order_expire",
      orderKey: paymentOrderKey(this.input.contact.id, waiting.nodeId, waiting.since),
    });
  }

  /** The path ended: the session keeps its variables but runs nothing. */
  private end() {
    this.session = { ...this.session, flowVersionId: null, nodeId: null, waitingFor: null };
  }

  private answerCallback(callbackQueryId: string) {
    this.callbackAnswered = true;
    this.effects.push({
      kind: "telegram",
      chatId: this.input.contact.chatId,
      call: { method: "answerCallbackQuery", params: { callback_query_id: callbackQueryId } },
    });
  }

  private currentFlow(): FlowRef | undefined {
    const id = this.session.flowVersionId;
    if (!id) return undefined;
    return (
      this.input.flows.find((f) => f.versionId === id) ??
      (this.input.pinned?.versionId === id ? this.input.pinned : undefined)
    );
  }

  private parseConfig(node: FlowNode): unknown {
    const parsed = nodeDefinition(node.type)?.config.safeParse(node.config);
    return parsed?.success ? parsed.data : undefined;
  }

  /** Keeps the effects, and applies contact changes so later nodes of this event see them. */
  private record(effects: Effect[] | undefined) {
    for (const effect of effects ?? []) {
      this.effects.push(effect);
      if (effect.kind !== "contact") continue;
      const tags = new Set(this.contact.tags);
      for (const t of effect.addTags ?? []) tags.add(t);
      for (const t of effect.removeTags ?? []) tags.delete(t);
      this.contact = {
        ...this.contact,
        tags: [...tags],
        fields: { ...this.contact.fields, ...effect.fields },
        phone: effect.phone ?? this.contact.phone,
      };
    }
  }

  private context(node: FlowNode): ExecContext {
    const input = { ...this.input, contact: this.contact };
    return {
      node,
      input,
      variables: this.variables,
      step: this.nextStep,
      scope: () => templateScope(input, this.variables),
    };
  }
}

function emptyFrom(session: SessionState): SessionState {
  return { ...session, flowVersionId: null, nodeId: null, waitingFor: null, variables: {} };
}

/**
 * Whether /name starts one of these flows, matched as `step` matches it: a flow's own trigger
 * wins over a command the runtime answers itself (/purchases).
 */
export function flowStartsOnCommand(flows: FlowRef[], name: string): boolean {
  const definition = nodeDefinition("trigger.command");
  return flows.some((flow) =>
    flow.document.nodes.some((node) => {
      if (node.type !== "trigger.command") return false;
      const parsed = definition?.config.safeParse(node.config);
      if (!parsed?.success) return false;
      const config: Record<string, unknown> = parsed.data;
      return config.command === name;
    }),
  );
}

/** `/start abc`, `/help@shop_bot now` → { name, args }; anything else → undefined. */
export function parseCommand(text: string | undefined): { name: string; args: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(
    text?.trim() ?? "",
  );
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), args: (match[2] ?? "").trim() };
}

function firstTrigger(doc: FlowDocument): FlowNode | undefined {
  return doc.nodes.find((n) => n.type.startsWith("trigger."));
}

function templateScope(input: StepInput, variables: Record<string, unknown>): TemplateScope {
  return {
    contact: contactVariables(input.contact),
    bot: { username: input.bot.username },
    event: input.event.kind === "external" ? { type: input.event.name, ...input.event.data } : {},
    order: isRecord(variables[orderVariable]) ? variables[orderVariable] : {},
    // Keys starting with "$" are the runtime's own (the picked product, the order).
    flow: Object.fromEntries(Object.entries(variables).filter(([k]) => !k.startsWith("$"))),
    localeSettings: {
      locale: input.contact.languageCode || "en",
      timeZone: input.contact.timeZone ?? "UTC",
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
