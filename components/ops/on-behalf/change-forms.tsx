"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { money } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc/react";
import type { ActItem, ActTraveler } from "./types";

// Changes support asks for on the traveler's behalf. Each becomes the traveler's own quoted change,
// which the traveler confirms in the portal (a fee is charged to their card); they are told by e-mail.

const box = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5";

function Form({ title, onSubmit, children }: { title: string; onSubmit: () => void; children: ReactNode }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form role="region" aria-label={title} onSubmit={submit} className="grid gap-2 text-sm sm:grid-cols-3">
      {children}
    </form>
  );
}

function Asked({
  m,
}: {
  m: { status: string; totalCostMinor: number; currency: string | null; message: string | null };
}) {
  return (
    <p role="status" className="text-sm text-emerald-800 sm:col-span-3">
      {m.status === "rejected"
        ? `Refused by the provider: ${m.message ?? "not allowed"}.`
        : `Asked${m.totalCostMinor ? ` (${money(m.totalCostMinor, m.currency ?? "EUR")})` : ""}; the traveler confirms it in the portal and has been told.`}
    </p>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <label>
      <span className="text-slate-700">{label}</span>
      <select className={box} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Text({
  label,
  value,
  onChange,
  type = "text",
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
}) {
  return (
    <label>
      <span className="text-slate-700">{label}</span>
      <input type={type} className={box} value={value} onChange={(e) => onChange(e.target.value)} required />
    </label>
  );
}

export function NameChangeForTraveler({ reference, travelers }: { reference: string; travelers: ActTraveler[] }) {
  const trpc = useTRPC();
  const [index, setIndex] = useState(String(travelers[0]?.index ?? 0));
  const [first, setFirst] = useState(""),
    [last, setLast] = useState("");
  const m = useMutation(trpc.ops.onBehalf.nameChange.mutationOptions());
  return (
    <Form
      title="Change a name"
      onSubmit={() => m.mutate({ reference, travelerIndex: Number(index), firstName: first, lastName: last })}
    >
      <Select
        label="Traveler"
        value={index}
        onChange={setIndex}
        options={travelers.map((t) => ({ value: String(t.index), label: `${t.firstName} ${t.lastName}` }))}
      />
      <Text label="New first name" value={first} onChange={setFirst} />
      <Text label="New last name" value={last} onChange={setLast} />
      <Button type="submit" pending={m.isPending} className="sm:col-span-3 sm:justify-self-start">
        Ask for the name change
      </Button>
      {m.data && <Asked m={m.data} />}
      <ErrorText error={m.error} className="sm:col-span-3" />
    </Form>
  );
}

export function DateChangeForTraveler({ reference, items }: { reference: string; items: ActItem[] }) {
  const trpc = useTRPC();
  const [itemId, setItemId] = useState(items[0]?.id ?? "");
  const [start, setStart] = useState(""),
    [end, setEnd] = useState("");
  const m = useMutation(trpc.ops.onBehalf.dateChange.mutationOptions());
  return (
    <Form title="Change dates" onSubmit={() => m.mutate({ reference, itemId, startDate: start, endDate: end })}>
      <Select
        label="Item"
        value={itemId}
        onChange={setItemId}
        options={items.map((i) => ({ value: i.id, label: i.title }))}
      />
      <Text label="New start date" type="date" value={start} onChange={setStart} />
      <Text label="New end date" type="date" value={end} onChange={setEnd} />
      <Button type="submit" pending={m.isPending} className="sm:col-span-3 sm:justify-self-start">
        Ask for the new dates
      </Button>
      {m.data && <Asked m={m.data} />}
      <ErrorText error={m.error} className="sm:col-span-3" />
    </Form>
  );
}

export function SpecialRequestForTraveler({ reference, items }: { reference: string; items: ActItem[] }) {
  const trpc = useTRPC();
  const [itemId, setItemId] = useState(items[0]?.id ?? "");
  const [text, setText] = useState("");
  const m = useMutation(trpc.ops.onBehalf.specialRequest.mutationOptions());
  return (
    <Form title="Special request" onSubmit={() => m.mutate({ reference, itemId, request: text })}>
      <Select
        label="Item"
        value={itemId}
        onChange={setItemId}
        options={items.map((i) => ({ value: i.id, label: i.title }))}
      />
      <label className="sm:col-span-2">
        <span className="text-slate-700">Request</span>
        <textarea
          className={box}
          value={text}
          minLength={3}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </label>
      <Button type="submit" pending={m.isPending} className="sm:col-span-3 sm:justify-self-start">
        Send the request
      </Button>
      {m.data && <Asked m={m.data} />}
      <ErrorText error={m.error} className="sm:col-span-3" />
    </Form>
  );
}
