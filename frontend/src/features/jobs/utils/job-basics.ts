import type { Job } from "@/api/types";
import type { MessageKey } from "@/lib/i18n";

export type Basics = {
  title: string;
  deadline: string;
  client_rate_yen: string;
  worker_rate_yen: string;
  instructions: string;
};

export function basicsOf(job: Job): Basics {
  return {
    title: job.title,
    deadline: job.deadline,
    client_rate_yen: String(job.client_rate_yen),
    worker_rate_yen: String(job.worker_rate_yen),
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
  return errors;
}
