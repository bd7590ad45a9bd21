import type { Job } from "@/api/types";
import type { MessageKey } from "@/lib/i18n";

export type Basics = {
  title: string;
  deadline: string;
  client_rate_yen: string;
  worker_rate_yen: string;
  unit_target_minutes: string;
  instructions: string;
};

/** A unit is packed to about this many minutes (the server's range: 15..120, default 100). */
export const UNIT_TARGET_MIN = 15;
export const UNIT_TARGET_MAX = 120;
export const UNIT_TARGET_DEFAULT = "100";

export function basicsOf(job: Job): Basics {
  return {
    title: job.title,
    deadline: job.deadline,
    client_rate_yen: String(job.client_rate_yen),
    worker_rate_yen: String(job.worker_rate_yen),
    unit_target_minutes: String(job.unit_target_minutes),
    instructions: job.instructions ?? "",
  };
}

/**
 * What the form itself can tell before sending. The deadline is only required here: the server
 * reads "2024-04-01", "2024年4月1日", "R6.4.1" and answers with a field error for anything else, so
 * the browser never refuses a date the server would accept.
 */
export function basicsErrors(b: Basics): Partial<Record<keyof Basics, MessageKey>> {
  const errors: Partial<Record<keyof Basics, MessageKey>> = {};
  if (!b.title.trim()) errors.title = "fieldError.required";
  if (!b.deadline.trim()) errors.deadline = "fieldError.required";
  if (!/^\d+$/.test(b.client_rate_yen)) errors.client_rate_yen = "fieldError.not_a_number";
  if (!/^\d+$/.test(b.worker_rate_yen)) errors.worker_rate_yen = "fieldError.not_a_number";
  else if (Number(b.worker_rate_yen) > Number(b.client_rate_yen)) errors.worker_rate_yen = "fieldError.above_client_rate";
  if (!/^\d+$/.test(b.unit_target_minutes)) errors.unit_target_minutes = "fieldError.not_a_number";
  else if (Number(b.unit_target_minutes) < UNIT_TARGET_MIN || Number(b.unit_target_minutes) > UNIT_TARGET_MAX)
    errors.unit_target_minutes = "error.unit_target_out_of_range";
  return errors;
}
