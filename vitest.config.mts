import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: path.resolve(import.meta.dirname) + "/" },
      // `server-only` throws outside React Server Components; tests are plain Node.
      {
        find: /^server-only$/,
        replacement: path.resolve(import.meta.dirname, "test/stubs/empty.ts"),
      },
    ],
  },
  test: {
    environment: "node",
    include: ["{lib,app,components,scripts,test}/**/*.test.{ts,tsx}"],
    exclude: ["node_modules", ".next", "e2e"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
