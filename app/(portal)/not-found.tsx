import { StatePanel } from "@/components/ui/route-states";

/** Also what a booking someone else owns looks like: not found, never "forbidden" (it must not reveal it exists). */
export default function PortalNotFound() {
  return (
    <StatePanel title="Page not found" back={{ href: "/", label: "Back to my bookings" }}>
      <p>We could not find this page or booking. Check the link, or look the booking up by its reference.</p>
    </StatePanel>
  );
}
