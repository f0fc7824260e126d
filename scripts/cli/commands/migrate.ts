import { z } from "zod";
import { defineCommand } from "../command";
import { migrationState, shippedMigrations } from "@/lib/health/migrations";

export const migrate = defineCommand({
  name: "migrate",
  summary: "Open the configured database, apply any pending migrations, and report the version.",
  details:
    "The server also migrates on start-up, so this is optional; run it to upgrade a database\n" +
    "ahead of a deployment, or to check which migrations a database has.",
  flags: [],
  schema: z.strictObject({}),
  async run(_input, ctx) {
    const db = await ctx.db();
    const status = await migrationState(db, await shippedMigrations());
    ctx.out(`Database: ${ctx.describeDatabase()}`);
    ctx.out(
      `Migrations applied: ${status.applied} of ${status.expected}; latest: ${status.latest ?? "none"}`,
    );
    if (status.unknown > 0) {
      ctx.err(
        `Warning: the database has ${status.unknown} migration(s) this code does not know. ` +
          "Was it migrated by a newer version of Botshop?",
      );
    }
  },
});
