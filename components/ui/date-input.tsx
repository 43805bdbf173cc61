"use client";
import type { ChangeEvent, ComponentProps } from "react";
import { isCalendarDate } from "@/server/domain/input";
import { controlClass, useFieldControl, type ControlSize } from "./field";

type DateInputProps = Omit<ComponentProps<"input">, "type" | "size"> & {
  size?: ControlSize;
  /** The date as YYYY-MM-DD, or null while what is typed is not a day on the calendar. */
  onValueChange?: (value: string | null) => void;
};

/**
 * A calendar date (YYYY-MM-DD). The browser's date control refuses 31 April as it is typed; where
 * it falls back to a text box the same check runs here, and the form will not submit. The server
 * parses the date again and stays the judge.
 */
export function DateInput({ size, className, onChange, onValueChange, ...props }: DateInputProps) {
  function change(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const ok = input.value === "" ? !input.validity.badInput : isCalendarDate(input.value);
    input.setCustomValidity(ok ? "" : "Enter a real date (year-month-day)");
    onChange?.(e);
    onValueChange?.(ok && input.value !== "" ? input.value : null);
  }
  return <input type="date" {...useFieldControl(props)} onChange={change} className={controlClass(size, className)} />;
}
