import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { bots, flows, flowVersions, members, products, users, workspaces } from "@/lib/db/schema";
import type { FlowDocument } from "@/lib/flow/document";
import { createFlow } from "@/lib/flows/flows";
import { getDraft, saveDraft } from "@/lib/flows/draft";
import { publishFlow } from "@/lib/flows/publish";
import { createAccount, setPassword } from "@/lib/auth/accounts";
import { createBot } from "@/lib/bots/bots";
import { createProduct } from "@/lib/products/products";
import { createProductInput } from "@/lib/products/input";
import { createFile } from "@/lib/files/files";
import { randomToken } from "@/lib/crypto/secrets";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { defineCommand } from "../command";

export const DEMO_EMAIL = "demo@botshop.local";
export const DEMO_WORKSPACE = "Demo shop";
export const DEMO_BOT = "Demo bot";
export const DEMO_FLOW = "Welcome";
/**
 * Shaped like a real token so validation accepts it, but bot 000000000 does not exist: Telegram
 * answers 401 to anything sent with it. Replace it in the bot's settings to talk to a real bot.
 */
export const DEMO_BOT_TOKEN = "000000000:DEMO-fake-token-not-a-real-telegram-bot";

/**
 * Sold for Telegram Stars (XTR), the only currency the demo can take without a payment provider:
 * a product in roubles would be listed by the catalog and then fail at the Stars payment node.
 */
export const DEMO_PRODUCTS = [
  {
    title: "Lightroom presets",
    description: "12 warm film-look presets for Lightroom Classic and Lightroom mobile.",
    priceMinor: 50,
    currency: "XTR",
    kind: "file",
  },
  {
    title: "Photo editing cheat sheet",
    description: "One page of shortcuts and a step-by-step edit, as a printable PDF.",
    priceMinor: 15,
    currency: "XTR",
    kind: "file",
  },
] as const;

/**
 * The goods, made at seed time and stored like any upload: the presets are sent in the chat
 * (sendDocument), the cheat sheet is a download link for 3 downloads, stamped with the buyer.
 */
const DEMO_GOODS: Record<(typeof DEMO_PRODUCTS)[number]["title"], DemoGoods> = {
  "Lightroom presets": {
    name: "film-presets.xmp",
    contentType: "application/rdf+xml",
    content: async () =>
      Buffer.from(
        '<?xml version="1.0"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
          "  <!-- Botshop demo: warm film-look presets -->\n</x:xmpmeta>\n",
      ),
    delivery: { method: "chat_file", message: "Here are your presets. Enjoy!" },
  },
  "Photo editing cheat sheet": {
    name: "photo-editing-cheat-sheet.pdf",
    contentType: "application/pdf",
    content: cheatSheetPdf,
    delivery: {
      method: "timed_link",
      maxDownloads: 3,
      linkHours: 72,
      stampPdf: true,
      message: "Your cheat sheet is ready to download.",
    },
  },
};

interface DemoGoods {
  name: string;
  contentType: string;
  content: () => Promise<Buffer>;
  delivery: Record<string, unknown>;
}

async function cheatSheetPdf(): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  const lines = [
    "Photo editing cheat sheet (Botshop demo)",
    "",
    "1. Straighten and crop: R",
    "2. White balance: W, then click something neutral grey",
    "3. Exposure and contrast: drag in the histogram",
    "4. Before / after: \\ (backslash)",
  ];
  lines.forEach((line, i) =>
    page.drawText(line, { x: 56, y: 770 - i * 22, size: i === 0 ? 18 : 12, font }),
  );
  return Buffer.from(await pdf.save());
}

const actor: Actor = { type: "system", id: "cli:seed-demo" };

