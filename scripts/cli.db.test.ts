import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { acquireDataDirLock } from "@/lib/db/client";
import {
  apiKeys,
  bots,
  flows,
  flowVersions,
  journal,
  members,
  products,
  fileAssets,
  users,
  workspaces,
} from "@/lib/db/schema";
import { authenticate } from "@/lib/auth/accounts";
import { findActiveApiKey } from "@/lib/api-keys/keys";
import { decryptSecret } from "@/lib/crypto/secrets";
import { telegramTokenSchema } from "@/lib/api/contracts/bots";
import { parseFlowDocument, type FlowDocument } from "@/lib/flow/document";
import { validateFlow } from "@/lib/flow/validate";
import type { Db } from "@/lib/db";
import type { CliContext } from "./cli/command";
import { runCli } from "./cli/run";
import { DEMO_BOT_TOKEN, DEMO_EMAIL, DEMO_PRODUCTS, demoFlow } from "./cli/commands/seed-demo";

let db: () => Db;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    db: async () => db(),
    describeDatabase: () => "the test database",
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  const code = await runCli(argv, ctx);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The value printed after `label` on its own line of output. */
function printed(output: string, label: string): string {
  const match = new RegExp(`^${label}\\s*(\\S+)`, "m").exec(output);
  if (!match?.[1]) throw new Error(`"${label}" not found in:\n${output}`);
  return match[1];
}

async function userByEmail(email: string) {
  const [user] = await db()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  return user;
}

