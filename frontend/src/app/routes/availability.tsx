import { AvailabilityScreen } from "@/features/availability/components/availability-screen";

export function AvailabilityRoute() {
  return <AvailabilityScreen />;
}
