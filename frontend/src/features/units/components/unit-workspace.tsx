import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { UnitDetail, UnitItem } from "@/api/types";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { ProgressBar } from "@/components/progress-bar";
import { UnitStatusBadge } from "@/components/status-badge";
import { paths } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { isOnline, useOnline } from "@/lib/online";
import { describeError, fieldErrorShort } from "@/lib/errors";
import { LeaseLeft } from "./lease-left";
import { LeaseWarning } from "./lease-warning";
import { UnitInterruptions } from "./unit-interruptions";
import { useI18n } from "@/lib/i18n";
import { useUnit } from "../api/get-unit";
import { useReleaseUnit } from "../api/release-unit";
import { dropUnitSaves, flushOutbox, keepSave, outboxRecords } from "../api/outbox";
import { saveEntry as sendEntry, useSaveEntry } from "../api/save-entry";
import { forgetUnit } from "../api/unit-cache";
import { invalidItemsFrom, useSubmitUnit } from "../api/submit-unit";
import { useHeartbeat } from "../hooks/use-heartbeat";
import { useItemDrafts, writeTypingDraft, type Conflict, type SaveFn, type SaveState } from "../hooks/use-item-drafts";
import { useKeptSaves, useOutboxCount } from "../hooks/use-outbox";
import type { PendingItem } from "../utils/outbox";
import { OfflineBanner } from "./offline-banner";
import { EntryField } from "./entry-field";
import { ReviewFeedback } from "./unit-card";
import { watchActiveTime } from "@/lib/active-time";

export function UnitWorkspace({ unitId }: { unitId: number }) {
  const unit = useUnit(unitId);
  const kept = useKeptSaves(unitId);
  if (unit.isPending || kept === null) return <Loading />;
  if (unit.isError) return <ErrorBanner error={unit.error} onRetry={() => void unit.refetch()} />;
  return <Workspace unit={unit.data} kept={kept} />;
}

/** Saves wait in the outbox whenever the device is offline or others wait before them (order). */
const RETRY_MS = 15_000;

