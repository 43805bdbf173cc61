"use client";
import { useId, useState, type ComponentProps } from "react";
import { controlClass, useFieldControl, type ControlSize } from "./field";
import { minorToText, parseMoneyText } from "./money-text";

type MoneyInputProps = Omit<ComponentProps<"input">, "type" | "size" | "value" | "defaultValue" | "onChange"> & {
  currency: string;
  size?: ControlSize;
  /** Where the field starts, in minor units; to clear it after a submit, remount it with a new key. */
  defaultMinor?: number | null;
  /** Minor units of `currency`, or null when empty or not an amount (then `problem` says why). */
  onValueChange?: (minor: number | null, problem: string | null) => void;
};

/**
 * An amount typed as a decimal and yielded as integer minor units with the currency's exponent
 * (JPY 0, EUR 2, KWD 3): never a float. With a `name`, a hidden input carries the minor units, so
 * a server action receives an integer too.
 */
export function MoneyInput({
  currency,
  size,
  className,
  defaultMinor,
  onValueChange,
  name,
  ...props
}: MoneyInputProps) {
  const [text, setText] = useState(() => (defaultMinor == null ? "" : minorToText(defaultMinor, currency)));
  const parsed = parseMoneyText(text, currency);
  const currencyId = useId();
  const control = useFieldControl(props);
  const describedBy = [control["aria-describedby"], currencyId].filter(Boolean).join(" ");
  return (
    <div className="relative">
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        {...control}
        aria-describedby={describedBy}
        value={text}
        onChange={(e) => {
          const next = parseMoneyText(e.target.value, currency);
          e.target.setCustomValidity(next.kind === "invalid" ? next.message : "");
          setText(e.target.value);
          onValueChange?.(next.kind === "amount" ? next.minor : null, next.kind === "invalid" ? next.message : null);
        }}
        onBlur={(e) => {
          // Shown back in the currency's own digits ("12.5" EUR → "12.50"), so what is sent is what is seen.
          if (parsed.kind === "amount") setText(minorToText(parsed.minor, currency));
          props.onBlur?.(e);
        }}
        className={controlClass(size, `pr-14 tabular-nums ${className ?? ""}`)}
      />
      <span
        id={currencyId}
        className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs font-medium text-slate-500"
      >
        {currency}
      </span>
      {name && <input type="hidden" name={name} value={parsed.kind === "amount" ? parsed.minor : ""} />}
    </div>
  );
}
