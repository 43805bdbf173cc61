import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { EventType } from "inngest";
import { describe, expect, it } from "vitest";
import { automationRules, outbox } from "@/db/schema";
import { functions } from "@/inngest";
import { escalationRules } from "@/server/services/escalation/rules";
import { recordEvent } from "@/server/services/events/record-event";
import { createTestDb } from "@/tests/db";
import { catalogue, type EventPayload } from "./catalogue";

// Every declared event is acted on by someone or says why not; every event written is declared.
// recordEvent's types cover the services; the SQL writers are read from the source below.
const db = await createTestDb();
const root = path.resolve(import.meta.dirname, "../..");

type Trigger = EventType<string, never> | { event?: string | EventType<string, never>; cron?: string };
/** Each function's event triggers, as the EventType object it was given (a bare name stays a string). */
const triggers = functions.flatMap((fn) =>
  ((fn.opts.triggers ?? []) as Trigger[]).flatMap((t) => {
    const e = t instanceof EventType ? t : t.event;
    return e ? [{ fn: fn.id(), event: e }] : [];
  }),
);
const nameOf = (e: string | EventType<string, never>) => (typeof e === "string" ? e : e.name);

/** Who acts on each event: Inngest functions, automation rules (rows), escalation rules (data). */
async function consumers(): Promise<Map<string, string[]>> {
  const by = new Map<string, string[]>();
  const add = (event: string, who: string) => by.set(event, [...(by.get(event) ?? []), who]);
  for (const t of triggers) add(nameOf(t.event), `function ${t.fn}`);
  for (const r of await db.select({ id: automationRules.id, event: automationRules.event }).from(automationRules))
    add(r.event, `automation rule ${r.id}`);
  for (const r of Object.values(escalationRules)) {
    const event = r.condition.split(" ")[0];
    if (event.includes("/")) add(event, `escalation rule ${r.id}`);
  }
  return by;
}

/** Source files that may write outbox rows (tests included: a fixture's row is an event too). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory())
      return ["node_modules", ".next", ".data", ".git"].includes(d.name) ? [] : sourceFiles(path.join(dir, d.name));
    return /\.(ts|tsx|mts|sql)$/.test(d.name) ? [path.join(dir, d.name)] : [];
  });
}

describe("event catalogue", () => {
  it("every function trigger is the catalogue's own event type", () => {
    const declared = (t: (typeof triggers)[number]): unknown => catalogue.get(nameOf(t.event));
    const foreign = triggers.filter((t) => declared(t) !== t.event);
    expect(foreign.map((t) => `${t.fn}: ${nameOf(t.event)}`)).toEqual([]);
  });

  it("every consumed event is declared", async () => {
    const undeclared = [...(await consumers()).entries()].filter(([name]) => !catalogue.has(name));
    expect(undeclared.map(([name, who]) => `${name} (${who.join(", ")})`)).toEqual([]);
  });

  it("every declared event is acted on, or history-only with its reason, never both", async () => {
    const by = await consumers();
    const problems = [...catalogue.values()].flatMap((e) => {
      const who = by.get(e.name);
      if (!who && !e.historyOnly?.trim()) return [`${e.name}: nothing handles it and it is not marked historyOnly`];
      if (who && e.historyOnly) return [`${e.name}: marked historyOnly but ${who.join(", ")} handles it`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("recordEvent refuses a payload built at run time that the catalogue does not declare, and writes nothing", async () => {
    const built = JSON.parse('{"cancellationId":"not-an-id"}') as EventPayload<"cancellation/confirmed">;
    await expect(recordEvent(db, "cancellation/confirmed", built)).rejects.toThrow(/cancellationId[\s\S]*bookingId/);
    expect(await db.select().from(outbox)).toEqual([]);
  });

  it("SQL that inserts outbox rows takes the event name from eventNames, never a literal", () => {
    const offenders = sourceFiles(root).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const rel = path.relative(root, file);
      const literal = [
        ...text.matchAll(/insert\s+into\s+"?outbox"?\s*\([^)]*\)\s*(?:select|values\s*\()\s*'([^']*)'/gi),
      ];
      const direct = rel === "server/services/events/record-event.ts" ? [] : [...text.matchAll(/\.insert\(outbox\)/g)];
      return [
        ...literal.map((m) => `${rel}: '${m[1]}' (use \${eventNames.…} from server/events/catalogue.ts)`),
        ...direct.map(() => `${rel}: inserts into outbox directly (use recordEvent)`),
      ];
    });
    expect(offenders).toEqual([]);
  });
});
