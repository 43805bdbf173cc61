import { LoadingState } from "@/components/ui/route-states";

export default function ConsoleLoading() {
  return <LoadingState />;
}
