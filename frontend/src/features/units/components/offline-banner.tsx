import { useI18n } from "@/lib/i18n";

/** Offline, or saves still waiting on this device: say so, with how many wait. */
export function OfflineBanner({ online, pending }: { online: boolean; pending: number }) {
  const { t } = useI18n();
  if (online && pending === 0) return null;
  return (
    <div className="banner banner-warning offline-banner" role="status" data-testid="offline-banner">
      <p>{online ? t("offline.sending") : t("offline.banner")}</p>
      {pending > 0 && <p data-testid="pending-count">{t("offline.pending", { count: pending })}</p>}
    </div>
  );
}
