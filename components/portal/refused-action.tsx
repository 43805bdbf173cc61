import { useId } from "react";
import { Button } from "@/components/ui/button";

/**
 * An action the server would refuse, shown disabled with the server's own reason (available
 * actions), so the traveler never fills in a form that cannot succeed and knows why.
 */
export function RefusedAction({ label, reason, className }: { label: string; reason: string; className?: string }) {
  const id = useId();
  return (
    <div className={className}>
      <Button disabled aria-describedby={id}>
        {label}
      </Button>
      <p id={id} className="mt-1 text-xs text-slate-600">
        {reason}
      </p>
    </div>
  );
}
