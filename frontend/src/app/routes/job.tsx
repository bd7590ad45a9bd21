import { useParams } from "react-router";
import { JobDetail } from "@/features/jobs/components/job-detail";
import { NotFoundRoute } from "./not-found";

export function JobRoute() {
  const jobId = Number(useParams().jobId);
  if (!Number.isInteger(jobId) || jobId <= 0) return <NotFoundRoute />;
  return <JobDetail key={jobId} jobId={jobId} />;
}
