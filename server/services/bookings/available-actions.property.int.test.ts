import { opsActor } from "@/server/domain/actor";
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookingItems,
  bookingModifications,
  bookings,
  cancellationRequests,
  documents,
  providers,
  sandboxBookings,
  sandboxProviderSettings,
  users,
} from "@/db/schema";
import {
  availableActions,
  refusalOf,
  type ActionFacts,
  type ActionViewer,
  type AvailableActions,
  type Refusal,
} from "@/server/domain/available-actions";
import { DomainError } from "@/server/domain/errors";
import {
  bookingStatuses,
  cancellationStatuses,
  itemStatuses,
  openCancellationStatuses,
  type BookingStatus,
  type CancellationStatus,
  type ItemStatus,
} from "@/server/domain/statuses";
import type { Viewer } from "@/server/domain/viewer";
import { formatLocal } from "@/server/domain/zones";
import { requestCancellation } from "@/server/services/cancellations/request-cancellation";
import { resendDocuments } from "@/server/services/comms/resend-documents";
import { requestBookingDocuments } from "@/server/services/documents/request-documents";
import {
  requestDateChange,
  requestNameChange,
  requestSpecialRequest,
  updateContact,
} from "@/server/services/modifications/request-modification";
import { respondToScheduleChange } from "@/server/services/provider-events/respond-to-schedule-change";
import { createTestDb } from "@/tests/db";

// For generated bookings, every service that performs an action accepts exactly when available
// actions say it may, and refuses with the same code and the same words. The expectation is
// computed from the generated description, not read back from the database, so a loader that
// read the wrong facts would fail here too.

const db = await createTestDb();
await db
  .insert(providers)
  .values([
    { code: "aa-air", name: "AA Air", category: "flight", webhookSecret: "whsec_aa", rateLimitPerSecond: 10_000 },
    { code: "aa-hotels", name: "AA Hotels", category: "hotel", webhookSecret: "whsec_aa", rateLimitPerSecond: 10_000 },
  ])
  .onConflictDoNothing();
await db
  .insert(sandboxProviderSettings)
  .values([
    { providerCode: "aa-air", latencyMs: 0, jitterMs: 0 },
    { providerCode: "aa-hotels", latencyMs: 0, jitterMs: 0 },
  ])
  .onConflictDoNothing();

// The modification services read the clock themselves: every generated time is days away from it.
const now = new Date();
const DAY = 86_400_000;

type ItemSpec = {
  status: ItemStatus;
  category: "flight" | "hotel";
  started: boolean;
  booked: boolean;
  travelers: number[];
  eligible: boolean;
};
type Spec = {
  status: BookingStatus;
  items: ItemSpec[];
  account: boolean;
  modifiable: boolean;
  deadline: "none" | "past" | "future";
  cancellation: CancellationStatus | null;
  change: "awaiting_payment" | "submitted" | null;
  documents: boolean;
  viewer: "traveler" | "guest" | "ops";
};

const arbItem: fc.Arbitrary<ItemSpec> = fc.record({
  status: fc.constantFrom(...itemStatuses),
  category: fc.constantFrom("flight" as const, "hotel" as const),
  started: fc.boolean(),
  booked: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  travelers: fc.subarray([0, 1]),
  eligible: fc.boolean(),
});
// Weighted towards bookings where most actions are allowed, so both answers are exercised.
const arbSpec: fc.Arbitrary<Spec> = fc.record({
  status: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<BookingStatus>("confirmed", "ticketed", "modified", "partially_cancelled"),
    },
    { weight: 1, arbitrary: fc.constantFrom(...bookingStatuses) },
  ),
  items: fc.array(arbItem, { minLength: 1, maxLength: 3 }),
  account: fc.boolean(),
  modifiable: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  deadline: fc.constantFrom("none" as const, "none" as const, "past" as const, "future" as const),
  cancellation: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...cancellationStatuses) },
  ),
  change: fc.constantFrom(null, null, null, "awaiting_payment" as const, "submitted" as const),
  documents: fc.boolean(),
  viewer: fc.constantFrom("traveler" as const, "guest" as const, "ops" as const),
});

type Inserted = {
  id: string;
  reference: string;
  userId: string | null;
  email: string;
  itemIds: string[];
  facts: ActionFacts;
};

const byTime = (a: { startAt: Date; id: string }, b: { startAt: Date; id: string }) =>
  a.startAt.getTime() - b.startAt.getTime() || (a.id < b.id ? -1 : 1);
const deadlineOf = { none: null, past: new Date(now.getTime() - 2 * DAY), future: new Date(now.getTime() + 5 * DAY) };

