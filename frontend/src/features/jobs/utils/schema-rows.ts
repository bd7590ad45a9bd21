import { FIELD_KINDS, type Field, type FieldKind } from "@/api/types";
import type { MessageKey } from "@/lib/i18n";

// The field-schema editor works on rows of strings; this turns them into `Field`s and says
// what is wrong with each row, in i18n keys.

export const KINDS: readonly FieldKind[] = FIELD_KINDS;
const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

export type SchemaRow = {
  key: string;
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  maxLength: string;
  choices: string;
};

let counter = 0;
export function newRow(partial: Partial<SchemaRow> = {}): SchemaRow {
  counter += 1;
  return { key: `row-${counter}`, name: "", label: "", kind: "text", required: false, maxLength: "", choices: "", ...partial };
}

/** A sensible starting point for a resident-form entry job. */
export function defaultRows(): SchemaRow[] {
  return [
    newRow({ name: "name", label: "氏名", kind: "text", required: true, maxLength: "40" }),
    newRow({ name: "name_kana", label: "フリガナ", kind: "kana", required: true, maxLength: "60" }),
    newRow({ name: "birth_date", label: "生年月日", kind: "date", required: true }),
    newRow({ name: "postal_code", label: "郵便番号", kind: "postal", required: true }),
    newRow({ name: "address", label: "住所", kind: "text", required: true, maxLength: "120" }),
    newRow({ name: "household_size", label: "世帯人数", kind: "number", required: false }),
  ];
}

export function splitChoices(text: string): string[] {
  return text
    .split(/[,、，\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export type RowErrors = Partial<Record<"name" | "label" | "choices", MessageKey>>;

export function validateRows(rows: SchemaRow[]): { errors: RowErrors[]; ok: boolean } {
  const names = rows.map((r) => r.name.trim());
  const errors = rows.map((row, i): RowErrors => {
    const e: RowErrors = {};
    const name = names[i];
    if (!FIELD_NAME.test(name)) e.name = "jobs.badFieldName";
    else if (names.indexOf(name) !== i) e.name = "jobs.duplicateFieldName";
    if (!row.label.trim()) e.label = "fieldError.required";
    if (row.kind === "choice" && splitChoices(row.choices).length === 0) e.choices = "jobs.needChoices";
    return e;
  });
  return { errors, ok: rows.length > 0 && errors.every((e) => Object.keys(e).length === 0) };
}

export function rowsToFields(rows: SchemaRow[]): Field[] {
  return rows.map((row) => {
    const field: Field = { name: row.name.trim(), label: row.label.trim(), kind: row.kind, required: row.required };
    const max = Number.parseInt(row.maxLength, 10);
    if (Number.isFinite(max) && max > 0) field.max_length = max;
    if (row.kind === "choice") field.choices = splitChoices(row.choices);
    return field;
  });
}

export function fieldsToRows(fields: Field[]): SchemaRow[] {
  return fields.map((f) =>
    newRow({
      name: f.name,
      label: f.label,
      kind: f.kind,
      required: f.required,
      maxLength: f.max_length ? String(f.max_length) : "",
      choices: (f.choices ?? []).join("、"),
    }),
  );
}

/** Same fields, ignoring how absent options are spelled (missing, null, empty). */
export function sameFields(a: Field[], b: Field[]): boolean {
  const norm = (f: Field) =>
    JSON.stringify([f.name, f.label, f.kind, f.required, f.max_length ?? null, f.choices ?? []]);
  return a.length === b.length && a.every((f, i) => norm(f) === norm(b[i]));
}
