import { StatePanel } from "@/components/ui/route-states";

/** Any address no route matches (and the console for someone without the ops role). */
export default function NotFound() {
  return (
    <main className="px-4">
      <StatePanel title="Page not found" back={{ href: "/", label: "Go to the home page" }}>
        <p>Nothing matches this address. It may have been mistyped, or the page may have moved.</p>
      </StatePanel>
    </main>
  );
}
