/*
 * The flow editor on a large flow: time to interactive, and frames per second while dragging a
 * card and panning the canvas, in headless Chromium against the production build.
 *
 *   npx next build && npm run bench:editor -- [--nodes 1000] [--runs 3] [--port 3311]
 *
 * Prints figures; asserts nothing (docs/performance.md says what they mean and what we aim for).
 * Starts `next start` through scripts/e2e-server.mjs on a fresh embedded database in a temporary
 * DATA_DIR, signs up through the API, saves a generated flow (lib/flow/generate-large.ts) as
 * the draft, then opens the editor in a fresh browser context (cold HTTP cache) once per run.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { generateLargeFlow } from "@/lib/flow/generate-large";
import { validateFlow } from "@/lib/flow/validate";
import { fmt, median, parseArgs } from "./figures";

const args = parseArgs(process.argv.slice(2));
const nodeCount = Number(args.nodes ?? 1000);
const runs = Number(args.runs ?? 3);
const port = String(args.port ?? 3311);
/** How long each drag or pan lasts, and how often the mouse moves during it. */
const gestureMs = Number(args["gesture-ms"] ?? 2000);
const moveEveryMs = 1000 / 120;
/** Generous: with 1,000 nodes the editor has taken minutes to settle (docs/performance.md). */
const loadTimeoutMs = 600_000;
const viewport = { width: 1280, height: 800 };
const baseUrl = `http://127.0.0.1:${port}`;
/** Write a Chromium trace of the last run's load (navigation → interactive) to this file. */
const traceFile = args.trace ? path.resolve(args.trace) : undefined;
/** Write a V8 CPU profile of the last run's load to this file (build with --no-mangling). */
const profileFile = args.profile ? path.resolve(args.profile) : undefined;
const root = path.resolve(__dirname, "..");

/** Installed before any page script: long tasks, and when the canvas shows and selects nodes. */
function pageProbe() {
  interface Probe {
    marks: Record<string, number>;
    longTasks: [number, number][];
  }
  const probe: Probe = { marks: {}, longTasks: [] };
  (window as unknown as { __bench: Probe }).__bench = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  // Mutation callbacks run right after the DOM change (React's commit), before the paint;
  // the "painted" marks are taken in the frame after it.
  const markPainted = (name: string) =>
    requestAnimationFrame(() => setTimeout(() => (probe.marks[name] = performance.now())));
  const observer = new MutationObserver(() => {
    const m = probe.marks;
    if (m.nodeInDom === undefined && document.querySelector(".react-flow__node"))
      m.nodeInDom = performance.now();
    if (m.nodesVisible === undefined) {
      const node = document.querySelector<HTMLElement>(".react-flow__node");
      if (node && node.style.visibility === "visible") {
        m.nodesVisible = performance.now();
        markPainted("nodesPainted");
      }
    }
    if (m.selected === undefined && document.querySelector(".react-flow__node.selected")) {
      m.selected = performance.now();
      markPainted("selectedPainted");
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["style", "class"],
  });
}

interface LoadFigures {
  /** Navigation start → the first byte of the page, and its last byte (the server's part). */
  firstByte: number;
  lastByte: number;
  /** Navigation start → DOMContentLoaded (the HTML and the scripts it waits for). */
  domContentLoaded: number;
  /** → the draft is in the editor's store (the page's "flow-editor:draft-loaded" mark). */
  draftLoaded: number;
  /** → the first card in the DOM (React's commit of the canvas; cards still hidden). */
  nodesInDom: number;
  /** → cards measured and shown (React Flow sets visibility once it knows their sizes). */
  nodesVisible: number;
  /** → a click on a card, sent as soon as they were visible, has selected it (and painted). */
  interactive: number;
  /** Main-thread tasks over 50 ms between navigation start and interactive. */
  longTasks: number;
  longestTask: number;
  /** Sum of (task − 50 ms) over those tasks: the main thread's blocked time. */
  blockingTime: number;
  domNodes: number;
  /** JavaScript the page loaded until interactive, in KiB as decoded (uncompressed). */
  scriptKiB: number;
  /** GET …/draft requests the page made (1 when the editor used the page's preload). */
  draftRequests: number;
}

interface GestureFigures {
  /** requestAnimationFrame callbacks per second during the gesture. */
  fps: number;
  /** Longest gap between two frames. */
  worstFrame: number;
  /** How often the dragged card (or the viewport) actually moved on screen, per second. */
  updatesPerSecond: number;
  longTasks: number;
  blockingTime: number;
  /** Mouse moves Chromium accepted during the gesture (each waits for the renderer). */
  mouseMoves: number;
}

async function main() {
  const doc = generateLargeFlow({ nodes: nodeCount });
  printMachine(doc);
  printValidateFlow(doc);

  const server = await startServer();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking"],
    });
    console.log(`browser: Chromium ${browser.version()} (headless, software rendering)`);
    const setup = await signUpAndCreateFlow(browser, doc);
    const results: { load: LoadFigures; gestures: Record<string, GestureFigures> }[] = [];
    // Run 0 warms the server (route compilation, PGlite caches) and is not counted.
    for (let run = 0; run <= runs; run++) {
      await resetDraft(setup.context, setup.flowId, doc);
      const context = await browser.newContext({
        viewport,
        locale: "en-US",
        storageState: await setup.context.storageState(),
      });
      try {
        const last = run === runs;
        const result = await measureRun(context, setup.editorPath, {
          trace: last && traceFile ? { browser, file: traceFile } : undefined,
          profile: last ? profileFile : undefined,
        });
        if (run === 0) {
          console.log(`warm-up run: interactive after ${fmt(result.load.interactive)} ms`);
        } else {
          results.push(result);
          console.log(`run ${run}/${runs}: interactive after ${fmt(result.load.interactive)} ms`);
        }
      } finally {
        await context.close();
      }
    }
    printResults(results);
    await setup.context.close();
  } finally {
    await browser?.close();
    await stopServer(server);
  }
}