/** One booking as the spec describes it, with the facts available actions should see. */
async function insert(spec: Spec): Promise<Inserted> {
  const tag = randomBytes(5).toString("hex").toUpperCase();
  const email = `aa.${tag.toLowerCase()}@example.com`;
  const userId = spec.account
    ? (await db.insert(users).values({ email, name: "Ana Silva" }).returning({ id: users.id }))[0].id
    : null;
  const id = randomUUID();
  const reference = `AA-${tag}`;
  const items = spec.items.map((s, k) => {
    const startAt = new Date(now.getTime() + (s.started ? -3 : 20 + k) * DAY);
    const endAt = new Date(startAt.getTime() + (s.category === "hotel" ? 3 * DAY : 3 * 3_600_000));
    return {
      id: randomUUID(),
      bookingId: id,
      category: s.category,
      providerCode: s.category === "flight" ? "aa-air" : "aa-hotels",
      providerBookingId: s.booked ? `${s.category.toUpperCase()}-${tag}-${k}` : null,
      status: s.status,
      previousStatus: s.status === "schedule_changed" ? ("confirmed" as const) : null,
      itemDetails: { title: `${s.category} ${k}`, nights: 3 },
      priceMinor: 10_000,
      priceCurrency: "EUR",
      chargeShareMinor: 10_000,
      startAt,
      endAt,
      startZone: "UTC",
      endZone: "UTC",
      travelerIndices: s.travelers,
      refundEligible: s.eligible,
    };
  });
  const changeId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(bookings).values({
      id,
      userId,
      bookingReference: reference,
      bookingType: items.length > 1 ? "package" : "single",
      status: spec.status,
      totalMinor: 10_000 * items.length,
      currency: "EUR",
      travelers: [
        { firstName: "Ana", lastName: "Silva", type: "adult" },
        { firstName: "Rui", lastName: "Costa", type: "adult" },
      ],
      contactInfo: { email, name: "Ana Silva" },
      contactEmail: email,
      leadLastName: "Silva",
      isModifiable: spec.modifiable,
      modificationDeadline: deadlineOf[spec.deadline],
      travelStartAt: items[0].startAt,
    });
    await tx.insert(bookingItems).values(items);
    const booked = items.filter((i) => i.providerBookingId);
    if (booked.length)
      await tx.insert(sandboxBookings).values(
        booked.map((i) => ({
          providerCode: i.providerCode,
          providerBookingId: i.providerBookingId!,
          status: "CONFIRMED",
          details: { ...i.itemDetails, startAt: i.startAt.toISOString(), endAt: i.endAt.toISOString() },
          priceMinor: i.priceMinor,
          currency: "EUR",
        })),
      );
    if (spec.cancellation)
      await tx.insert(cancellationRequests).values({
        bookingId: id,
        requestedBy: "system",
        cancellationType: "full",
        status: spec.cancellation,
        quoteExpiresAt: new Date(now.getTime() + 20 * 60_000),
      });
    if (spec.change)
      await tx.insert(bookingModifications).values({
        id: changeId,
        bookingId: id,
        bookingItemId: items[0].id,
        modificationType: "special_request",
        status: spec.change,
        requestDetails: {},
      });
    if (spec.documents)
      await tx
        .insert(documents)
        .values({ bookingId: id, kind: "itinerary", storageKey: `test/${id}.pdf`, sizeBytes: 10 });
  });
  const open = spec.cancellation && (openCancellationStatuses as readonly string[]).includes(spec.cancellation);
  return {
    id,
    reference,
    userId,
    email,
    itemIds: items.map((i) => i.id),
    facts: {
      booking: {
        id,
        status: spec.status,
        userId,
        isModifiable: spec.modifiable,
        modificationDeadline: deadlineOf[spec.deadline],
        travelerCount: 2,
        documentCount: spec.documents ? 1 : 0,
      },
      // In the booking's time order, as the loader reads them (an action's reason names the first item it concerns).
      items: [...items].sort(byTime).map((i) => ({
        id: i.id,
        status: i.status,
        category: i.category,
        startAt: i.startAt,
        providerBookingId: i.providerBookingId,
        travelerIndices: i.travelerIndices,
        refundEligible: i.refundEligible,
      })),
      open: {
        cancellation: open ? spec.cancellation : null,
        changesUnderWay: spec.change ? [{ id: changeId, status: spec.change, itemId: items[0].id }] : [],
      },
    },
  };
}

const portalViewer = (spec: Spec, b: Inserted): Viewer =>
  spec.viewer === "guest"
    ? { kind: "guest", bookingId: b.id }
    : { kind: "traveler", userId: b.userId ?? randomUUID(), email: b.email };
const actionViewer = (spec: Spec, b: Inserted): ActionViewer =>
  spec.viewer === "ops" ? { kind: "ops", userId: "ops@example.com" } : portalViewer(spec, b);
const later = (d: Date, days = 1) => formatLocal(d.getTime() + days * DAY, "UTC").slice(0, 10);

/** One action as its service performs it, with what available actions said about it. */
type Probe = {
  name: string;
  expect: (a: AvailableActions, b: Inserted) => Refusal | null;
  call: (spec: Spec, b: Inserted) => Promise<unknown>;
};
const scope = (spec: Spec, b: Inserted) =>
  spec.viewer === "ops" ? { actor: opsActor("ops@example.com") } : { viewer: portalViewer(spec, b) };
const first = (b: Inserted) => ({ itemId: b.itemIds[0] });

