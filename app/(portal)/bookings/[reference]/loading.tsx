import { LoadingState } from "@/components/ui/route-states";

export default function BookingLoading() {
  return <LoadingState />;
}
