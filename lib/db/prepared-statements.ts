import "server-only";
import type { Sql } from "postgres";

/**
 * The postgres.js client as drizzle should see it: every query a named prepared statement.
 *
 * drizzle hands postgres.js each query with `prepare: false` unless it was built with
 * `.prepare(name)`. postgres.js sends such a query, when it has parameters, in two round trips
 * (Parse + Describe, then, once PostgreSQL has said the parameters' types, Bind + Execute),
 * holds the connection's pipeline back meanwhile, and PostgreSQL parses and plans it each time.
 * Prepared, postgres.js keeps the statement per connection by its text: from the second use on a
 * connection, a query is one message (Bind + Execute) and one round trip, as postgres.js's own
 * tagged queries are. drizzle's query text depends on the query's shape only (values are
 * parameters; no `sql.raw` in this code base), so the statements per connection stay few; a
 * list whose length varies (`inArray`, multi-row `values`) makes one statement per length.
 *
 * Behind a pooler in transaction mode (PgBouncer before 1.21) named statements do not work;
 * Botshop talks to PostgreSQL directly.
 */
export function preparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "unsafe")
        return (...[query, args, options]: Parameters<Sql["unsafe"]>) =>
          target.unsafe(query, args, { ...options, prepare: true });
      if (prop === "begin" || prop === "savepoint") return scoped(target, prop);
      return Reflect.get(target, prop);
    },
  });
}

/** begin/savepoint: the transaction's own client (passed to the callback) prepares too. */
function scoped(target: Sql, method: "begin" | "savepoint") {
  return (...args: unknown[]) => {
    const fn = args.pop();
    if (typeof fn !== "function") throw new TypeError(`${method} needs a callback`);
    const run = Reflect.get(target, method) as (...a: unknown[]) => Promise<unknown>;
    return run(...args, (tx: Sql) => fn(preparedStatements(tx)));
  };
}
