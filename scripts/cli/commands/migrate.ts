import { z } from "zod";
import { defineCommand } from "../command";
import { migrationStatus } from "../migration-status";

export const migrate = defineCommand({
  name: "migrate",
  summary: "Open the configured database, apply any pending migrations, and report the version.",
  details:
    "The server also migrates on start-up, so this is optional; run it to upgrade a database\n" +
    "ahead of a deployment, or to check which migrations a database has.",
  flags: [],
  schema: z.strictObject({}),
  async run(_input, ctx) {
    const status = await migrationStatus(await ctx.db());
    ctx.out(`Database: ${ctx.describeDatabase()}`);
    ctx.out(
      `Migrations applied: ${status.applied} of ${status.expected}; latest: ${status.latest ?? "none"}`,
    );
    if (status.applied > status.expected) {
      ctx.err(
        `Warning: the database has ${status.applied - status.expected} migration(s) this code does ` +
          "not know. Is a newer version of Botshop using this database?",
      );
    }
  },
});