async function measureRun(
  context: BrowserContext,
  editorPath: string,
  { trace, profile }: { trace?: { browser: Browser; file: string }; profile?: string } = {},
) {
  // tsx (esbuild) wraps named functions in `__name(fn, "name")`; functions sent to the page
  // need that helper there.
  await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  if (trace)
    await trace.browser.startTracing(page, { path: trace.file, categories: traceCategories });
  const cdp = profile ? await context.newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  await page.goto(editorPath, { waitUntil: "commit" });
  // As soon as cards are visible, click the one nearest the canvas centre.
  await page.waitForFunction(
    () => (window as unknown as BenchWindow).__bench?.marks.nodesVisible !== undefined,
    undefined,
    { polling: "raf", timeout: loadTimeoutMs },
  );
  const target = await nodeNearCentre(page);
  await page.mouse.click(target.x, target.y);
  await page.waitForFunction(
    () => (window as unknown as BenchWindow).__bench?.marks.selectedPainted !== undefined,
    undefined,
    { timeout: loadTimeoutMs },
  );
  if (trace) {
    await trace.browser.stopTracing();
    await printMainThread(trace.file);
  }
  if (cdp && profile) await printProfile(profile, (await cdp.send("Profiler.stop")).profile);
  const load = await page.evaluate(() => {
    const probe = (window as unknown as BenchWindow).__bench;
    // Entries of these types are always these subclasses.
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const draft = performance.getEntriesByName("flow-editor:draft-loaded")[0];
    const end = probe.marks.selectedPainted!;
    const tasks = probe.longTasks.filter(([start]) => start < end);
    return {
      firstByte: nav.responseStart,
      lastByte: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      draftLoaded: draft?.startTime ?? NaN,
      nodesInDom: probe.marks.nodeInDom!,
      nodesVisible: probe.marks.nodesPainted!,
      interactive: end,
      longTasks: tasks.length,
      longestTask: Math.max(0, ...tasks.map(([, d]) => d)),
      blockingTime: tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
      domNodes: document.getElementsByTagName("*").length,
      scriptKiB:
        performance
          .getEntriesByType("resource")
          .filter((e) => e.name.endsWith(".js") && e.startTime < end)
          .reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0) / 1024,
      draftRequests: performance
        .getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname.endsWith("/draft")).length,
    } satisfies LoadFigures;
  });

  // Let the load settle (fitView, the first idle callbacks) before the gestures.
  await page.waitForTimeout(1000);
  const hideMiniMap = await page.addStyleTag({
    content: ".react-flow__minimap { display: none !important; }",
  });
  const gestures: Record<string, GestureFigures> = {};
  gestures["drag, minimap hidden"] = await drag(page);
  gestures["pan, minimap hidden"] = await pan(page);
  await hideMiniMap.evaluate((style) => style.parentNode?.removeChild(style));
  const miniMap = page.locator(".react-flow__minimap");
  if (!(await miniMap.isVisible())) throw new Error("the minimap is not visible at this width");
  gestures["drag, minimap visible"] = await drag(page);
  gestures["pan, minimap visible"] = await pan(page);
  return { load, gestures };
}

