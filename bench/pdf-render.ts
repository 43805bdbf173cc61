// Itinerary PDF render time for a four-item booking whose lead traveler has a CJK name (the 10 MB
// Noto Sans SC joins the font stack), beside the same booking with Latin names only (no CJK font).
//   npx tsx bench/pdf-render.ts [--runs 50]
// DATABASE_URL (an admin URL) or the embedded database: the booking is written to a scratch database
// and read back through the service's own snapshot loader. Target: median < 200 ms.
import { createDb } from "@/db/client";
import { renderDocument } from "@/server/documents/render";
import { itinerary } from "@/server/documents/views";
import { loadBookingSnapshot } from "@/server/services/documents/load-booking-snapshot";
import { insertTestBooking } from "@/tests/fixtures/documents";
import { arg, withScratchDb } from "./scratch";

const runs = arg("runs", 50);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const time = async <T>(f: () => Promise<T>) => {
  const t = performance.now();
  const r = await f();
  return { ms: performance.now() - t, r };
};

await withScratchDb("pdf", async (url) => {
  const db = createDb(url, { max: 2 });
  try {
    const cjk = await insertTestBooking(db, {
      travelers: [
        { firstName: "小明", lastName: "王", type: "adult" },
        { firstName: "美咲", lastName: "鈴木", type: "adult" },
        { firstName: "Lucía", lastName: "García", type: "adult" },
        { firstName: "Ola", lastName: "Nordmann", type: "child" },
      ],
    });
    const latin = await insertTestBooking(db, {
      travelers: [
        { firstName: "Wei", lastName: "Wang", type: "adult" },
        { firstName: "Misaki", lastName: "Suzuki", type: "adult" },
        { firstName: "Lucía", lastName: "García", type: "adult" },
        { firstName: "Ola", lastName: "Nordmann", type: "child" },
      ],
    });
    const views = {
      cjk: itinerary((await loadBookingSnapshot(db, cjk.bookingId))!),
      latin: itinerary((await loadBookingSnapshot(db, latin.bookingId))!),
    };

    // First renders in a fresh process: font files are read and parsed once (Noto Sans SC is 10 MB).
    const coldLatin = await time(() => renderDocument(views.latin));
    const coldCjk = await time(() => renderDocument(views.cjk));
    const measure = async (v: typeof views.cjk) => {
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t = await time(() => renderDocument(v));
        ms.push(t.ms);
        bytes = t.r.byteLength;
      }
      return { p50: pct(ms, 50), p95: pct(ms, 95), bytes };
    };
    const c = await measure(views.cjk);
    const l = await measure(views.latin);
    const f = (n: number) => n.toFixed(1);
    console.log(
      `itinerary, ${views.cjk.items.length} items, ${views.cjk.travelers.length} travelers, ${runs} runs each (after the first render)`,
    );
    console.log(
      `  CJK lead traveler:  median ${f(c.p50)} ms, p95 ${f(c.p95)} ms, ${(c.bytes / 1024).toFixed(1)} KB   (first render ${f(coldCjk.ms)} ms, loads Noto Sans SC)`,
    );
    console.log(
      `  Latin names only:   median ${f(l.p50)} ms, p95 ${f(l.p95)} ms, ${(l.bytes / 1024).toFixed(1)} KB   (first render ${f(coldLatin.ms)} ms)`,
    );
    console.log(`  target: median < 200 ms → ${c.p50 < 200 ? "met" : "not met"}`);
  } finally {
    await db.$sql.end({ timeout: 5 });
  }
});
