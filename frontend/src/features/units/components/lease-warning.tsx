import { useEffect, useState } from "react";
import { formatJstTime } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { activeWarnings, useLeaseWarnings } from "../hooks/lease-warnings";

/**
 * The notice of `unit.lease_warning` (10 minutes before a hold ends). `unitId`: only that unit's
 * (the keying page); `heldIds`: only units still held (home); `titles` names them.
 */
export function LeaseWarning({
  unitId,
  heldIds,
  titles,
}: {
  unitId?: number;
  heldIds?: readonly number[];
  titles?: ReadonlyMap<number, string>;
}) {
  const { t, lang } = useI18n();
  const all = useLeaseWarnings();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (all.size === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [all]);
  const shown = activeWarnings(all, now).filter(
    ([id]) => (unitId === undefined || id === unitId) && (heldIds === undefined || heldIds.includes(id)),
  );
  if (shown.length === 0) return null;
  return (
    <div className="banner banner-warning lease-warning" role="alert" data-testid="lease-warning">
      <p>
        <strong>{t("lease.warning")}</strong>
      </p>
      {unitId === undefined && (
        <ul className="plain-list">
          {shown.map(([id, end]) => (
            <li key={id}>
              {t("lease.warningUnit", {
                title: titles?.get(id) ?? `#${id}`,
                time: formatJstTime(end, lang),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
