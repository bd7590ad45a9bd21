import { useState } from "react";
import type { JobTeam, WorkerSummary } from "@/api/types";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { useI18n } from "@/lib/i18n";
import { useJobTeam, useSaveTeam, useWorkers, type TeamMemberInput } from "../api/team";

/** A job's team: who may take its units, and one leader. Saved as a whole (PUT). */
export function TeamEditor({ jobId }: { jobId: number }) {
  const team = useJobTeam(jobId);
  const workers = useWorkers();
  if (team.isPending || workers.isPending) return <Loading />;
  if (team.isError) return <ErrorBanner error={team.error} onRetry={() => void team.refetch()} />;
  if (workers.isError) return <ErrorBanner error={workers.error} onRetry={() => void workers.refetch()} />;
  return <TeamForm key={jobId} jobId={jobId} team={team.data} workers={workers.data} />;
}

function TeamForm({ jobId, team, workers }: { jobId: number; team: JobTeam; workers: WorkerSummary[] }) {
  const { t } = useI18n();
  const save = useSaveTeam(jobId);
  const [members, setMembers] = useState<TeamMemberInput[]>(
    team.members.map((m) => ({ worker_id: m.worker_id, leader: Boolean(m.leader) })),
  );
  const [saved, setSaved] = useState(false);
  const [adding, setAdding] = useState("");
  const names = new Map(workers.map((w) => [w.id, w.display_name]));
  const outside = workers.filter((w) => !members.some((m) => m.worker_id === w.id));

  const change = (next: TeamMemberInput[]) => {
    setMembers(next);
    setSaved(false);
  };
  const add = () => {
    const id = Number(adding);
    if (!id) return;
    change([...members, { worker_id: id, leader: false }]);
    setAdding("");
  };

  return (
    <form
      className="stack"
      data-testid="team-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(members, { onSuccess: () => setSaved(true) });
      }}
    >
      <p className="muted small">{t("team.help")}</p>
      {members.length === 0 ? (
        <p className="muted" data-testid="team-empty">
          {t("team.empty")}
        </p>
      ) : (
        <fieldset className="stack-sm">
          <legend>{t("team.members")}</legend>
          <ul className="stack-sm team-list">
            {members.map((m) => {
              const name = names.get(m.worker_id) ?? `#${m.worker_id}`;
              return (
                <li key={m.worker_id} className="team-row" data-worker-id={m.worker_id}>
                  <span translate="no">{name}</span>
                  <label className="small">
                    <input
                      type="radio"
                      name="leader"
                      checked={m.leader}
                      onChange={() => change(members.map((x) => ({ ...x, leader: x.worker_id === m.worker_id })))}
                    />{" "}
                    {t("team.leader")}
                  </label>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={t("team.removeWho", { name })}
                    onClick={() => change(members.filter((x) => x.worker_id !== m.worker_id))}
                  >
                    {t("team.remove")}
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      <div className="team-add">
        <label htmlFor="team-add-worker">{t("team.addLabel")}</label>
        <select id="team-add-worker" value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">{t("team.choose")}</option>
          {outside.map((w) => (
            <option key={w.id} value={w.id}>
              {w.display_name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-secondary" onClick={add} disabled={!adding}>
          {t("team.add")}
        </button>
      </div>
      {save.isError && <ErrorBanner error={save.error} />}
      {saved && <Notice tone="success">{t("team.saved")}</Notice>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="team-save">
        {t("team.save")}
      </button>
    </form>
  );
}
