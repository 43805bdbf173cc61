/** Who is looking at portal data: a signed-in traveler, or a guest scoped to one booking. */
export type Viewer = { kind: "traveler"; userId: string; email: string } | { kind: "guest"; bookingId: string };
