"use client";
import { useFormStatus } from "react-dom";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "./button";

type SubmitButtonProps = Omit<ComponentProps<typeof Button>, "type"> & {
  /** Shown while pending ("Sending…"); the button is disabled then, so a double click submits once. */
  pendingLabel?: ReactNode;
};

/**
 * Submits its form. Pending is the mutation's isPending when given, else the enclosing
 * <form action>'s status (useFormStatus).
 */
export function SubmitButton({ variant = "primary", pending, pendingLabel, children, ...props }: SubmitButtonProps) {
  const status = useFormStatus();
  const busy = pending ?? status.pending;
  return (
    <Button type="submit" variant={variant} pending={busy} {...props}>
      {busy && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
