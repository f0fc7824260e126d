import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { bots, members, users, workspaces } from "@/lib/db/schema";
import { createAccount, setPassword } from "@/lib/auth/accounts";
import { createBot } from "@/lib/bots/bots";
import { randomToken } from "@/lib/crypto/secrets";
import { recordJournal, type Actor } from "@/lib/journal/record";
import { defineCommand } from "../command";

export const DEMO_EMAIL = "demo@botshop.local";
export const DEMO_WORKSPACE = "Demo shop";
export const DEMO_BOT = "Demo bot";
/**
 * Shaped like a real token so validation accepts it, but bot 000000000 does not exist: Telegram
 * answers 401 to anything sent with it. Replace it in the bot's settings to talk to a real bot.
 */
export const DEMO_BOT_TOKEN = "000000000:DEMO-fake-token-not-a-real-telegram-bot";

const actor: Actor = { type: "system", id: "cli:seed-demo" };

export const seedDemo = defineCommand({
  name: "seed-demo",
  summary: `Create a demo owner (${DEMO_EMAIL}), a "${DEMO_WORKSPACE}" workspace and a demo Telegram bot.`,
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

async function resetPassword(db: Db, userId: string, password: string): Promise<void> {
  await setPassword(db, userId, password, {
    actor,
    kind: "user.password_reset",
    data: { email: DEMO_EMAIL },
  });
}