export const seedDemo = defineCommand({
  name: "seed-demo",
  summary: `Create a demo owner (${DEMO_EMAIL}), a "${DEMO_WORKSPACE}" workspace with Stars products and a demo Telegram bot that sells them.`,
  details:
    "Safe to run again: it only creates what is missing. The demo owner's password is generated\n" +
    "and printed once, when the user is created; --reset-password prints a new one.\n" +
    "The demo bot has a fake token, so it cannot reach Telegram until you replace the token.",
  flags: [
    {
      name: "reset-password",
      boolean: true,
      description: "Give the existing demo owner a new generated password",
    },
  ],
  schema: z.strictObject({ "reset-password": z.boolean().default(false) }),
  async run(input, ctx) {
    const db = await ctx.db();
    const created: string[] = [];
    let password: string | undefined;

    let user = await findUser(db);
    if (!user) {
      password = randomToken(12);
      await createAccount(db, {
        email: DEMO_EMAIL,
        name: "Demo owner",
        password,
        workspaceName: DEMO_WORKSPACE,
      });
      created.push("user", "workspace");
      user = await findUser(db);
      if (!user) throw new Error("seed-demo: the demo user vanished right after being created");
    } else if (input["reset-password"]) {
      password = randomToken(12);
      await resetPassword(db, user.id, password);
    }

    let workspaceId = await findOwnedWorkspace(db, user.id);
    if (!workspaceId) {
      workspaceId = await createWorkspace(db, user.id);
      created.push("workspace");
    }

    let botId = await findBot(db, workspaceId);
    if (!botId) {
      botId = await createDemoBot(db, workspaceId);
      created.push("bot");
    }

    if (await createDemoProducts(db, workspaceId)) created.push("products");

    const flowId = await findFlow(db, botId);
    if (!flowId) {
      await createDemoFlow(db, workspaceId, botId);
      created.push("flow");
    } else if (await upgradeUntouchedFlow(db, workspaceId, flowId)) {
      created.push("shop");
    }

    if (created.length) {
      await recordJournal(db, {
        workspaceId,
        actor,
        kind: "demo.seeded",
        subjectId: workspaceId,
        data: { created },
      });
    }

    ctx.out(
      created.length ? `Demo data created (${created.join(", ")}).` : "Demo data already present.",
    );
    ctx.out(`Workspace "${DEMO_WORKSPACE}": ${workspaceId}`);
    ctx.out(`Bot "${DEMO_BOT}": ${botId} (fake token; replace it to connect a real bot)`);
    ctx.out(
      `Products: ${DEMO_PRODUCTS.map((p) => `"${p.title}" ⭐ ${p.priceMinor}`).join(", ")} (Telegram Stars)`,
    );
    ctx.out(`Flow "${DEMO_FLOW}": published; try it in the editor's Preview, or see the README`);
    ctx.out(`Sign in as:  ${DEMO_EMAIL}`);
    if (password) {
      ctx.out(`Password:    ${password}   <- shown only now, write it down`);
    } else {
      ctx.out(
        "Password:    (printed when the demo owner was created; " +
          "`npm run cli -- seed-demo --reset-password` makes a new one)",
      );
    }
  },
});