describe("cli", () => {
  db = useTestDatabase();

  describe("help and usage", () => {
    it("prints the command list with --help and on no arguments", async () => {
      const help = await cli("--help");
      expect(help.code).toBe(0);
      for (const name of ["create-user", "create-api-key", "migrate", "seed-demo"]) {
        expect(help.out).toContain(name);
      }
      const bare = await cli();
      expect(bare.code).toBe(2);
      expect(bare.err).toContain("Usage: npm run cli -- <command>");
    });

    it("explains each command's flags", async () => {
      const res = await cli("create-api-key", "--help");
      expect(res.code).toBe(0);
      expect(res.out).toContain("--workspace <id>");
      expect(res.out).toContain("--role admin|agent");
    });

    it("rejects unknown commands and flags with exit code 2", async () => {
      expect((await cli("drop-everything")).code).toBe(2);
      const res = await cli("migrate", "--force");
      expect(res.code).toBe(2);
      expect(res.err).toMatch(/--force/);
    });
  });

  describe("create-user", () => {
    it("creates a user who owns a new workspace and can sign in", async () => {
      const res = await cli(
        "create-user",
        "--email",
        "Owner@Example.com",
        "--name",
        "Olga Owner",
        "--password",
        "correct horse battery",
        "--workspace",
        "Olga's shop",
      );
      expect(res.code, res.err).toBe(0);
      const user = await userByEmail("owner@example.com");
      expect(user?.name).toBe("Olga Owner");
      const [membership] = await db()
        .select({ role: members.role, workspace: workspaces.name, workspaceId: workspaces.id })
        .from(members)
        .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
        .where(eq(members.userId, user!.id));
      expect(membership).toMatchObject({ role: "owner", workspace: "Olga's shop" });
      expect(res.out).toContain(membership!.workspaceId);
      expect(res.out).not.toContain("correct horse battery");
      expect(await authenticate(db(), "owner@example.com", "correct horse battery")).not.toBeNull();
      const entries = await db()
        .select({ kind: journal.kind })
        .from(journal)
        .where(eq(journal.workspaceId, membership!.workspaceId));
      expect(entries.map((e) => e.kind)).toContain("workspace.created");
    });

    it("generates and prints a password when none is given", async () => {
      const res = await cli(
        "create-user",
        "--email",
        "gen@example.com",
        "--name",
        "Gen",
        "--workspace",
        "Gen shop",
      );
      expect(res.code, res.err).toBe(0);
      const password = printed(res.out, "Password \\(shown only now\\):");
      expect(await authenticate(db(), "gen@example.com", password)).not.toBeNull();
    });

    it("refuses a second account with the same email, whatever its case", async () => {
      const res = await cli(
        "create-user",
        "--email",
        "OWNER@example.com",
        "--name",
        "Again",
        "--workspace",
        "Dup",
      );
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/already exists/);
      const [dup] = await db().select().from(workspaces).where(eq(workspaces.name, "Dup"));
      expect(dup).toBeUndefined();
    });

    it("validates flags before touching the database", async () => {
      const res = await cli(
        "create-user",
        "--email",
        "not-an-email",
        "--name",
        "X",
        "--password",
        "short",
      );
      expect(res.code).toBe(2);
      expect(res.err).toContain("--email: Enter a valid email address");
      expect(res.err).toContain("--password: Use at least 10 characters");
      expect(res.err).toContain("--workspace is required");
      expect(await userByEmail("not-an-email")).toBeUndefined();
    });
  });

  describe("create-api-key", () => {
    async function ownerWorkspace(): Promise<string> {
      const user = await userByEmail("owner@example.com");
      const [m] = await db().select().from(members).where(eq(members.userId, user!.id));
      return m!.workspaceId;
    }

    it("prints a key once that then authenticates for that workspace", async () => {
      const workspaceId = await ownerWorkspace();
      const res = await cli("create-api-key", "--workspace", workspaceId, "--name", "ERP exchange");
      expect(res.code, res.err).toBe(0);
      const key = res.out.split("\n").find((l) => l.startsWith("bs_"));
      expect(key).toBeDefined();
      expect(await findActiveApiKey(db(), key!)).toMatchObject({ workspaceId, role: "admin" });
      const [row] = await db()
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.name, "ERP exchange")));
      expect(row?.keyHash).not.toBe(key);
      expect(JSON.stringify(row)).not.toContain(key!);
    });

    it("creates agent keys with --role agent and refuses owner keys", async () => {
      const workspaceId = await ownerWorkspace();
      const agent = await cli(
        "create-api-key",
        "--workspace",
        workspaceId,
        "--name",
        "Inbox",
        "--role",
        "agent",
      );
      expect(agent.code, agent.err).toBe(0);
      const key = agent.out.split("\n").find((l) => l.startsWith("bs_"))!;
      expect((await findActiveApiKey(db(), key))?.role).toBe("agent");
      const owner = await cli(
        "create-api-key",
        "--workspace",
        workspaceId,
        "--name",
        "X",
        "--role",
        "owner",
      );
      expect(owner.code).toBe(2);
    });

    it("says so when the workspace does not exist", async () => {
      const res = await cli(
        "create-api-key",
        "--workspace",
        "00000000-0000-4000-8000-000000000000",
        "--name",
        "Ghost",
      );
      expect(res.code).toBe(1);
      expect(res.err).toContain("No workspace with id 00000000-0000-4000-8000-000000000000");
      expect((await cli("create-api-key", "--workspace", "nope", "--name", "x")).code).toBe(2);
    });
  });

  describe("migrate", () => {
    it("reports every shipped migration as applied", async () => {
      const shipped = JSON.parse(
        fs.readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8"),
      ) as { entries: { tag: string }[] };
      const res = await cli("migrate");
      expect(res.code, res.err).toBe(0);
      const n = shipped.entries.length;
      expect(res.out).toContain(
        `Migrations applied: ${n} of ${n}; latest: ${shipped.entries.at(-1)!.tag}`,
      );
    });
  });

  describe("seed-demo", () => {
    async function counts() {
      const [u] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(users);
      const [w] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(workspaces);
      const [b] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(bots);
      return { users: u!.n, workspaces: w!.n, bots: b!.n };
    }

    it("creates the demo owner, workspace and a bot with an encrypted fake token", async () => {
      const res = await cli("seed-demo");
      expect(res.code, res.err).toBe(0);
      const password = printed(res.out, "Password:");
      expect(await authenticate(db(), DEMO_EMAIL, password)).not.toBeNull();
      const workspaceId = printed(res.out, 'Workspace "Demo shop":');
      const [bot] = await db().select().from(bots).where(eq(bots.workspaceId, workspaceId));
      expect(bot?.channel).toBe("telegram");
      expect(bot?.tokenEncrypted).not.toContain(DEMO_BOT_TOKEN);
      expect(decryptSecret(bot!.tokenEncrypted)).toBe(DEMO_BOT_TOKEN);
      // Fake, but shaped so the bots API and its forms accept it.
      expect(telegramTokenSchema.safeParse(DEMO_BOT_TOKEN).success).toBe(true);
      const kinds = (
        await db()
          .select({ kind: journal.kind })
          .from(journal)
          .where(eq(journal.workspaceId, workspaceId))
      ).map((e) => e.kind);
      expect(kinds).toEqual(
        expect.arrayContaining([
          "workspace.created",
          "bot.created",
          "demo.seeded",
          "flow.published",
        ]),
      );
      expect(res.out).toContain('Flow "Welcome": published');
    });

    it("is idempotent and does not print a password again", async () => {
      const before = await counts();
      const res = await cli("seed-demo");
      expect(res.code, res.err).toBe(0);
      expect(res.out).toContain("Demo data already present.");
      expect(res.out).not.toMatch(/shown only now/);
      expect(await counts()).toEqual(before);
    });

    async function publishedWelcome() {
      const [flow] = await db().select().from(flows).where(eq(flows.name, "Welcome"));
      const versions = await db()
        .select()
        .from(flowVersions)
        .where(eq(flowVersions.flowId, flow!.id))
        .orderBy(desc(flowVersions.n));
      const parsed = parseFlowDocument(versions[0]!.document);
      if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
      return { flow: flow!, versions: versions.length, document: parsed.document };
    }

    function salePath(doc: FlowDocument) {
      const node = (id: string) => doc.nodes.find((n) => n.id === id);
      const target = (source: string, handle: string) =>
        node(doc.edges.find((e) => e.source === source && e.sourceHandle === handle)?.target ?? "");
      const catalog = target("menu", "shop");
      const pay = target(catalog?.id ?? "", "selected");
      return {
        catalog: catalog?.type,
        pay: pay && { type: pay.type, config: pay.config },
        deliver: pay && target(pay.id, "paid"),
        delivered: pay && target(target(pay.id, "paid")?.id ?? "", "delivered")?.config,
        retries: ["failed", "canceled", "timeout"].map((o) => target(pay?.id ?? "", o)?.type),
      };
    }

    it("sells Stars products through a published Shop path that validates", async () => {
      const rows = await db().select().from(products);
      expect(rows.map((p) => [p.title, p.currency, p.priceMinor, p.active])).toEqual(
        expect.arrayContaining(DEMO_PRODUCTS.map((p) => [p.title, "XTR", p.priceMinor, true])),
      );
      expect(rows).toHaveLength(DEMO_PRODUCTS.length);
      // Each product's goods were stored and are what its delivery hands over.
      const files = await db().select().from(fileAssets);
      for (const p of rows) {
        const file = files.find((f) => f.id === p.delivery.fileId);
        expect(file, p.title).toBeDefined();
        expect(file!.size).toBeGreaterThan(0);
      }
      const { document } = await publishedWelcome();
      expect(validateFlow(document).filter((p) => p.severity === "error")).toEqual([]);
      expect(salePath(document)).toMatchObject({
        catalog: "catalog",
        pay: { type: "payment", config: { product: "selected", provider: "stars" } },
        deliver: { type: "deliver", config: { product: "selected" } },
        delivered: {
          text: expect.stringMatching(/\{\{order\.id\}\}.*\{\{order\.product_title\}\}/),
        },
        retries: ["buttons", "buttons", "buttons"],
      });
    });

    it("adds the Shop to a Welcome flow seeded before it, never to an edited one", async () => {
      const before = await publishedWelcome();
      // As seeded before the shop (revision 2, one version), shortened to the greeting.
      const full = demoFlow();
      const withoutShop: FlowDocument = {
        ...full,
        nodes: full.nodes.filter((n) => n.id === "start" || n.id === "welcome"),
        edges: full.edges.filter((e) => e.source === "start"),
      };
      await db().update(flows).set({ draft: withoutShop }).where(eq(flows.id, before.flow.id));
      await db().update(flowVersions).set({ document: withoutShop });

      const res = await cli("seed-demo");
      expect(res.code, res.err).toBe(0);
      const after = await publishedWelcome();
      expect(after.versions).toBe(2);
      expect(salePath(after.document).catalog).toBe("catalog");

      // Now revision 3 and two versions: the owner's flow from here on, left alone.
      await db().update(flows).set({ draft: withoutShop }).where(eq(flows.id, before.flow.id));
      expect((await cli("seed-demo")).out).toContain("Demo data already present.");
      expect((await publishedWelcome()).versions).toBe(2);
    });

    it("--reset-password replaces the demo owner's password", async () => {
      const res = await cli("seed-demo", "--reset-password");
      expect(res.code, res.err).toBe(0);
      const password = printed(res.out, "Password:");
      expect(await authenticate(db(), DEMO_EMAIL, password)).not.toBeNull();
    });
  });

  /*
   * The real entry point, as `npm run cli` runs it: proves the tsx flags make `server-only`
   * modules loadable, and that a locked embedded database gets a helpful message.
   */
  describe("the npm script in a child process", () => {
    const run = promisify(execFile);
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

    async function spawnCli(dataDir: string, ...argv: string[]) {
      // Empty means unset to the app's config: embedded mode, whichever pass this is.
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        LOG_LEVEL: "error",
        DATABASE_URL: "",
        APP_SECRET: "",
      };
      try {
        const { stdout, stderr } = await run(
          tsx,
          ["--conditions", "react-server", "scripts/cli.ts", ...argv],
          { env, timeout: 60_000 },
        );
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    }

    it("migrates a fresh embedded database, then refuses while another process holds it", async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "botshop-cli-test-"));
      try {
        const first = await spawnCli(dataDir, "migrate");
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toContain(`embedded database in ${dataDir}`);
        expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);

        const release = acquireDataDirLock(dataDir);
        try {
          const locked = await spawnCli(dataDir, "migrate");
          expect(locked.code).toBe(1);
          expect(locked.stderr).toContain(`pid ${process.pid}`);
          expect(locked.stderr).toContain("stop the server");
        } finally {
          release();
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      // Two CLI processes, each starting tsx and PGlite: slow on a busy two-core machine.
    }, 120_000);
  });
});
