import { actionNames, type AvailableActions } from "@/server/domain/available-actions";

/**
 * What support may do on a booking, and what the traveler may do (the same ops acting for them
 * gets), each allowed or refused with the server's own reason (available actions). Read-only: the
 * forms that act sit in their own sections.
 */
export function AvailableActionsPanel({
  ops,
  onBehalf,
}: {
  ops: AvailableActions;
  onBehalf: { of: "traveler" | "guest"; actions: AvailableActions };
}) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <ActionList title="As support" actions={ops} />
      <ActionList
        title={onBehalf.of === "traveler" ? "For the traveler (their account)" : "For the traveler (guest booking)"}
        actions={onBehalf.actions}
      />
    </div>
  );
}

function ActionList({ title, actions }: { title: string; actions: AvailableActions }) {
  const id = title.replace(/\W+/g, "-").toLowerCase();
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <h3 id={id} className="font-medium">
        {title}
      </h3>
      <ul className="mt-2 divide-y divide-slate-100">
        {actionNames.map((name) => {
          const a = actions[name];
          const items = a.items?.filter((i) => i.allowed).length;
          return (
            <li key={name} className="grid grid-cols-[11rem_1fr] gap-2 py-1.5">
              <span className={a.allowed ? "font-medium text-slate-900" : "text-slate-500"}>{a.label}</span>
              <span className={a.allowed ? "text-emerald-700" : "text-slate-600"}>
                {a.allowed
                  ? `Allowed${items !== undefined && a.items!.length > 1 ? ` (${items} of ${a.items!.length} items)` : ""}`
                  : a.reason}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
