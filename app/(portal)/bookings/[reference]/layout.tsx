import type { ReactNode } from "react";
import { viewableBooking } from "./viewable-booking";

// loading.tsx starts streaming, which fixes the status at 200. Deciding access here, outside that
// boundary, keeps a booking that is not yours a real 404 (and signed out a real redirect).
export default async function BookingLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ reference: string }>;
}) {
  await viewableBooking((await params).reference);
  return children;
}
