"use client";
import clsx from "clsx";
import { createContext, useContext, useId, type ReactNode } from "react";

type FieldControl = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };
const FieldContext = createContext<FieldControl | null>(null);

/**
 * A label, one control, a hint and an error, wired together: the control (Input, Select, DateInput,
 * MoneyInput, Textarea) takes its id, aria-describedby and aria-invalid from here.
 */
export function Field({
  label,
  hint,
  error,
  hideLabel = false,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** Visually hidden but still the control's accessible name (compact rows in a table). */
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control: FieldControl = { id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined };
  return (
    <div className={clsx("grid content-start gap-1 text-sm", className)}>
      <label htmlFor={id} className={clsx("font-medium text-slate-700", hideLabel && "sr-only")}>
        {label}
      </label>
      <FieldContext value={control}>{children}</FieldContext>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** The Field's wiring, under whatever the control was given itself (its own id or description wins). */
export function useFieldControl<P extends { id?: string; "aria-describedby"?: string; "aria-invalid"?: unknown }>(
  props: P,
): P {
  const field = useContext(FieldContext);
  if (!field) return props;
  return {
    ...props,
    id: props.id ?? field.id,
    "aria-describedby": [field["aria-describedby"], props["aria-describedby"]].filter(Boolean).join(" ") || undefined,
    "aria-invalid": props["aria-invalid"] ?? field["aria-invalid"],
  };
}

const sizes = {
  md: "px-3 py-2 text-sm",
  sm: "px-2 py-1 text-xs",
};
export type ControlSize = keyof typeof sizes;

/** The look every text-like control shares; invalid controls get a red border. */
export function controlClass(size: ControlSize = "md", className?: string) {
  return clsx(
    "block w-full rounded-md border border-slate-300 bg-white text-slate-900 shadow-sm placeholder:text-slate-400",
    "aria-[invalid=true]:border-rose-500 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:opacity-70",
    sizes[size],
    className,
  );
}