const anyone: Probe[] = [
  {
    name: "cancel everything",
    expect: (a) => refusalOf(a, "cancel"),
    call: (spec, b) => requestCancellation(db, scope(spec, b), { bookingId: b.id, now }),
  },
  {
    name: "cancel the first item",
    expect: (a, b) => refusalOf(a, "cancel", first(b)),
    call: (spec, b) => requestCancellation(db, scope(spec, b), { bookingId: b.id, itemIds: [b.itemIds[0]], now }),
  },
  {
    name: "cancel with fees waived",
    expect: (a) => refusalOf(a, "waive_cancellation_fees"),
    call: (spec, b) => requestCancellation(db, scope(spec, b), { bookingId: b.id, waiveFees: true, now }),
  },
];
const portal: Probe[] = [
  {
    name: "change the lead traveler's name",
    expect: (a) => refusalOf(a, "change_name", { travelerIndex: 0 }),
    call: (spec, b) =>
      requestNameChange(db, portalViewer(spec, b), {
        reference: b.reference,
        travelerIndex: 0,
        firstName: "Ana",
        lastName: "Silvo",
      }),
  },
  {
    name: "move the first item a day later",
    expect: (a, b) => refusalOf(a, "change_dates", first(b)),
    call: (spec, b) => {
      const i = b.facts.items.find((x) => x.id === b.itemIds[0])!;
      return requestDateChange(db, portalViewer(spec, b), {
        reference: b.reference,
        itemId: i.id,
        startDate: later(i.startAt!),
        endDate: later(new Date(i.startAt!.getTime() + (i.category === "hotel" ? 3 * DAY : 0))),
      });
    },
  },
  {
    name: "a special request on the first item",
    expect: (a, b) => refusalOf(a, "special_request", first(b)),
    call: (spec, b) =>
      requestSpecialRequest(db, portalViewer(spec, b), {
        reference: b.reference,
        itemId: b.itemIds[0],
        request: "Late check-in please",
      }),
  },
  {
    name: "update the contact",
    expect: (a) => refusalOf(a, "update_contact"),
    call: (spec, b) =>
      updateContact(db, portalViewer(spec, b), { reference: b.reference, name: "Ana Silva", email: "new@example.com" }),
  },
  {
    name: "accept the first item's schedule change",
    expect: (a, b) => refusalOf(a, "accept_schedule_change", first(b)),
    call: (spec, b) =>
      respondToScheduleChange(db, portalViewer(spec, b), {
        reference: b.reference,
        itemId: b.itemIds[0],
        decision: "accept",
      }),
  },
  {
    name: "reject the first item's schedule change",
    expect: (a, b) => refusalOf(a, "reject_schedule_change", first(b)),
    call: (spec, b) =>
      respondToScheduleChange(db, portalViewer(spec, b), {
        reference: b.reference,
        itemId: b.itemIds[0],
        decision: "reject",
      }),
  },
  {
    name: "e-mail the documents",
    expect: (a) => refusalOf(a, "resend_documents"),
    call: (spec, b) => resendDocuments(db, portalViewer(spec, b), { reference: b.reference, now }),
  },
];
const support: Probe[] = [
  {
    name: "generate documents",
    expect: (a) => refusalOf(a, "generate_documents"),
    call: (_, b) => requestBookingDocuments(db, b.id, opsActor("ops@example.com")),
  },
];

/** Errors a service may still raise after available actions let it through (the provider's answer). */
const afterTheCheck = ["These dates are not available; pick one of the alternatives"];

describe("each service accepts or refuses as available actions say", () => {
  const seen = { allowed: 0, refused: 0 };
  it("for generated bookings, every action and viewer", async () => {
    await fc.assert(
      fc.asyncProperty(arbSpec, async (spec) => {
        const probes = [...anyone, ...(spec.viewer === "ops" ? support : portal)];
        for (const probe of probes) {
          const b = await insert(spec); // a fresh copy each: an accepted action changes the booking
          const said = probe.expect(availableActions({ ...b.facts, viewer: actionViewer(spec, b), now }), b);
          const error = await probe.call(spec, b).then(
            () => null,
            (e: unknown) => e,
          );
          if (said) {
            seen.refused++;
            expect(error, `${probe.name}: refused`).toBeInstanceOf(DomainError);
            expect({
              probe: probe.name,
              code: (error as DomainError).code,
              reason: (error as DomainError).message,
            }).toEqual({ probe: probe.name, code: said.code, reason: said.reason });
          } else {
            seen.allowed++;
            const message = error === null ? null : error instanceof Error ? error.message : String(error);
            expect([probe.name, message], `${probe.name}: accepted`).toSatisfy(
              ([, m]: [string, string | null]) => m === null || afterTheCheck.includes(m),
            );
          }
        }
      }),
      { numRuns: Number(process.env.ACTIONS_RUNS ?? 40), seed: Number(process.env.ACTIONS_SEED ?? 20310301) },
    );
    // Both answers were exercised, many times each.
    expect(seen.allowed).toBeGreaterThan(40);
    expect(seen.refused).toBeGreaterThan(40);
  });
});
