import { and, eq } from "drizzle-orm";
import type { Session } from "next-auth";
import { z } from "zod";
import type { Db } from "@/db/client";
import { bookingItems, bookings } from "@/db/schema";
import { describeIssues } from "@/server/domain/input";
import { buildBoardingPass } from "@/server/documents/wallet/boarding-pass";
import { flightForPass } from "@/server/documents/wallet/flight-passes";
import { walletSigner } from "@/server/documents/wallet/signer";
import { documentViewerOf, visibleTo } from "./document-access";

const text = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });

const index = (what: string) =>
  z
    .string()
    .regex(/^\d{1,3}$/, `must be the ${what}'s number, counted from 0`)
    .transform(Number);
const passParams = z.object({ segment: index("segment"), traveler: index("traveler") });

const noPass = {
  not_flight: "No wallet pass: this item is not a flight.",
  not_held: "No wallet pass: this flight is not held (pending, cancelled or over).",
  no_segments: "No wallet pass: this flight's segments could not be read.",
} as const;

export type WalletPassParams = { itemId: string; segment: string; traveler: string };

/**
 * The response for `GET /api/wallet/[itemId]/[segment]/[traveler]`: a signed .pkpass for one
 * segment and one traveler of a flight. Who may download it is the document route's rule
 * (`visibleTo`): anyone else, an anonymous caller and an unknown or malformed item get the same
 * 404. Indexes that are not numbers get 400, ones past the flight's segments or the booking's
 * travelers 404, each naming the field.
 */
export async function serveWalletPass(
  db: Db,
  session: Session | null,
  params: WalletPassParams,
  devCertificateDir?: string,
): Promise<Response> {
  const parsed = passParams.safeParse(params);
  if (!parsed.success) return text(400, describeIssues(parsed.error));
  const { segment, traveler } = parsed.data;
  const viewer = documentViewerOf(session);
  if (!viewer || !z.uuid().safeParse(params.itemId).success) return text(404, "Not found");

  const [row] = await db
    .select({
      id: bookingItems.id,
      category: bookingItems.category,
      status: bookingItems.status,
      itemDetails: bookingItems.itemDetails,
      confirmation: bookingItems.providerConfirmationNumber,
      reference: bookings.bookingReference,
      travelers: bookings.travelers,
    })
    .from(bookingItems)
    .innerJoin(bookings, eq(bookings.id, bookingItems.bookingId))
    .where(and(eq(bookingItems.id, params.itemId), visibleTo(viewer)))
    .limit(1);
  if (!row) return text(404, "Not found");

  const f = flightForPass(row);
  if (!f.ok) return text(404, noPass[f.reason]);
  const segments = f.flight.segments.length;
  if (segment >= segments) return text(404, `segment: this flight has ${segments} segment(s), 0 to ${segments - 1}`);
  if (traveler >= row.travelers.length)
    return text(
      404,
      `traveler: this booking has ${row.travelers.length} traveler(s), 0 to ${row.travelers.length - 1}`,
    );

  const pass = buildBoardingPass(
    {
      itemId: row.id,
      reference: row.reference,
      pnr: f.flight.pnr ?? row.confirmation ?? "",
      flight: f.flight,
      segmentIndex: segment,
      traveler: row.travelers[traveler],
      travelerIndex: traveler,
    },
    walletSigner(devCertificateDir),
  );
  return new Response(new Uint8Array(pass.buffer), {
    headers: {
      "content-type": "application/vnd.apple.pkpass",
      "content-length": String(pass.buffer.byteLength),
      "content-disposition": `attachment; filename="${pass.fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      // Lets the portal and tests tell a development pass without opening it.
      "x-wallet-pass-development": pass.development ? "1" : "0",
    },
  });
}
