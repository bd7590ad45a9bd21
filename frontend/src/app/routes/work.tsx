import { Outlet } from "react-router";
import { MyJobsCard } from "@/features/availability/components/my-jobs-card";
import { TodayCard } from "@/features/availability/components/today-card";
import { TodayWork } from "@/features/units/components/today-work";
import { useMyRealtime } from "@/features/units/hooks/use-my-realtime";
import { useI18n } from "@/lib/i18n";
import { useFlash } from "./flash";

/** Everything under /work listens to /ws/me/ (reviews, lease expiry and warnings, offers). */
export function WorkSection() {
  useMyRealtime();
  return <Outlet />;
}

export function WorkRoute() {
  const { t } = useI18n();
  const flash = useFlash();
  return <TodayWork flash={flash ? t(flash) : null} today={
        <>
          <TodayCard />
          <MyJobsCard />
        </>
      } />;
}