const traceCategories = [
  "devtools.timeline",
  "v8",
  "disabled-by-default-devtools.timeline",
  "blink",
];

/**
 * Where the renderer's main thread spent the load: self time per trace event name, summed over
 * the thread's complete events (a child's time is not counted again in its parent).
 */
async function printMainThread(file: string) {
  interface TraceEvent {
    name: string;
    ph: string;
    ts: number;
    dur?: number;
    pid: number;
    tid: number;
    args?: { name?: string };
  }
  const { readFile } = await import("node:fs/promises");
  const parsed = JSON.parse(await readFile(file, "utf8")) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  if (!main) return console.log(`trace: ${file} (no renderer main thread found)`);
  const spans = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const top = [...self].filter(([, us]) => us > 5000).sort((a, b) => b[1] - a[1]);
  console.log(`trace: ${file}; renderer main thread, self time until interactive:`);
  for (const [name, us] of top.slice(0, 20))
    console.log(`  ${fmt(us / 1000).padStart(6)} ms  ${name}`);
}

/** Self time per function of a V8 CPU profile, heaviest first; the profile goes to `file`. */
async function printProfile(
  file: string,
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples?: number[];
    timeDeltas?: number[];
  },
) {
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? `${frame.url.split("/").pop()}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i + 1] ?? 0));
  });
  console.log(`profile: ${file}; self time per function until interactive:`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${fmt(us / 1000).padStart(6)} ms  ${key}`);
}

/** The globals the probes add to the page; page functions reach them by casting `window`. */
type BenchWindow = Window & {
  __bench: { marks: Record<string, number | undefined>; longTasks: [number, number][] };
  __gesture?: { frames: number[]; updates: number; stop: boolean; tasks: [number, number][] };
};

async function nodeNearCentre(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { x: number; y: number; d: number } | undefined;
    for (const el of document.querySelectorAll(".react-flow__node")) {
      const r = el.getBoundingClientRect();
      // The card's header: clear of the handles on its edges.
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(18, r.height / 3);
      const d = Math.hypot(x - cx, y - cy);
      if (document.elementFromPoint(x, y)?.closest(".react-flow__node") !== el) continue;
      if (!best || d < best.d) best = { x, y, d };
    }
    if (!best) throw new Error("no card on screen");
    return { x: best.x, y: best.y };
  });
}

/** A point on the empty canvas near its centre (the pane answers there, not a card or edge). */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    for (let ring = 0; ring < 40; ring++) {
      for (let step = 0; step < 16; step++) {
        const a = (step / 16) * 2 * Math.PI;
        const x = cx + Math.cos(a) * ring * 8;
        const y = cy + Math.sin(a) * ring * 8;
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane"))
          return { x, y };
      }
    }
    throw new Error("no empty spot on the canvas");
  });
}

