import { useRef, useState, type FormEvent } from "react";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { hasMessage, useI18n } from "@/lib/i18n";
import { csvLineErrors, useImportItems } from "../api/import-items";

const ENCODING_LABEL: Record<string, string> = { "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", cp932: "Shift_JIS" };

export function CsvImport({ jobId }: { jobId: number }) {
  const { t } = useI18n();
  const importItems = useImportItems(jobId);
  const [file, setFile] = useState<File | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const lines = csvLineErrors(importItems.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    importItems.mutate(file, {
      onSuccess: () => {
        setFile(null);
        if (inputRef.current) inputRef.current.value = "";
      },
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <p className="muted small">{t("job.importHelp")}</p>
      <div className="field">
        <span className="label" id="csv-file-label">
          {t("job.csvFile")}
        </span>
        {/* The browser's own file button speaks the browser's language; this one speaks ours. */}
        <div className="row wrap gap-s file-pick">
          <input
            ref={inputRef}
            id="csv-file"
            data-testid="csv-file"
            className="visually-hidden"
            type="file"
            accept=".csv,text/csv"
            aria-labelledby="csv-file-label"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              importItems.reset();
            }}
          />
          <label htmlFor="csv-file" className="btn btn-secondary">
            {t("job.chooseFile")}
          </label>
          <span className="small" translate="no">
            {file ? file.name : <span className="muted">{t("job.noFile")}</span>}
          </span>
        </div>
      </div>
      <button
        type="submit"
        className="btn btn-secondary"
        data-testid="csv-import"
        disabled={!file || importItems.isPending}
      >
        {importItems.isPending ? t("job.importing") : t("job.import")}
      </button>
      <div data-testid="csv-result" aria-live="polite">
        {importItems.isSuccess && (
          <Notice tone="success">
            {t("job.imported", {
              count: importItems.data.imported,
              encoding: ENCODING_LABEL[importItems.data.encoding] ?? importItems.data.encoding,
            })}
          </Notice>
        )}
        {importItems.isError && (
          <ErrorBanner error={importItems.error}>
            {lines.length > 0 && (
              <ul className="line-errors">
                {lines.map((l) => {
                  const key = `error.${l.code}`;
                  const params = { first_line: l.first_line ?? "?", max: l.max ?? "?" };
                  const message = hasMessage(key) ? t(key, params) : l.message || t("error.generic");
                  return (
                    <li key={`${l.line}-${l.code}`} data-code={l.code}>
                      {t("job.lineError", { line: l.line, message })}
                    </li>
                  );
                })}
              </ul>
            )}
          </ErrorBanner>
        )}
      </div>
    </form>
  );
}
