// Confirmation e-mail render time (react-email: HTML + plain text) for a demo booking, as the
// send path renders it (templateFor reads the booking, renderEmail renders both parts).
//   npx tsx bench/email-render.ts [--runs 200]
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { renderEmail } from "@/emails";
import { templateFor } from "@/server/services/comms/message-props";
import { arg, withScratchDb } from "./scratch";

const runs = arg("runs", 200);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

await withScratchDb("email", async (url) => {
  const db = createDb(url, { max: 2 });
  await seedDemo(db, { bookings: 20 });
  const [{ id }] = await db.$sql<
    { id: string }[]
  >`select b.id from bookings b where (select count(*) from booking_items i where i.booking_id = b.id) >= 3 limit 1`;
  const comm = { bookingId: id, type: "confirmation_email", templateId: null, templateData: {} };
  const template = await templateFor(db, comm);
  await renderEmail(template); // first render loads the renderer
  const render: number[] = [],
    total: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await renderEmail(template);
    render.push(performance.now() - t);
    t = performance.now();
    await renderEmail(await templateFor(db, comm));
    total.push(performance.now() - t);
  }
  console.log(
    `confirmation e-mail, ${runs} runs: render (HTML + text) median ${pct(render, 50).toFixed(1)} ms, p95 ${pct(render, 95).toFixed(1)} ms; with the booking read: median ${pct(total, 50).toFixed(1)} ms`,
  );
  await db.$sql.end();
});
