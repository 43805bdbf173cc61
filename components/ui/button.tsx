import clsx from "clsx";
import type { ComponentProps } from "react";

// Each variant carries its own colours: appending a colour class does not override (stylesheet order decides).
const variants = {
  primary: "border-slate-900 bg-slate-900 text-white hover:bg-slate-700",
  secondary: "border-slate-300 bg-white text-slate-900 hover:border-slate-500",
  danger: "border-rose-700 bg-rose-700 text-white hover:bg-rose-800",
};
const sizes = { sm: "px-2 py-1 text-xs", md: "px-3 py-1.5 text-sm" };

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

export function buttonClass(variant: ButtonVariant = "secondary", size: ButtonSize = "md", className?: string) {
  return clsx(
    "inline-flex items-center justify-center gap-1.5 rounded-md border font-medium",
    "disabled:cursor-not-allowed disabled:opacity-50",
    variants[variant],
    sizes[size],
    className,
  );
}

type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** A call is in flight: disabled (a double click acts once) and announced as busy. */
  pending?: boolean;
};

/** A button that does something on click (type="button" unless told otherwise). */
export function Button({
  variant,
  size,
  className,
  type = "button",
  pending = false,
  disabled,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      {...props}
      disabled={pending || disabled}
      aria-busy={pending || undefined}
      className={buttonClass(variant, size, className)}
    />
  );
}
