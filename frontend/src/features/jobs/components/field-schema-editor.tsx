import type { FieldKind } from "@/api/types";
import { useI18n } from "@/lib/i18n";
import { KINDS, newRow, type RowErrors, type SchemaRow } from "../utils/schema-rows";

type Props = {
  rows: SchemaRow[];
  errors: RowErrors[];
  showErrors: boolean;
  onChange: (rows: SchemaRow[]) => void;
};

export function FieldSchemaEditor({ rows, errors, showErrors, onChange }: Props) {
  const { t } = useI18n();
  const update = (key: string, patch: Partial<SchemaRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <fieldset className="schema-editor stack">
      <legend>{t("jobs.schema")}</legend>
      <p className="muted small">{t("jobs.schemaHelp")}</p>
      {rows.length === 0 && showErrors && <p className="field-error">{t("jobs.needField")}</p>}
      <ol className="stack">
        {rows.map((row, i) => {
          const id = (part: string) => `schema-${row.key}-${part}`;
          const e = showErrors ? (errors[i] ?? {}) : {};
          return (
            <li key={row.key} className="card schema-row" aria-label={t("jobs.fieldNumber", { n: i + 1 })}>
              <div className="field">
                <label htmlFor={id("name")}>{t("jobs.fieldName")}</label>
                <input
                  id={id("name")}
                  value={row.name}
                  autoCapitalize="none"
                  spellCheck={false}
                  pattern="[a-z][a-z0-9_]*"
                  aria-invalid={e.name ? true : undefined}
                  onChange={(ev) => update(row.key, { name: ev.target.value })}
                />
                {e.name && <p className="field-error">{t(e.name)}</p>}
              </div>
              <div className="field">
                <label htmlFor={id("label")}>{t("jobs.fieldLabel")}</label>
                <input
                  id={id("label")}
                  value={row.label}
                  aria-invalid={e.label ? true : undefined}
                  onChange={(ev) => update(row.key, { label: ev.target.value })}
                />
                {e.label && <p className="field-error">{t(e.label)}</p>}
              </div>
              <div className="field">
                <label htmlFor={id("kind")}>{t("jobs.fieldKind")}</label>
                <select
                  id={id("kind")}
                  value={row.kind}
                  onChange={(ev) => update(row.key, { kind: ev.target.value as FieldKind })}
                >
                  {KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`kind.${kind}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={id("max")}>{t("jobs.fieldMaxLength")}</label>
                <input
                  id={id("max")}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={row.maxLength}
                  onChange={(ev) => update(row.key, { maxLength: ev.target.value })}
                />
              </div>
              {row.kind === "choice" && (
                <div className="field field-wide">
                  <label htmlFor={id("choices")}>{t("jobs.fieldChoices")}</label>
                  <input
                    id={id("choices")}
                    value={row.choices}
                    aria-invalid={e.choices ? true : undefined}
                    onChange={(ev) => update(row.key, { choices: ev.target.value })}
                  />
                  {e.choices && <p className="field-error">{t(e.choices)}</p>}
                </div>
              )}
              <div className="row between field-wide">
                <label className="check" htmlFor={id("required")}>
                  <input
                    id={id("required")}
                    type="checkbox"
                    checked={row.required}
                    onChange={(ev) => update(row.key, { required: ev.target.checked })}
                  />
                  {t("jobs.fieldRequired")}
                </label>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                >
                  {t("jobs.removeField", { label: row.label || row.name || String(i + 1) })}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn btn-secondary" onClick={() => onChange([...rows, newRow()])}>
        + {t("jobs.addField")}
      </button>
    </fieldset>
  );
}
