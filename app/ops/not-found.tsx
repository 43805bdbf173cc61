import { StatePanel } from "@/components/ui/route-states";

/** A booking, dispute or run that does not exist (or an id mistyped in the address). */
export default function ConsoleNotFound() {
  return (
    <StatePanel title="Not found" back={{ href: "/ops", label: "Back to the dashboard" }}>
      <p>Nothing matches this address. It may have been mistyped, or the record may no longer exist.</p>
    </StatePanel>
  );
}
