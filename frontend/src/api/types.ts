// The only place that names the generated schema (src/api/schema.d.ts, from the backend's OpenAPI
// document). When the API changes, adjust the aliases here and the call sites tsc points at.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type Role = Me["roles"][number];
export type Job = Schemas["Job"];
export type JobStatus = Job["status"];
export type JobCreate = Schemas["JobCreate"];
export type Field = Schemas["Field"];
export type FieldKind = Field["kind"];

/**
 * Every field kind, in the order the job editor offers them. The kinds themselves are defined
 * once, in the backend (backend/koma/jobs/fields.py KINDS), and reach `FieldKind` through the
 * OpenAPI schema; `AllFieldKindsListed` fails to compile when the backend adds a kind this list
 * lacks.
 */
export const FIELD_KINDS = ["text", "kana", "number", "date", "postal", "choice"] as const satisfies readonly FieldKind[];
type Assert<T extends true> = T;
export type AllFieldKindsListed = Assert<[Exclude<FieldKind, (typeof FIELD_KINDS)[number]>] extends [never] ? true : false>;
export type Progress = Schemas["Progress"];
export type JobTeam = Schemas["JobTeam"];
export type WorkerSummary = Schemas["WorkerSummary"];
export type LevelCaps = Schemas["LevelCaps"];
export type SplitState = Job["split"];
export type UnitSummary = Schemas["UnitSummary"];
export type UnitStatus = UnitSummary["status"];
export type UnitDetail = Schemas["UnitDetail"];
export type UnitItem = Schemas["UnitItem"];
export type Entry = Schemas["Entry"];
export type EntryPut = Schemas["EntryPut"];
export type EntryResult = Schemas["EntryResult"];
export type ReviewQueueItem = Schemas["ReviewQueueItem"];
export type ReviewDecision = Schemas["ReviewDecision"];
export type Decision = ReviewDecision["decision"];
export type AvailableUnits = Schemas["AvailableUnits"];
export type ImportResult = Schemas["ImportResult"];
export type ApiErrorBody = Schemas["Error"];
export type Forecast = Schemas["Forecast"];
export type ForecastStatus = Forecast["status"];
export type ForecastDay = Schemas["ForecastDay"];
export type Availability = Schemas["Availability"];
export type WeeklyWindowIn = Schemas["WeeklyWindowIO"];
export type DatedWindows = Schemas["ExceptionIO"];
export type WorkerToday = Schemas["WorkerToday"];
export type WorkerJob = Schemas["WorkerJob"];
