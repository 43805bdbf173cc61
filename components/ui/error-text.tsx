import clsx from "clsx";
import { errorMessage } from "./error-message";

/**
 * A failed call, said readably (field errors by name, never a stack); announced as an alert.
 * Renders nothing without an error, so it can sit in a form unconditionally. Inline, it takes the
 * surrounding text size.
 */
export function ErrorText({
  error,
  inline = false,
  className,
}: {
  error: unknown;
  inline?: boolean;
  className?: string;
}) {
  if (error == null || error === "") return null;
  const Tag = inline ? "span" : "p";
  return (
    <Tag role="alert" className={clsx("text-rose-700", !inline && "text-sm", className)}>
      {errorMessage(error)}
    </Tag>
  );
}
