import { useState, type FormEvent } from "react";
import type { Job } from "@/api/types";
import { ErrorBanner } from "@/components/error-banner";
import { fieldMessages } from "@/lib/errors";
import { useI18n, type MessageKey } from "@/lib/i18n";
import { useCreateJob } from "../api/create-job";
import { defaultRows, rowsToFields, validateRows, type SchemaRow } from "../utils/schema-rows";
import { FieldSchemaEditor } from "./field-schema-editor";

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(d); // YYYY-MM-DD
}

type Basics = { title: string; deadline: string; client_rate_yen: string; worker_rate_yen: string; instructions: string };

export function JobForm({ onCreated }: { onCreated: (job: Job) => void }) {
  const { t } = useI18n();
  const create = useCreateJob();
  const [basics, setBasics] = useState<Basics>({
    title: "",
    deadline: inDays(30),
    client_rate_yen: "60",
    worker_rate_yen: "40",
    instructions: "",
  });
  const [rows, setRows] = useState<SchemaRow[]>(defaultRows);
  const [tried, setTried] = useState(false);
  const validation = validateRows(rows);

  const localErrors: Partial<Record<keyof Basics, MessageKey>> = {};
  if (!basics.title.trim()) localErrors.title = "fieldError.required";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(basics.deadline)) localErrors.deadline = "fieldError.not_a_date";
  if (!/^\d+$/.test(basics.client_rate_yen)) localErrors.client_rate_yen = "fieldError.not_a_number";
  if (!/^\d+$/.test(basics.worker_rate_yen)) localErrors.worker_rate_yen = "fieldError.not_a_number";
  else if (Number(basics.worker_rate_yen) > Number(basics.client_rate_yen))
    localErrors.worker_rate_yen = "fieldError.above_client_rate";
  const ok = validation.ok && Object.keys(localErrors).length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!ok) return;
    create.mutate(
      {
        title: basics.title.trim(),
        deadline: basics.deadline,
        client_rate_yen: Number(basics.client_rate_yen),
        worker_rate_yen: Number(basics.worker_rate_yen),
        instructions: basics.instructions,
        field_schema: rowsToFields(rows),
      },
      { onSuccess: onCreated },
    );
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
            {m}
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
        {input("deadline", "jobs.fieldDeadline", { type: "date", required: true })}
        {input("client_rate_yen", "jobs.fieldClientRate", { inputMode: "numeric" })}
        {input("worker_rate_yen", "jobs.fieldWorkerRate", { inputMode: "numeric" })}
      </div>
      {input("instructions", "jobs.fieldInstructions")}
      <FieldSchemaEditor rows={rows} errors={validation.errors} showErrors={tried} onChange={setRows} />
      {fieldMessages(create.error, "field_schema").map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
      <button type="submit" className="btn btn-primary" data-testid="job-create" disabled={create.isPending}>
        {create.isPending ? t("jobs.creating") : t("jobs.create")}
      </button>
    </form>
  );
}
