// The words of the Japanese screens, in one place (docs/domain.md uses the same terms).
//   案件 — a job a municipality publishes (never 依頼)
//   コマ — a unit of about two hours' work cut from a job
//   件   — only for items (one record to key: "3件目", "20件")
// lib/i18n.test.ts checks the Japanese catalogue against these lists; the browser tests
// (tests/live/browser.py) scan the visible text of each Japanese screen with the same allow-list.

export const TERMS = { job: "案件", unit: "コマ", item: "件" } as const;

/** Words that must not appear on a Japanese screen, with the word to use instead. */
export const AVOID: Readonly<Record<string, string>> = { 依頼: TERMS.job };

/** Latin words allowed on a Japanese screen: the brand, formats and encodings, column codes. */
export const ALLOWED_LATIN: readonly string[] = ["Koma", "CSV", "PDF", "UTF", "BOM", "Shift_JIS", "Excel", "English", "ref", "document_ref", "OK"];
