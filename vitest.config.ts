import path from "node:path";
import { defineConfig } from "vitest/config";

// next-auth imports "next/server" without an extension, which only Next's bundler resolves:
// inline it so Vite resolves it, and point the bare specifier at the file.
const alias = [
  { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
  { find: /^next\/server$/, replacement: "next/server.js" },
];

export default defineConfig({
  resolve: { alias },
  test: {
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["server/**/*.test.ts", "db/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
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
