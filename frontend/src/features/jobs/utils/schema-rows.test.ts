import { describe, expect, it } from "vitest";
import { defaultRows, newRow, rowsToFields, splitChoices, validateRows } from "./schema-rows";

describe("field schema editor rows", () => {
  it("starts from a valid default schema", () => {
    const rows = defaultRows();
    expect(validateRows(rows).ok).toBe(true);
    expect(rowsToFields(rows).map((f) => f.kind)).toEqual(["text", "kana", "date", "postal", "text", "number"]);
  });

  it("rejects bad and duplicate names, empty labels and empty choices", () => {
    const rows = [
      newRow({ name: "Name", label: "氏名" }),
      newRow({ name: "a", label: "" }),
      newRow({ name: "a", label: "A", kind: "choice", choices: " ," }),
    ];
    const { ok, errors } = validateRows(rows);
    expect(ok).toBe(false);
    expect(errors[0].name).toBe("jobs.badFieldName");
    expect(errors[1].label).toBe("fieldError.required");
    expect(errors[2].name).toBe("jobs.duplicateFieldName");
    expect(errors[2].choices).toBe("jobs.needChoices");
    expect(validateRows([]).ok).toBe(false);
  });

  it("builds Field objects", () => {
    const [field] = rowsToFields([newRow({ name: "ward", label: "区", kind: "choice", choices: "北区、南区, 東区", maxLength: "abc" })]);
    expect(field).toEqual({ name: "ward", label: "区", kind: "choice", required: false, choices: ["北区", "南区", "東区"] });
    expect(splitChoices("a\nb，c")).toEqual(["a", "b", "c"]);
  });
});