/** Drags a card in a circle for gestureMs, counting frames and on-screen moves in the page. */
async function drag(page: Page): Promise<GestureFigures> {
  const start = await nodeNearCentre(page);
  return gesture(page, start, "node");
}

async function pan(page: Page): Promise<GestureFigures> {
  const start = await emptySpot(page);
  return gesture(page, start, "pane");
}

async function gesture(
  page: Page,
  start: { x: number; y: number },
  kind: "node" | "pane",
): Promise<GestureFigures> {
  await page.mouse.move(start.x, start.y);
  await page.evaluate(
    ({ x, y, kind }) => {
      const w = window as unknown as BenchWindow;
      const watched =
        kind === "node"
          ? document.elementFromPoint(x, y)!.closest<HTMLElement>(".react-flow__node")!
          : document.querySelector<HTMLElement>(".react-flow__viewport")!;
      const g = {
        frames: [] as number[],
        updates: 0,
        stop: false,
        tasks: [] as [number, number][],
      };
      w.__gesture = g;
      let last = watched.style.transform;
      const frame = (t: number) => {
        if (g.stop) return;
        g.frames.push(t);
        if (watched.style.transform !== last) {
          last = watched.style.transform;
          g.updates++;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) g.tasks.push([e.startTime, e.duration]);
      }).observe({ type: "longtask" });
    },
    { ...start, kind },
  );
  await page.mouse.down();
  const began = Date.now();
  let moves = 0;
  // A circle of 120 px radius, one lap per second, a move every ~8 ms (a 120 Hz mouse).
  while (Date.now() - began < gestureMs) {
    const t = (Date.now() - began) / 1000;
    const a = t * 2 * Math.PI;
    await page.mouse.move(start.x + 120 * Math.sin(a), start.y + 120 * (1 - Math.cos(a)) * 0.5);
    moves++;
    const next = began + moves * moveEveryMs;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await page.mouse.up();
  const figures = await page.evaluate(() => {
    const g = (window as unknown as BenchWindow).__gesture!;
    g.stop = true;
    const frames = g.frames;
    const span = (frames.at(-1)! - frames[0]!) / 1000;
    let worst = 0;
    for (let i = 1; i < frames.length; i++) worst = Math.max(worst, frames[i]! - frames[i - 1]!);
    const from = frames[0]!;
    const to = frames.at(-1)!;
    const tasks = g.tasks.filter(([s]) => s >= from && s <= to);
    return {
      fps: (frames.length - 1) / span,
      worstFrame: worst,
      updatesPerSecond: g.updates / span,
      longTasks: tasks.length,
      blockingTime: tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
    };
  });
  // The drag is an edit: let the autosave (800 ms after the last change) finish before the next.
  await page.waitForTimeout(kind === "node" ? 2500 : 500);
  return { ...figures, mouseMoves: moves };
}

async function signUpAndCreateFlow(browser: Browser, doc: unknown) {
  const email = `bench-${Date.now()}@example.com`;
  const password = "bench-password-1234";
  const signUp = await fetch(`${baseUrl}/api/account/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench", email, password, workspaceName: "Bench shop" }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);

  const context = await browser.newContext({ viewport, locale: "en-US", baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 60_000 });
  await page.close();

  const api = context.request;
  const bot = await api.post("/api/v1/bots", {
    data: { name: "Bench bot", token: `123456789:${"A".repeat(35)}` },
  });
  if (bot.status() !== 201) throw new Error(`create bot: ${bot.status()} ${await bot.text()}`);
  const botId: string = (await bot.json()).bot.id;
  const flow = await api.post("/api/v1/flows", { data: { botId, name: "Large flow" } });
  if (flow.status() !== 201) throw new Error(`create flow: ${flow.status()} ${await flow.text()}`);
  const flowId: string = (await flow.json()).flow.id;
  await resetDraft(context, flowId, doc);
  return { context, botId, flowId, editorPath: `${baseUrl}/bots/${botId}/flows/${flowId}` };
}

/** Saves the generated document as the draft again, so every run starts from the same one. */
async function resetDraft(context: BrowserContext, flowId: string, doc: unknown) {
  const api = context.request;
  const draft = await api.get(`${baseUrl}/api/v1/flows/${flowId}/draft`);
  const { revision } = await draft.json();
  const saved = await api.put(`${baseUrl}/api/v1/flows/${flowId}/draft`, {
    data: { baseRevision: revision, document: doc },
  });
  if (saved.status() !== 200)
    throw new Error(`save draft: ${saved.status()} ${await saved.text()}`);
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    cwd: root,
    env: { ...process.env, E2E_PORT: port, LOG_LEVEL: "error" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill("SIGTERM");
  throw new Error("the server did not become healthy within 120 s");
}

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
}

function printMachine(doc: { nodes: unknown[]; edges: unknown[] }) {
  const cpus = os.cpus();
  console.log("bench/editor-large-flow");
  console.log(
    `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `flow: ${doc.nodes.length} nodes, ${doc.edges.length} edges; viewport ${viewport.width}×${viewport.height}; ` +
      `${runs} runs (+1 warm-up); gestures ${gestureMs} ms; embedded database (PGlite)`,
  );
}

