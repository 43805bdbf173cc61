"use client";
import type { ComponentProps } from "react";
import { controlClass, useFieldControl, type ControlSize } from "./field";

type SelectProps = Omit<ComponentProps<"select">, "size"> & {
  size?: ControlSize;
  options: readonly { value: string; label: string }[];
  /** A first, empty choice ("Any status"); without it the first option is preselected. */
  placeholder?: string;
};

/**
 * The platform's select: keyboard, screen readers and mobile pickers work without a line of script,
 * and it weighs nothing in the portal's bundle (a custom listbox would add Radix and its popper).
 */
export function Select({ size, className, options, placeholder, ...props }: SelectProps) {
  return (
    <select {...useFieldControl(props)} className={controlClass(size, className)}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
