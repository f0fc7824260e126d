/**
 * Runs once when the server starts: parse the configuration and open (and migrate) the
 * database now, so a bad setting or a locked data directory stops start-up with a clear
 * message instead of failing the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config, ConfigError } = await import("@/lib/config/env");
  const { databaseHandle } = await import("@/lib/db");
  try {
    const c = config();
    const handle = await databaseHandle();
    console.log(
      `Botshop: ${handle.kind === "postgres" ? "PostgreSQL" : `embedded database in ${c.DATA_DIR}`}, serving ${c.APP_URL}`,
    );
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `Botshop cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
}
