"use client";

/** A checkbox per item, for choosing what to cancel (the traveler's panel and support's). */
export function ItemChecklist({
  items,
  chosen,
  onChange,
}: {
  items: readonly { id: string; title: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return items.map((i) => (
    <label key={i.id} className="mt-1 flex items-center gap-2">
      <input
        type="checkbox"
        checked={chosen.includes(i.id)}
        onChange={(e) => onChange(e.target.checked ? [...chosen, i.id] : chosen.filter((x) => x !== i.id))}
      />
      {i.title}
    </label>
  ));
}