function printValidateFlow(doc: Parameters<typeof validateFlow>[0]) {
  for (let i = 0; i < 20; i++) validateFlow(doc);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    validateFlow(doc);
    times.push(performance.now() - t0);
  }
  const problems = validateFlow(doc).length;
  console.log(
    `validateFlow in Node on this document: median ${fmt(median(times), 2)} ms, ` +
      `min ${fmt(Math.min(...times), 2)}, max ${fmt(Math.max(...times), 2)} ms per call ` +
      `(200 calls after 20 warm-up; ${problems} problems)`,
  );
}

function printResults(results: { load: LoadFigures; gestures: Record<string, GestureFigures> }[]) {
  const rows: [string, number[], number?][] = [];
  const loadRows: [keyof LoadFigures, string][] = [
    ["firstByte", "navigation → first byte of the page (ms)"],
    ["lastByte", "navigation → last byte of the page (ms)"],
    ["domContentLoaded", "navigation → DOMContentLoaded (ms)"],
    ["draftLoaded", "navigation → draft loaded into the editor (ms)"],
    ["nodesInDom", "navigation → cards in the DOM (ms)"],
    ["nodesVisible", "navigation → cards visible, painted (ms)"],
    ["interactive", "navigation → interactive: click selected a card (ms)"],
    ["longTasks", "  long tasks until interactive"],
    ["longestTask", "  longest task (ms)"],
    ["blockingTime", "  blocking time until interactive (ms)"],
    ["domNodes", "  DOM elements"],
    ["scriptKiB", "  JavaScript loaded (KiB, uncompressed)"],
    ["draftRequests", "  draft requests"],
  ];
  for (const [key, label] of loadRows)
    rows.push([
      label,
      results.map((r) => r.load[key]),
      key === "domNodes" || key === "draftRequests" ? 0 : undefined,
    ]);
  for (const name of Object.keys(results[0]?.gestures ?? {})) {
    const of = (key: keyof GestureFigures) => results.map((r) => r.gestures[name]![key]);
    rows.push([`${name}: frames per second`, of("fps"), 1]);
    rows.push([`  on-screen moves per second`, of("updatesPerSecond"), 1]);
    rows.push([`  worst frame (ms)`, of("worstFrame")]);
    rows.push([`  long tasks`, of("longTasks"), 0]);
    rows.push([`  blocking time (ms)`, of("blockingTime")]);
    rows.push([`  mouse moves delivered`, of("mouseMoves"), 0]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log("");
  console.log(`| ${"measure".padEnd(width)} | median |    min |    max |`);
  console.log(`| ${"-".repeat(width)} | -----: | -----: | -----: |`);
  for (const [label, values, digits] of rows) {
    const cells = [median(values), Math.min(...values), Math.max(...values)].map((v) =>
      fmt(v, digits ?? 0).padStart(6),
    );
    console.log(`| ${label.padEnd(width)} | ${cells.join(" | ")} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
