import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["server/**/*.test.ts", "db/**/*.test.ts"], exclude: ["**/*.int.test.ts", "node_modules/**"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          globalSetup: ["tests/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database (cloned from a migrated template), so files run in parallel.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
