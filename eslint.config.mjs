// Lint: Next's rules (React, hooks, a11y, core web vitals), typescript-eslint, import cycles, and
// the layer rules of docs/architecture.md ("Layers"). Formatting is Prettier's (`npm run format`).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const io = [
  "@/db",
  "@/db/*",
  "@/server/services/*",
  "@/server/providers/*",
  "@/server/payments/*",
  "@/server/notify/*",
  "@/server/jobs/*",
  "@/server/documents/*",
  "@/inngest/*",
  "postgres",
  "drizzle-orm",
  "drizzle-orm/*",
  "node:fs",
  "node:fs/*",
  "node:net",
  "node:http",
  "node:https",
  "fs",
  "stripe",
  "resend",
  "inngest",
];
const restrict = (patterns, message) => ["error", { patterns: [{ group: patterns, message }] }];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "public/**",
  ]),
  {
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Drizzle tables reference each other lazily (`references(() => t.id)`), resolved at call time.
    files: ["db/schema/**"],
    rules: { "import/no-cycle": "off" },
  },
  {
    // server/domain is pure: rules and data, no I/O (docs/architecture.md).
    files: ["server/domain/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": restrict(io, "server/domain is pure logic: no I/O imports.") },
  },
  {
    // The UI reads data through tRPC (or the server caller), never the database or services directly.
    files: ["app/**", "components/**"],
    rules: { "no-restricted-imports": restrict(["@/db", "@/db/*"], "UI code never imports db/: go through tRPC.") },
  },
]);
