import type { Field } from "@/api/types";
import { fieldErrorMessage } from "@/lib/errors";
import { useI18n, type MessageKey } from "@/lib/i18n";

const HINTS: Partial<Record<Field["kind"], MessageKey>> = {
  date: "hint.date",
  postal: "hint.postal",
  kana: "hint.kana",
  number: "hint.number",
};

const INPUT_MODE: Partial<Record<Field["kind"], "numeric" | "text">> = {
  number: "numeric",
  postal: "numeric",
};

type Props = {
  field: Field;
  idPrefix: string;
  value: string;
  prefill?: string;
  errorCode?: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  onBlur: () => void;
};

/** One input generated from a schema field: kind → input type, hint and Japanese guidance. */
export function EntryField({ field, idPrefix, value, prefill, errorCode, disabled, onChange, onBlur }: Props) {
  const { t } = useI18n();
  const id = `${idPrefix}-${field.name}`;
  const hintKey = HINTS[field.kind];
  const placeholder = hintKey ? t(hintKey) : undefined;
  const describedBy = [errorCode ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ");
  const showPrefill = prefill !== undefined && prefill !== "" && prefill !== value;

  const common = {
    id,
    name: field.name,
    "data-testid": `field-${field.name}`,
    value,
    disabled,
    required: field.required,
    "aria-invalid": errorCode ? true : undefined,
    "aria-describedby": describedBy,
    onBlur,
  } as const;

  return (
    <div className={`field${errorCode ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {field.label}
        <span className={field.required ? "tag tag-required" : "tag"}>
          {field.required ? t("common.required") : t("common.optional")}
        </span>
      </label>
      {field.kind === "choice" ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("hint.choose")}</option>
          {(field.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
          {value && !(field.choices ?? []).includes(value) && <option value={value}>{value}</option>}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          inputMode={INPUT_MODE[field.kind] ?? "text"}
          lang={field.kind === "kana" ? "ja" : undefined}
          placeholder={placeholder}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <p className="hint" id={`${id}-hint`}>
        {[placeholder && field.kind !== "choice" ? placeholder : null, field.max_length && (field.kind === "text" || field.kind === "kana") ? t("hint.maxLength", { max: field.max_length }) : null]
          .filter(Boolean)
          .join(" · ")}
        {showPrefill && <span className="prefill"> {t("unit.prefill", { value: prefill })}</span>}
      </p>
      {errorCode && (
        <p className="field-error" id={`${id}-error`}>
          {fieldErrorMessage(errorCode, t, field.max_length)}
        </p>
      )}
    </div>
  );
}
