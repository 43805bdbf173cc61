"use client";
import { ErrorState } from "@/components/ui/error-state";

/** The portal's error boundary: its layout (navigation) stays, the page says what failed. */
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState error={error} retry={retry} back={{ href: "/", label: "Back to my bookings" }} />;
}