async function findUser(db: Db): Promise<{ id: string } | undefined> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${DEMO_EMAIL}`);
  return user;
}

async function findOwnedWorkspace(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .innerJoin(members, eq(members.workspaceId, workspaces.id))
    .where(
      and(
        eq(members.userId, userId),
        eq(members.role, "owner"),
        eq(workspaces.name, DEMO_WORKSPACE),
      ),
    )
    .orderBy(workspaces.createdAt)
    .limit(1);
  return row?.id;
}

/** The demo owner exists but their demo workspace was deleted: give it back. */
async function createWorkspace(db: Db, userId: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: DEMO_WORKSPACE })
      .returning({ id: workspaces.id });
    if (!workspace) throw new Error("seed-demo: workspace insert returned no row");
    await tx.insert(members).values({ workspaceId: workspace.id, userId, role: "owner" });
    await recordJournal(tx, {
      workspaceId: workspace.id,
      actor,
      kind: "workspace.created",
      subjectId: workspace.id,
      data: { name: DEMO_WORKSPACE, ownerEmail: DEMO_EMAIL },
    });
    return workspace.id;
  });
}

async function findBot(db: Db, workspaceId: string): Promise<string | undefined> {
  const [bot] = await db
    .select({ id: bots.id })
    .from(bots)
    .where(and(eq(bots.workspaceId, workspaceId), eq(bots.name, DEMO_BOT)))
    .limit(1);
  return bot?.id;
}

/** Through the same domain call as POST /api/v1/bots: token encrypted, creation journaled. */
async function createDemoBot(db: Db, workspaceId: string): Promise<string> {
  const bot = await createBot(db, { workspaceId, name: DEMO_BOT, token: DEMO_BOT_TOKEN, actor });
  return bot.id;
}

/** Creates the demo products missing by title (archived ones count: the owner chose that). */
async function createDemoProducts(db: Db, workspaceId: string): Promise<boolean> {
  const existing = new Set(
    (
      await db
        .select({ title: products.title })
        .from(products)
        .where(eq(products.workspaceId, workspaceId))
    ).map((p) => p.title),
  );
  let any = false;
  for (const product of DEMO_PRODUCTS) {
    if (existing.has(product.title)) continue;
    const created = await createProduct(db, {
      workspaceId,
      product: createProductInput.parse(product),
      actor,
    });
    const goods = DEMO_GOODS[product.title];
    const file = await createFile(db, {
      workspaceId,
      actor,
      name: goods.name,
      contentType: goods.contentType,
      body: new Blob([new Uint8Array(await goods.content())]).stream(),
    });
    await db
      .update(products)
      .set({ delivery: { ...goods.delivery, fileId: file.id } })
      .where(eq(products.id, created.id));
    any = true;
  }
  return any;
}

async function findFlow(db: Db, botId: string): Promise<string | undefined> {
  const [flow] = await db
    .select({ id: flows.id })
    .from(flows)
    .where(and(eq(flows.botId, botId), eq(flows.name, DEMO_FLOW)))
    .limit(1);
  return flow?.id;
}

/**
 * Demo data seeded before the shop existed: give its Welcome flow the Shop path, but only while
 * nobody has touched it (the seed's one save and one publish), so an owner's edits are never
 * overwritten. Returns whether it published.
 */
async function upgradeUntouchedFlow(db: Db, workspaceId: string, flowId: string): Promise<boolean> {
  const seededRevision = 2;
  const { document, revision } = await getDraft(db, workspaceId, flowId);
  if (revision !== seededRevision || document.nodes.some((n) => n.type === "catalog")) {
    return false;
  }
  const [versions] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(flowVersions)
    .where(eq(flowVersions.flowId, flowId));
  if (versions?.n !== 1) return false;
  await saveDraft(db, { workspaceId, flowId, baseRevision: revision, document: demoFlow(), actor });
  await publishFlow(db, { workspaceId, flowId, actor });
  return true;
}

/** A small published flow built only from nodes the runtime runs today, so the bot answers. */
async function createDemoFlow(db: Db, workspaceId: string, botId: string): Promise<void> {
  const flow = await createFlow(db, { workspaceId, botId, name: DEMO_FLOW, actor });
  const { revision } = await getDraft(db, workspaceId, flow.id);
  await saveDraft(db, {
    workspaceId,
    flowId: flow.id,
    baseRevision: revision,
    document: demoFlow(),
    actor,
  });
  await publishFlow(db, { workspaceId, flowId: flow.id, actor });
}

export function demoFlow(): FlowDocument {
  const at = (x: number, y: number) => ({ x: x * 300, y: y * 180 });
  const retryButtons = [
    { id: "retry", text: "Try again" },
    { id: "back", text: "Back to the catalog" },
  ];
  return {
    version: 1,
    nodes: [
      { id: "start", type: "trigger.start", position: at(0, 0), config: {} },
      {
        id: "welcome",
        type: "message",
        position: at(1, 0),
        config: { text: 'Hi {{contact.first_name | "there"}}! This is the Botshop demo bot.' },
      },
      {
        id: "menu",
        type: "buttons",
        position: at(2, 0),
        config: {
          text: "What would you like to do?",
          buttons: [
            { id: "guide", text: "Get the free guide" },
            { id: "question", text: "Ask a question" },
            { id: "shop", text: "Shop" },
          ],
        },
      },
      {
        id: "email",
        type: "ask",
        position: at(3, 0),
        config: {
          text: "Where should we send the guide? Type your email.",
          answer: "email",
          variable: "email",
          retries: 2,
          retryText: "That does not look like an email. Try again?",
        },
      },
      { id: "lead", type: "tag", position: at(4, 0), config: { action: "add", tags: ["lead"] } },
      {
        id: "sent",
        type: "message",
        position: at(5, 0),
        config: { text: "Thanks! The guide is on its way to {{email}}." },
      },
      {
        id: "later",
        type: "message",
        position: at(4, 1),
        config: { text: "No problem. Type /start whenever you want to begin again." },
      },
      // Questions: quick answers by keyword or button; anything else goes to a person in the
      // inbox, and the bot continues with the menu when the agent hands the chat back.
      {
        id: "ask",
        type: "faq",
        position: at(3, 2),
        config: {
          prompt: "What would you like to know? Tap a question or type your own.",
          entries: [
            {
              question: "How do I get what I bought?",
              keywords: ["get, receive, download, file", "получить, скачать, файл"],
              answer: "Right after paying: the bot sends the file or a download link here.",
            },
            {
              question: "Can I get a refund?",
              keywords: ["refund, money back", "возврат, вернуть деньги"],
              answer: "Yes, within 14 days. Ask for a person and we will refund you in Stars.",
            },
          ],
        },
      },
      {
        id: "noted",
        type: "handoff",
        position: at(4, 2),
        config: {
          text: "I will pass your question to a person from our team. They answer here.",
          note: "Asked a question the FAQ could not answer",
        },
      },
      // The sale path (lib/flow/templates/sale.ts): the catalog lists every active product;
      // Stars need no payment provider; the deliver node sends the goods once paid.
      {
        id: "shop",
        type: "catalog",
        position: at(3, 3),
        config: { text: "Here is what the demo shop sells. You pay with Telegram Stars:" },
      },
      {
        id: "pay",
        type: "payment",
        position: at(4, 3),
        config: { product: "selected", provider: "stars", timeoutMinutes: 30 },
      },
      {
        id: "deliver",
        type: "deliver",
        position: at(5, 3),
        config: { product: "selected", text: "" },
      },
      {
        id: "paid",
        type: "message",
        position: at(6, 3),
        config: {
          text:
            "Thanks! Order {{order.id}} for {{order.product_title}} is complete. " +
            "Send /purchases any time to get your purchases again.",
        },
      },
      {
        id: "deliver-failed",
        type: "message",
        position: at(6, 2),
        config: {
          text: "Your payment went through, but the goods could not be sent automatically. The shop will sort it out here shortly.",
        },
      },
      {
        id: "sold-out",
        type: "message",
        position: at(4, 4),
        config: { text: "Nothing is on sale right now. Please come back later!" },
      },
      {
        id: "pay-failed",
        type: "buttons",
        position: at(5, 4),
        config: {
          text: "The payment did not go through, and no money was taken. Would you like to try again?",
          buttons: retryButtons,
        },
      },
      {
        id: "pay-canceled",
        type: "buttons",
        position: at(5, 5),
        config: {
          text: "You canceled the payment. Changed your mind? You can pay any time.",
          buttons: retryButtons,
        },
      },
      {
        id: "pay-timeout",
        type: "buttons",
        position: at(5, 6),
        config: {
          text: "The time to pay has run out, so the order was closed. Start a new payment?",
          buttons: retryButtons,
        },
      },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "next", target: "welcome" },
      { id: "e2", source: "welcome", sourceHandle: "next", target: "menu" },
      { id: "e3", source: "menu", sourceHandle: "guide", target: "email" },
      { id: "e4", source: "menu", sourceHandle: "question", target: "ask" },
      { id: "e5", source: "email", sourceHandle: "next", target: "lead" },
      { id: "e6", source: "lead", sourceHandle: "next", target: "sent" },
      { id: "e7", source: "email", sourceHandle: "invalid", target: "later" },
      { id: "e8", source: "ask", sourceHandle: "fallback", target: "noted" },
      { id: "e8-answered", source: "ask", sourceHandle: "answered", target: "menu" },
      { id: "e8-back", source: "noted", sourceHandle: "released", target: "menu" },
      { id: "e9", source: "menu", sourceHandle: "shop", target: "shop" },
      { id: "e10", source: "shop", sourceHandle: "selected", target: "pay" },
      { id: "e11", source: "shop", sourceHandle: "empty", target: "sold-out" },
      { id: "e12", source: "pay", sourceHandle: "paid", target: "deliver" },
      { id: "e12-ok", source: "deliver", sourceHandle: "delivered", target: "paid" },
      { id: "e12-failed", source: "deliver", sourceHandle: "failed", target: "deliver-failed" },
      { id: "e13", source: "pay", sourceHandle: "failed", target: "pay-failed" },
      { id: "e14", source: "pay", sourceHandle: "canceled", target: "pay-canceled" },
      { id: "e15", source: "pay", sourceHandle: "timeout", target: "pay-timeout" },
      ...["pay-failed", "pay-canceled", "pay-timeout"].flatMap((source) => [
        { id: `${source}-retry`, source, sourceHandle: "retry", target: "pay" },
        { id: `${source}-back`, source, sourceHandle: "back", target: "shop" },
      ]),
    ],
    variables: [{ name: "email", type: "string" }],
  };
}

async function resetPassword(db: Db, userId: string, password: string): Promise<void> {
  await setPassword(db, userId, password, {
    actor,
    kind: "user.password_reset",
    data: { email: DEMO_EMAIL },
  });
}
