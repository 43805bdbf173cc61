"use client";
import { ErrorState } from "@/components/ui/error-state";

/** The console's error boundary: its layout (navigation) stays, the page says what failed. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState error={error} retry={retry} back={{ href: "/ops", label: "Back to the dashboard" }} />;
}
