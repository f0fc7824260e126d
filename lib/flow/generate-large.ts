import type { FlowDocument } from "./document";
import { flowBuilder, type FlowBuilder } from "./templates/builder";

/**
 * A large, valid flow for benchmarks (bench/editor-large-flow.ts): a /start trigger at the top
 * left and `nodes - 1` steps laid out in lanes (rows) of `laneLength` cards.
 *
 * - Every lane is a chain left to right (each card's first outcome leads to the next card).
 * - Each lane starts with a Buttons card: its first button continues the lane, its second one
 *   goes straight down to the next lane's start, so every card is reachable from the trigger.
 * - Inside a lane the cards cycle through message, buttons, set, condition, tag, wait, notify
 *   and A/B split; the second outcome of a branching card leads diagonally into the next lane
 *   (condition "no" branches only until the edge budget, ~1.2 edges per node, is spent).
 * - The last card of each lane is a message (its outcome may end the flow).
 *
 * Deterministic: the same arguments always give the same document, and validateFlow reports
 * no errors and no warnings for it.
 */
export function generateLargeFlow({
  nodes = 1000,
  edgesPerNode = 1.2,
  laneLength = 40,
}: { nodes?: number; edgesPerNode?: number; laneLength?: number } = {}): FlowDocument {
  if (nodes < 2) throw new Error("generateLargeFlow: at least 2 nodes (a trigger and a step)");
  const b = flowBuilder();
  const steps = nodes - 1;
  const lanes = Math.ceil(steps / laneLength);
  /** The id of the step at (lane, column); columns start at 1 (column 0 is the trigger's). */
  const at = (lane: number, column: number): string | undefined => {
    const index = lane * laneLength + (column - 1);
    return lane < lanes && column >= 1 && column <= laneLength && index < steps
      ? stepId(index)
      : undefined;
  };
  const laneEnd = (lane: number) => Math.min(laneLength, steps - lane * laneLength);

  b.node("start", "trigger.start", 0, 0, {});
  b.edge("start", "next", stepId(0));
  // Edges wired anyway: the trigger's, one per card except lane ends, each lane start's branch.
  let mandatory = 1 + (steps - lanes);
  for (let lane = 0; lane < lanes; lane++) if (laneEnd(lane) >= 2) mandatory++;
  let spare = Math.max(0, Math.round(nodes * edgesPerNode) - mandatory);

  for (let lane = 0; lane < lanes; lane++) {
    const end = laneEnd(lane);
    for (let column = 1; column <= end; column++) {
      const id = at(lane, column)!;
      const next = at(lane, column + 1);
      const below = at(lane + 1, column);
      const diagonal = at(lane + 1, column + 1) ?? at(lane + 1, laneEnd(lane + 1));
      const n = lane * laneLength + column;
      if (column === end) {
        b.node(id, "message", column, lane, { text: `Lane ${lane + 1} ends here (${id}).` });
        continue;
      }
      if (column === 1) {
        addButtons(b, id, column, lane, n);
        b.edge(id, "more", next!);
        // The last lane has no lane below: the branch rejoins the chain two cards on.
        b.edge(id, "skip", below ?? at(lane, column + 2) ?? next!);
        continue;
      }
      // Branching cards whose second outcome must be wired need a target that is not the
      // chain's; near the end of the last lane there is none, so plain steps go there.
      const branchTarget = diagonal ?? (column + 2 <= end ? at(lane, column + 2) : undefined);
      const kind = kinds[(n * 7) % kinds.length]!;
      if ((kind === "buttons" || kind === "split") && branchTarget && spare > 0) {
        spare--;
        if (kind === "buttons") {
          addButtons(b, id, column, lane, n);
          b.edge(id, "more", next!);
          b.edge(id, "skip", branchTarget);
        } else {
          b.node(id, "split", column, lane, {
            branches: [
              { id: "a", label: "A", weight: 50 + (n % 40) },
              { id: "b", label: "B", weight: 50 - (n % 40) },
            ],
          });
          b.edge(id, "a", next!);
          b.edge(id, "b", branchTarget);
        }
        continue;
      }
      if (kind === "condition") {
        b.node(id, "condition", column, lane, {
          match: "all",
          rules: [{ left: "{{score}}", operator: "gt", right: String(n % 10) }],
        });
        b.edge(id, "true", next!);
        if (branchTarget && spare > 0) {
          spare--;
          b.edge(id, "false", branchTarget);
        }
        continue;
      }
      addLinearStep(b, kind, id, column, lane, n);
      b.edge(id, "next", next!);
    }
  }
  return b.done();
}

const kinds = [
  "message",
  "buttons",
  "set",
  "condition",
  "message",
  "tag",
  "wait",
  "split",
  "notify",
  "condition",
] as const;

function stepId(index: number): string {
  return `n${String(index + 1).padStart(4, "0")}`;
}

function addButtons(b: FlowBuilder, id: string, column: number, lane: number, n: number) {
  b.node(id, "buttons", column, lane, {
    text: `Step ${n}: carry on here, or skip ahead?`,
    buttons: [
      { id: "more", text: "Tell me more", sameRow: false },
      { id: "skip", text: "Skip", sameRow: true },
    ],
  });
}

/** One of the single-outcome kinds (a branching kind without a free target falls back to a message). */
function addLinearStep(
  b: FlowBuilder,
  kind: (typeof kinds)[number],
  id: string,
  column: number,
  lane: number,
  n: number,
) {
  switch (kind) {
    case "set":
      b.node(id, "set", column, lane, {
        assignments: [{ variable: "score", value: String(n % 100) }],
      });
      return;
    case "tag":
      b.node(id, "tag", column, lane, { action: "add", tags: [`step-${n % 50}`] });
      return;
    case "wait":
      b.node(id, "wait", column, lane, { amount: 1 + (n % 12), unit: "hours" });
      return;
    case "notify":
      b.node(id, "notify", column, lane, {
        chatId: "@shop_staff",
        text: `Contact {{contact.first_name}} reached step ${n}`,
      });
      return;
    default:
      b.node(id, "message", column, lane, {
        text: `Step ${n}. Hello {{contact.first_name}}, here is a little more about the product.`,
      });
  }
}