function Workspace({ unit, kept }: { unit: UnitDetail; kept: Record<number, PendingItem> }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const items = unit.items;
  const total = items.length;
  const index = Math.min(Math.max(Number(params.get("item") ?? "1") - 1 || 0, 0), Math.max(total - 1, 0));
  const item: UnitItem | undefined = items[index];

  const editable = unit.status === "reserved";
  const heartbeat = useHeartbeat(unit.id, editable);
  const save = useSaveEntry(unit.id);
  const submit = useSubmitUnit(unit.id);
  const release = useReleaseUnit(unit.id);
  const saveEntry = save.mutateAsync;
  const online = useOnline();
  const waiting = useOutboxCount(unit.id);
  const waitingRef = useRef(waiting);
  useEffect(() => {
    waitingRef.current = waiting;
  });
  const saveFn = useCallback<SaveFn>(
    async (itemId, values, { keepalive, baseVersion }) => {
      const keep = async () => {
        const ok = await keepSave({ unitId: unit.id, itemId, values, baseVersion, at: Date.now() });
        if (!ok) throw new Error("outbox unavailable");
        return null;
      };
      // Behind saves already waiting (in order), or with no connection: keep it on the device.
      // Read from IndexedDB, not from the rendered count, so a save kept a moment ago counts; but
      // a keepalive save (the page is going away) must leave at once: the rendered count then.
      const behind = keepalive ? waitingRef.current > 0 : (await outboxRecords()).length > 0;
      if (!isOnline() || behind) return keep();
      try {
        return await saveEntry({ itemId, values, baseVersion, keepalive });
      } catch (error) {
        if (isApiError(error, "network_error")) return keep();
        throw error;
      }
    },
    [saveEntry, unit.id],
  );
  const drafts = useItemDrafts(unit.id, unit.field_schema, saveFn, kept);
  const [confirmRelease, setConfirmRelease] = useState(false);
  const [dropped, setDropped] = useState<unknown>(null);

  // Send what waits on the device: on open, when the connection returns, and every RETRY_MS
  // while something waits (a server that was down answers again without an "online" event).
  const { outboxSaved, outboxConflict } = drafts;
  const flush = useCallback(() => {
    if (!isOnline()) return Promise.resolve("stopped" as const);
    const byId = (id: number) => items.find((it) => it.id === id);
    return flushOutbox({
      send: (r) => sendEntry(r.unitId, { itemId: r.itemId, values: r.values, baseVersion: r.baseVersion }),
      onSaved: (r, result) => {
        const it = r.unitId === unit.id ? byId(r.itemId) : undefined;
        if (it) outboxSaved(it, r.values, result);
      },
      onConflict: (r, error, typed) => {
        const it = r.unitId === unit.id ? byId(r.itemId) : undefined;
        if (it) outboxConflict(it, error, typed);
      },
      onDropped: (r, error) => {
        if (r.unitId === unit.id) setDropped(error);
      },
    });
  }, [items, unit.id, outboxSaved, outboxConflict]);
  useEffect(() => {
    if (!editable) return;
    void flush();
    const onOnline = () => void flush();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [editable, flush]);
  useEffect(() => {
    if (!editable || waiting === 0) return;
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(timer);
  }, [editable, waiting, flush]);

  const lost =
    heartbeat.lost ||
    isApiError(drafts.status.error, "unit_not_reserved_by_you") ||
    isApiError(dropped, "unit_not_reserved_by_you") ||
    isApiError(submit.error, "unit_not_reserved_by_you");
  const leaseEnd = heartbeat.leaseExpiresAt ?? unit.lease_expires_at;
  const invalid = invalidItemsFrom(submit.error);

  const goTo = (nextIndex: number) => {
    setParams({ item: String(nextIndex + 1) }, { replace: true });
    window.scrollTo({ top: 0 });
  };

  const move = async (delta: number) => {
    if (!item) return;
    if (editable && !lost) void drafts.saveItem(item, { force: delta > 0 });
    if (delta > 0) drafts.reveal(item);
    goTo(Math.min(Math.max(index + delta, 0), total - 1));
  };

  const leftUnit = () => {
    writeTypingDraft(unit.id, null);
    void forgetUnit(unit.id);
    void dropUnitSaves(unit.id);
  };

  const onSubmit = async () => {
    if (item && editable) {
      drafts.reveal(item);
      await drafts.saveItem(item, { force: true });
    }
    await flush(); // what waits on the device goes first; offline, submit answers the error
    submit.mutate(undefined, {
      onSuccess: () => {
        leftUnit();
        navigate(paths.work, { state: { flash: "submitted" } });
      },
      onError: (error) => {
        const errorsByItem = invalidItemsFrom(error);
        if (errorsByItem) drafts.applyErrors(errorsByItem, items);
      },
    });
  };

  const onRelease = () =>
    release.mutate(undefined, {
      onSuccess: () => {
        leftUnit();
        navigate(paths.work, { state: { flash: "released" } });
      },
    });

  // Count the time the form is in use while the unit can be keyed (sent with each autosave);
  // the meter stops while the worker has paused.
  const paused = unit.paused_at != null;
  useEffect(() => (editable && !lost && !paused ? watchActiveTime() : undefined), [editable, lost, paused]);

  // Save the current item when the worker leaves the page: tab hidden, reload, closed (keepalive).
  const { flushOnHide, schedule, isDirty } = drafts;
  useEffect(() => {
    if (!item || !editable || lost) return;
    const onHidden = () => {
      if (document.visibilityState === "hidden") flushOnHide(item);
    };
    const onPageHide = () => flushOnHide(item);
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", onPageHide);
    };
  }, [item, editable, lost, flushOnHide]);

  // A draft restored from this device after a reload is sent like fresh typing.
  useEffect(() => {
    if (item && editable && !lost && isDirty(item)) schedule(item);
  }, [item, editable, lost, isDirty, schedule]);

  const state = item ? drafts.get(item) : null;
  const saveState: SaveState =
    drafts.status.state === "saving" || drafts.status.state === "error"
      ? drafts.status.state
      : item && !drafts.isDirty(item) && waiting > 0
        ? "kept"
      : item && drafts.isDirty(item)
        ? "dirty"
        : state?.saved
          ? "saved"
          : "idle";
  const hasFieldErrors = state ? Object.keys(state.errors).length > 0 : false;
  const shownErrors = item ? drafts.errorsFor(item) : {};

  return (
    <div className="stack unit-page">
      <div className="unit-head">
        <Link to={paths.work} className="back-link">
          ← {t("nav.work")}
        </Link>
        <h1 className="h2">{t("work.unitLabel", { title: unit.job_title, seq: unit.seq })}</h1>
        <div className="row wrap gap-s">
          <UnitStatusBadge status={unit.status} testId="unit-status" />
          {editable && leaseEnd && <LeaseLeft leaseEnd={leaseEnd} />}
        </div>
      </div>

      {editable && <OfflineBanner online={online} pending={waiting} />}
      {lost && <Notice tone="warning">{t("unit.leaseExpired")}</Notice>}
      {editable && !lost && <LeaseWarning unitId={unit.id} />}
      {!editable && <Notice>{t("unit.readonly", { status: t(`status.${unit.status}`) })}</Notice>}
      {editable && <ReviewFeedback review={unit.last_review} />}

      {unit.instructions && (
        <details className="card instructions">
          <summary>{t("unit.instructions")}</summary>
          <p className="pre-wrap">{unit.instructions}</p>
        </details>
      )}

      <div className="item-progress">
        <div className="row between wrap gap-s">
          <strong>{t("unit.itemOf", { current: index + 1, total })}</strong>
          <SaveIndicator state={saveState} needsCheck={hasFieldErrors} />
        </div>
        <ProgressBar value={index + 1} max={total} label={t("unit.progress")} />
      </div>
      {drafts.status.state === "error" && !lost && !isApiError(drafts.status.error, "entry_version_conflict") && (
        <ErrorBanner error={drafts.status.error} />
      )}
      {dropped !== null && !lost && <ErrorBanner error={dropped} />}
      {item && drafts.conflicts[item.id] && (
        <ConflictNotice
          conflict={drafts.conflicts[item.id]}
          schema={unit.field_schema}
          onDismiss={() => drafts.dismissConflict(item)}
        />
      )}

      {item && state && (
        <form className="card unit-form" onSubmit={(e) => e.preventDefault()} noValidate>
          <ItemImage key={item.id} src={item.image_url} itemRef={item.ref} />
          <div className="stack unit-fields">
          <p className="muted small" translate="no">
            {t("unit.ref", { ref: item.ref })}
          </p>
          {unit.field_schema.map((field) => (
            <EntryField
              key={`${item.id}-${field.name}`}
              field={field}
              idPrefix={`item-${item.id}`}
              value={state.draft[field.name] ?? ""}
              prefill={item.prefill[field.name]}
              errorCode={shownErrors[field.name]}
              disabled={!editable || lost}
              onChange={(value) => drafts.setValue(item, field.name, value)}
              onBlur={() => {
                drafts.touch(item, field.name);
                if (editable && !lost) void drafts.saveItem(item);
              }}
            />
          ))}
          </div>
        </form>
      )}

      <div className="row nav-buttons">
        <button type="button" className="btn btn-secondary" onClick={() => void move(-1)} disabled={index === 0}>
          {t("unit.prev")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="next-item"
          onClick={() => void move(1)}
          disabled={index >= total - 1}
        >
          {t("unit.next")}
        </button>
      </div>

      {editable && (
        <section className="card stack submit-panel" aria-labelledby="submit-heading">
          <h2 id="submit-heading" className="visually-hidden">
            {t("unit.submit")}
          </h2>
          {index === total - 1 && <p>{t("unit.toSubmit")}</p>}
          {submit.isError && !invalid && <ErrorBanner error={submit.error} />}
          {invalid && (
            <div className="banner banner-error" role="alert">
              <p>{describeError(submit.error, t)}</p>
              <ul className="fix-list">
                {items
                  .filter((it) => invalid[it.id])
                  .map((it) => (
                    <li key={it.id}>
                      <button type="button" className="btn btn-link" onClick={() => goTo(items.indexOf(it))}>
                        {t("unit.fixItem", { seq: it.seq, ref: it.ref })}
                      </button>
                      <p className="small">
                        {Object.entries(invalid[it.id])
                          .map(([name, code]) => {
                            const field = unit.field_schema.find((f) => f.name === name);
                            return t("common.labelValue", { label: field?.label ?? name, value: fieldErrorShort(code, t) });
                          })
                          .join(t("common.listSep"))}
                      </p>
                    </li>
                  ))}
              </ul>
            </div>
          )}
          <button
            type="button"
            className="btn btn-primary btn-block"
            data-testid="submit-unit"
            onClick={() => void onSubmit()}
            disabled={submit.isPending || lost}
          >
            {submit.isPending ? t("unit.submitting") : t("unit.submit")}
          </button>

          {!lost && (
            <UnitInterruptions
              unitId={unit.id}
              paused={paused}
              flush={() => (item ? drafts.saveItem(item, { force: true }) : Promise.resolve())}
              onHandedOff={() => {
                writeTypingDraft(unit.id, null);
                navigate(paths.work, { state: { flash: "handedOff" } });
              }}
            />
          )}

          {!confirmRelease ? (
            <button type="button" className="btn btn-ghost btn-block" onClick={() => setConfirmRelease(true)}>
              {t("unit.release")}
            </button>
          ) : (
            <div className="confirm stack" role="alertdialog" aria-labelledby="release-q">
              <p id="release-q">{t("unit.releaseConfirm")}</p>
              {release.isError && <ErrorBanner error={release.error} />}
              <div className="row">
                <button type="button" className="btn btn-secondary" onClick={() => setConfirmRelease(false)}>
                  {t("common.cancel")}
                </button>
                <button type="button" className="btn btn-danger" onClick={onRelease} disabled={release.isPending}>
                  {t("unit.releaseYes")}
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

/** The form image, kept in view while keying: beside the fields on a desktop, stuck to the top of a
 * phone's screen with zoom and hide toggles so it never takes the whole screen. */
function ItemImage({ src, itemRef }: { src?: string | null; itemRef: string }) {
  const { t } = useI18n();
  const [zoomed, setZoomed] = useState(false);
  const [hidden, setHidden] = useState(false);
  if (!src)
    return (
      <p className="item-image-missing unit-image-pane" data-testid="item-image">
        {t("unit.noImage")}
      </p>
    );
  return (
    <div className={`unit-image-pane${hidden ? " is-hidden" : ""}${zoomed ? " is-zoomed" : ""}`} data-testid="item-image">
      <div className="row gap-s image-tools">
        <button type="button" className="btn btn-ghost btn-small" aria-pressed={zoomed} onClick={() => setZoomed(!zoomed)}>
          {zoomed ? t("unit.zoomOut") : t("unit.zoomIn")}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-expanded={!hidden}
          data-testid="image-toggle"
          onClick={() => setHidden(!hidden)}
        >
          {hidden ? t("unit.showImage") : t("unit.hideImage")}
        </button>
        <a className="small" href={src} target="_blank" rel="noreferrer">
          {t("unit.openImage")}
        </a>
      </div>
      {!hidden && (
        <figure className="item-image">
          <img src={src} alt={t("unit.image", { ref: itemRef })} />
        </figure>
      )}
    </div>
  );
}

function SaveIndicator({ state, needsCheck }: { state: SaveState; needsCheck: boolean }) {
  const { t } = useI18n();
  const label = state === "saved" && needsCheck ? t("save.needsCheck") : t(`save.${state}`);
  return (
    <span
      className={`save-state save-${state}${needsCheck ? " save-check" : ""}`}
      data-testid="save-state"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      {label}
    </span>
  );
}

/** The server kept a newer value than what this device sent: show what the worker typed. */
function ConflictNotice({ conflict, schema, onDismiss }: { conflict: Conflict; schema: UnitDetail["field_schema"]; onDismiss: () => void }) {
  const { t } = useI18n();
  return (
    <div className="banner banner-warning stack" role="alert" data-testid="entry-conflict">
      <p>{t("offline.conflict")}</p>
      <ul className="conflict-list">
        {conflict.fields.map((name) => (
          <li key={name}>
            {schema.find((f) => f.name === name)?.label ?? name}
            {t("common.labelSep")}
            <span translate="no" className="typed-value">
              {conflict.typed[name] || t("offline.empty")}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
        {t("offline.conflictDismiss")}
      </button>
    </div>
  );
}
