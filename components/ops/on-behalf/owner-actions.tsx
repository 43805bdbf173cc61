import { RefusedAction } from "@/components/portal/refused-action";
import type { ActionState, AvailableActions } from "@/server/domain/available-actions";
import { CancelForTraveler } from "./cancel-for-traveler";
import { DateChangeForTraveler, NameChangeForTraveler, SpecialRequestForTraveler } from "./change-forms";
import { ScheduleAnswerForTraveler } from "./schedule-answer-for-traveler";
import type { ActItem, ActTraveler } from "./types";

/**
 * The owner's available actions, as support acting for them gets them (no more, no less): each
 * allowed one with its form, each refused one with the server's own reason.
 */
export function OwnerActions({
  reference,
  actions,
  items,
  travelers,
}: {
  reference: string;
  actions: AvailableActions;
  items: ActItem[];
  travelers: ActTraveler[];
}) {
  const allowedItems = (a: ActionState) => items.filter((i) => a.items?.some((v) => v.itemId === i.id && v.allowed));
  const waiting = items.filter((i) =>
    actions.accept_schedule_change.items?.some((v) => v.itemId === i.id && v.allowed),
  );
  const verdict = (a: ActionState, itemId: string) =>
    a.items?.find((v) => v.itemId === itemId) ?? (a.allowed ? { allowed: true as const } : a);
  return (
    <div className="space-y-4">
      <Act title={actions.cancel.label} state={actions.cancel}>
        <CancelForTraveler reference={reference} items={allowedItems(actions.cancel)} />
      </Act>
      <Act title={actions.change_name.label} state={actions.change_name}>
        <NameChangeForTraveler
          reference={reference}
          travelers={travelers.filter((t) => actions.change_name.travelerIndices?.includes(t.index) ?? true)}
        />
      </Act>
      <Act title={actions.change_dates.label} state={actions.change_dates}>
        <DateChangeForTraveler reference={reference} items={allowedItems(actions.change_dates)} />
      </Act>
      <Act title={actions.special_request.label} state={actions.special_request}>
        <SpecialRequestForTraveler reference={reference} items={allowedItems(actions.special_request)} />
      </Act>
      <Act title="Answer a schedule change" state={actions.accept_schedule_change}>
        {waiting.map((i) => (
          <ScheduleAnswerForTraveler
            key={i.id}
            reference={reference}
            itemId={i.id}
            title={i.title}
            accept={verdict(actions.accept_schedule_change, i.id)}
            reject={verdict(actions.reject_schedule_change, i.id)}
          />
        ))}
      </Act>
    </div>
  );
}

function Act({ title, state, children }: { title: string; state: ActionState; children: React.ReactNode }) {
  const id = `act-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-3">
      <h3 id={id} className="mb-2 text-sm font-medium">
        {title}
      </h3>
      {state.allowed ? children : <RefusedAction label={title} reason={state.reason} />}
    </section>
  );
}
