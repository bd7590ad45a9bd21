import { useRealtime } from "@/lib/realtime";

/** /ws/jobs/{id}/: split progress, unit changes and re-packs → refetch that job and its progress. */
export function useJobRealtime(jobId: number, enabled = true) {
  return useRealtime(
    `/ws/jobs/${jobId}/`,
    (event) => {
      switch (event.event) {
        case "job.split_progress":
          return [["jobs", jobId, "progress"]];
        case "job.split_done":
          return [["jobs"]];
        case "unit.changed":
        case "job.repacked": // open units re-packed to the calibrated pace
          return [["jobs", jobId]]; // the job and its progress
        default:
          return [];
      }
    },
    { enabled, resyncKeys: [["jobs", jobId]] },
  );
}
