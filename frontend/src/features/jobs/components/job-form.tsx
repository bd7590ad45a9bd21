import { useState, type FormEvent } from "react";
import type { Job } from "@/api/types";
import { ErrorBanner } from "@/components/error-banner";
import { fieldMessages, serverFieldText } from "@/lib/errors";
import { useI18n, type MessageKey } from "@/lib/i18n";
import { useCreateJob } from "../api/create-job";
import { useUpdateJob } from "../api/update-job";
import { basicsErrors, basicsOf, UNIT_TARGET_DEFAULT, type Basics } from "../utils/job-basics";
import { defaultRows, fieldsToRows, rowsToFields, sameFields, validateRows, type SchemaRow } from "../utils/schema-rows";
import { FieldSchemaEditor } from "./field-schema-editor";

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(d); // YYYY-MM-DD
}

/** A new job, or (with `job`) the edit of a draft. */
export function JobForm({ job, onDone, onCancel }: { job?: Job; onDone: (job: Job) => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const createJob = useCreateJob();
  const updateJob = useUpdateJob(job?.id ?? 0);
  const create = job ? updateJob : createJob;
  const [basics, setBasics] = useState<Basics>(() =>
    job
      ? basicsOf(job)
      : {
          title: "",
          deadline: inDays(30),
          client_rate_yen: "60",
          worker_rate_yen: "40",
          unit_target_minutes: UNIT_TARGET_DEFAULT,
          instructions: "",
        },
  );
  const [rows, setRows] = useState<SchemaRow[]>(() => (job ? fieldsToRows(job.field_schema) : defaultRows()));
  const [tried, setTried] = useState(false);
  const validation = validateRows(rows);

  const localErrors = basicsErrors(basics);
  const ok = validation.ok && Object.keys(localErrors).length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!ok) return;
    const fields = rowsToFields(rows);
    const basicsOut = {
      title: basics.title.trim(),
      deadline: basics.deadline.trim(),
      client_rate_yen: Number(basics.client_rate_yen),
      worker_rate_yen: Number(basics.worker_rate_yen),
      unit_target_minutes: Number(basics.unit_target_minutes),
      instructions: basics.instructions,
    };
    if (job) {
      // An edit sends the schema only when it changed (it is fixed once items are imported).
      const changes = sameFields(fields, job.field_schema) ? basicsOut : { ...basicsOut, field_schema: fields };
      updateJob.mutate(changes, { onSuccess: onDone });
    } else {
      createJob.mutate({ ...basicsOut, field_schema: fields }, { onSuccess: onDone });
    }
  };

  const input = (name: keyof Basics, label: MessageKey, props: Record<string, unknown> = {}) => {
    const local = tried ? localErrors[name] : undefined;
    const server = fieldMessages(create.error, name);
    const id = `job-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{t(label)}</label>
        {name === "instructions" ? (
          <textarea id={id} rows={4} value={basics[name]} onChange={(e) => setBasics({ ...basics, [name]: e.target.value })} />
        ) : (
          <input
            id={id}
            name={name}
            value={basics[name]}
            aria-invalid={local || server.length ? true : undefined}
            onChange={(e) => setBasics({ ...basics, [name]: e.target.value })}
            {...props}
          />
        )}
        {local && <p className="field-error">{t(local)}</p>}
        {server.map((m) => (
          <p key={m} className="field-error">
            {serverFieldText(m, t)}
          </p>
        ))}
      </div>
    );
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      {tried && !ok && (
        <div className="banner banner-error" role="alert">
          {t("jobs.fixErrors")}
        </div>
      )}
      {create.isError && <ErrorBanner error={create.error} />}
      <div className="grid-2">
        {input("title", "jobs.fieldTitle", { required: true, "data-testid": "job-title" })}
        {input("deadline", "jobs.fieldDeadline", {
          required: true,
          placeholder: t("jobs.deadlineHint"),
          "data-testid": "job-deadline",
        })}
        {input("client_rate_yen", "jobs.fieldClientRate", { inputMode: "numeric" })}
        {input("worker_rate_yen", "jobs.fieldWorkerRate", { inputMode: "numeric" })}
        {input("unit_target_minutes", "jobs.fieldUnitTarget", { inputMode: "numeric", "data-testid": "job-unit-target" })}
      </div>
      {input("instructions", "jobs.fieldInstructions")}
      <FieldSchemaEditor rows={rows} errors={validation.errors} showErrors={tried} onChange={setRows} />
      {fieldMessages(create.error, "field_schema").map((m) => (
        <p key={m} className="field-error">
          {serverFieldText(m, t)}
        </p>
      ))}
      <div className="row wrap gap-s">
        <button type="submit" className="btn btn-primary" data-testid="job-create" disabled={create.isPending}>
          {create.isPending ? t("jobs.creating") : job ? t("jobs.saveDraft") : t("jobs.create")}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
