import { useState } from "react";
import { Notice } from "@/components/error-banner";
import { formatJstTime } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useRealtime } from "@/lib/realtime";

/**
 * The `unit.lease_warning` event of /ws/me/ (sent 10 minutes before the lease of this unit
 * ends) as a visible notice on the keying page.
 */
export function LeaseWarning({ unitId }: { unitId: number }) {
  const { t, lang } = useI18n();
  const [leaseEnd, setLeaseEnd] = useState<string | null>(null);
  useRealtime("/ws/me/", (event) => (event.event.startsWith("unit.") ? [["units"]] : []), {
    onEvent: (event) => {
      if (event.event === "unit.lease_warning" && event.unit_id === unitId && typeof event.lease_expires_at === "string") {
        setLeaseEnd(event.lease_expires_at);
      }
    },
  });
  if (!leaseEnd) return null;
  return (
    <div role="alert" data-testid="lease-warning">
      <Notice tone="warning">{t("unit.leaseWarning", { time: formatJstTime(leaseEnd, lang) })}</Notice>
    </div>
  );
}
