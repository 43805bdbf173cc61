import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, keysetPage, pageInput, type PageCursor } from "./page-cursor";

const row = (n: number) => ({ at: `2026-12-0${n} 10:00:00.123456+00`, id: `00000000-0000-4000-8000-00000000000${n}` });
const cursorOf = (r: PageCursor) => r;

describe("page cursors", () => {
  it("round-trip a time with microseconds and an id", () => {
    const c = row(3);
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it("refuse anything else with a readable message", () => {
    const input = z.object(pageInput);
    for (const bad of [
      "x",
      encodeCursor({ at: "yesterday", id: row(1).id }),
      encodeCursor({ at: row(1).at, id: "1" }),
    ]) {
      const r = input.safeParse({ before: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe("Not a page of this list");
    }
    expect(decodeCursor(encodeCursor({ at: "0001-01-01 00:00:00+00", id: row(1).id }))).toBeNull();
  });
});

describe("keysetPage", () => {
  it("first page: no newer link, an older link when one more row was fetched", () => {
    const p = keysetPage([row(5), row(4), row(3)], { limit: 2 }, cursorOf);
    expect(p.rows).toEqual([row(5), row(4)]);
    expect(p.newer).toBeNull();
    expect(decodeCursor(p.older!)).toEqual(row(4));
    expect(keysetPage([row(5), row(4)], { limit: 2 }, cursorOf).older).toBeNull();
  });

  it("an older page links back to newer rows", () => {
    const p = keysetPage([row(3), row(2)], { limit: 2, before: row(4) }, cursorOf);
    expect(decodeCursor(p.newer!)).toEqual(row(3));
    expect(p.older).toBeNull();
  });

  it("paging newer reads oldest first, shows newest first, and links newer only if more were fetched", () => {
    const p = keysetPage([row(3), row(4), row(5)], { limit: 2, after: row(2) }, cursorOf);
    expect(p.rows).toEqual([row(4), row(3)]);
    expect(decodeCursor(p.newer!)).toEqual(row(4));
    expect(decodeCursor(p.older!)).toEqual(row(3));
    expect(keysetPage([row(3)], { limit: 2, after: row(2) }, cursorOf).newer).toBeNull();
  });
});
