"use client";
import type { ComponentProps } from "react";
import { controlClass, useFieldControl, type ControlSize } from "./field";

type InputProps = Omit<ComponentProps<"input">, "size"> & { size?: ControlSize };

/** A text-like input; inside a Field it is labelled and described by it. */
export function Input({ size, className, ...props }: InputProps) {
  return <input {...useFieldControl(props)} className={controlClass(size, className)} />;
}

type TextareaProps = ComponentProps<"textarea"> & { size?: ControlSize };

export function Textarea({ size, className, ...props }: TextareaProps) {
  return <textarea {...useFieldControl(props)} className={controlClass(size, className)} />;
}
