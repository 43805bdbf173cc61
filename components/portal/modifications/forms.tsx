"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { money } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc/react";
import type { ChangeItem, ChangeTraveler } from "./changes-panel";

const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
const primary = "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50";

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm text-slate-700">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

function Box({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={title} className="mt-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
      {children}
    </div>
  );
}

/** The error of a mutation, with the field a 4xx named when there is one. */
function Problem({
  error,
}: {
  error: {
    message: string;
    data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
  } | null;
}) {
  if (!error) return null;
  const fields = Object.entries(error.data?.zodError?.fieldErrors ?? {}).filter(([, v]) => v?.length);
  return (
    <p role="alert" className="mt-2 text-sm text-rose-700">
      {fields.length ? fields.map(([k, v]) => `${k}: ${v![0]}`).join("; ") : error.message}
    </p>
  );
}

export function NameForm({
  reference,
  travelers,
  onDone,
}: {
  reference: string;
  travelers: ChangeTraveler[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [index, setIndex] = useState(travelers[0]?.index ?? 0);
  const t = travelers.find((x) => x.index === index);
  const [first, setFirst] = useState(t?.firstName ?? ""),
    [last, setLast] = useState(t?.lastName ?? "");
  const m = useMutation(trpc.portal.modifications.nameChange.mutationOptions({ onSuccess: onDone }));
  return (
    <Box title="Change name">
      <form
        className="grid gap-2 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ reference, travelerIndex: index, firstName: first, lastName: last });
        }}
      >
        <Field label="Traveler">
          {(id) => (
            <select
              id={id}
              className={input}
              value={index}
              onChange={(e) => {
                const i = Number(e.target.value);
                setIndex(i);
                const x = travelers.find((y) => y.index === i);
                setFirst(x?.firstName ?? "");
                setLast(x?.lastName ?? "");
              }}
            >
              {travelers.map((x) => (
                <option key={x.index} value={x.index}>
                  {x.firstName} {x.lastName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="First name">
          {(id) => (
            <input
              id={id}
              className={input}
              value={first}
              onChange={(e) => setFirst(e.target.value)}
              required
              maxLength={60}
            />
          )}
        </Field>
        <Field label="Last name">
          {(id) => (
            <input
              id={id}
              className={input}
              value={last}
              onChange={(e) => setLast(e.target.value)}
              required
              maxLength={60}
            />
          )}
        </Field>
        <div className="sm:col-span-3">
          <button className={primary} disabled={m.isPending}>
            See the fee
          </button>
          <p className="mt-1 text-xs text-slate-500">
            The fee is shown before anything is charged. Airlines correct names but do not transfer tickets to another
            person.
          </p>
        </div>
      </form>
      <Problem error={m.error} />
    </Box>
  );
}

export function DatesForm({
  reference,
  items,
  onDone,
}: {
  reference: string;
  items: ChangeItem[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [itemId, setItemId] = useState(items[0]?.id ?? "");
  const item = items.find((i) => i.id === itemId);
  const [start, setStart] = useState(item?.startDate ?? ""),
    [end, setEnd] = useState(item?.endDate ?? "");
  const [asked, setAsked] = useState<{ startDate: string; endDate: string } | null>(null);
  const options = useQuery({
    ...trpc.portal.modifications.dateOptions.queryOptions({
      reference,
      itemId,
      ...(asked ?? { startDate: "", endDate: "" }),
    }),
    enabled: !!asked,
    retry: false,
  });
  const hold = useMutation(trpc.portal.modifications.dateChange.mutationOptions({ onSuccess: onDone }));
  return (
    <Box title="Change dates">
      <form
        className="grid gap-2 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ startDate: start, endDate: end });
        }}
      >
        <Field label="Item">
          {(id) => (
            <select
              id={id}
              className={input}
              value={itemId}
              onChange={(e) => {
                const x = items.find((i) => i.id === e.target.value);
                setItemId(e.target.value);
                setStart(x?.startDate ?? "");
                setEnd(x?.endDate ?? "");
                setAsked(null);
              }}
            >
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="New start date">
          {(id) => (
            <input
              id={id}
              type="date"
              className={input}
              value={start}
              onChange={(e) => setStart(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="New end date">
          {(id) => (
            <input
              id={id}
              type="date"
              className={input}
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              required
            />
          )}
        </Field>
        <div className="self-end">
          <button className={primary} disabled={options.isFetching}>
            See prices
          </button>
        </div>
      </form>
      <Problem error={options.error as never} />
      {options.data && !options.data.allowed && <p className="mt-2 text-sm text-rose-700">{options.data.reason}</p>}
      {options.data?.allowed && (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Dates and prices</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th>Dates</th>
              <th>Price difference</th>
              <th>Change fee</th>
              <th>Total</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {options.data.options.map((o) => (
              <tr key={o.startDate} className={o.requested ? "font-medium" : ""}>
                <td>
                  {o.startDate} → {o.endDate}
                  {o.requested ? " (asked)" : ""}
                </td>
                <td>
                  {o.differenceMinor >= 0 ? "+" : "−"}
                  {money(Math.abs(o.differenceMinor), o.currency)}
                </td>
                <td>{money(o.feeMinor, o.currency)}</td>
                <td>
                  {o.refundMinor > 0 ? `${money(o.refundMinor, o.currency)} back` : money(o.chargeMinor, o.currency)}
                </td>
                <td>
                  {o.available ? (
                    <button
                      type="button"
                      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs"
                      disabled={hold.isPending}
                      onClick={() => hold.mutate({ reference, itemId, startDate: o.startDate, endDate: o.endDate })}
                    >
                      Choose
                    </button>
                  ) : (
                    <span className="text-xs text-slate-500">Not available</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Problem error={hold.error} />
    </Box>
  );
}

export function ContactForm({
  reference,
  contact,
  onDone,
}: {
  reference: string;
  contact: { name: string; email: string; phone?: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [v, setV] = useState({ name: contact.name, email: contact.email, phone: contact.phone ?? "" });
  const m = useMutation(trpc.portal.modifications.updateContact.mutationOptions({ onSuccess: onDone }));
  return (
    <Box title="Update contact">
      <form
        className="grid gap-2 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ reference, ...v });
        }}
      >
        <Field label="Name">
          {(id) => (
            <input
              id={id}
              className={input}
              value={v.name}
              onChange={(e) => setV({ ...v, name: e.target.value })}
              required
            />
          )}
        </Field>
        <Field label="E-mail">
          {(id) => (
            <input
              id={id}
              type="email"
              className={input}
              value={v.email}
              onChange={(e) => setV({ ...v, email: e.target.value })}
              required
            />
          )}
        </Field>
        <Field label="Phone (optional)">
          {(id) => (
            <input
              id={id}
              type="tel"
              className={input}
              value={v.phone}
              placeholder="+447700900123"
              onChange={(e) => setV({ ...v, phone: e.target.value })}
            />
          )}
        </Field>
        <div className="sm:col-span-3">
          <button className={primary} disabled={m.isPending}>
            Save contact
          </button>
        </div>
      </form>
      <Problem error={m.error} />
    </Box>
  );
}

export function SpecialRequestForm({
  reference,
  items,
  onDone,
}: {
  reference: string;
  items: ChangeItem[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [itemId, setItemId] = useState(items[0]?.id ?? "");
  const [text, setText] = useState("");
  const m = useMutation(trpc.portal.modifications.specialRequest.mutationOptions({ onSuccess: onDone }));
  return (
    <Box title="Special request">
      <form
        className="grid gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ reference, itemId, request: text });
        }}
      >
        <Field label="For">
          {(id) => (
            <select id={id} className={input} value={itemId} onChange={(e) => setItemId(e.target.value)}>
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Request">
          {(id) => (
            <textarea
              id={id}
              className={input}
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              minLength={3}
              maxLength={500}
            />
          )}
        </Field>
        <div>
          <button className={primary} disabled={m.isPending}>
            Prepare request
          </button>
          <p className="mt-1 text-xs text-slate-500">The provider confirms or declines it; requests are free.</p>
        </div>
      </form>
      <Problem error={m.error} />
    </Box>
  );
}
