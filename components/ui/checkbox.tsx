"use client";
import clsx from "clsx";
import { useId, type ComponentProps, type ReactNode } from "react";

type CheckboxProps = Omit<ComponentProps<"input">, "type"> & { label: ReactNode; hint?: ReactNode };

/** A checkbox with its label beside it (the whole line is clickable) and an optional hint. */
export function Checkbox({ label, hint, className, ...props }: CheckboxProps) {
  const hintId = useId();
  return (
    <div className={clsx("text-sm", className)}>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          {...props}
          aria-describedby={hint ? hintId : undefined}
          className="size-4 rounded border-slate-300 accent-slate-900"
        />
        {label}
      </label>
      {hint && (
        <p id={hintId} className="ml-6 text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
