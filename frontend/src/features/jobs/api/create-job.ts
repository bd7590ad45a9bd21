import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { FIELD_KINDS, type Job, type JobCreate } from "@/api/types";
import { api } from "@/lib/api-client";
import { jobsQueryKey } from "./get-jobs";

export const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

export const fieldSchema = z.object({
  name: z.string().regex(FIELD_NAME),
  label: z.string().trim().min(1),
  kind: z.enum(FIELD_KINDS),
  required: z.boolean(),
  max_length: z.number().int().positive().optional(),
  choices: z.array(z.string().trim().min(1)).optional(),
});

export const createJobInputSchema = z.object({
  title: z.string().trim().min(1),
  field_schema: z.array(fieldSchema).min(1),
  instructions: z.string().optional(),
  // "2024-04-01", "2024年4月1日", "R6.4.1": the server reads the date (and says when it cannot).
  deadline: z.string().trim().min(1),
  client_rate_yen: z.number().int().nonnegative(),
  worker_rate_yen: z.number().int().nonnegative(),
  // 15..120 minutes of estimated work per unit; the server checks the range (unit_target_out_of_range).
  unit_target_minutes: z.number().int().optional(),
}) satisfies z.ZodType<JobCreate>;

export type CreateJobInput = z.infer<typeof createJobInputSchema>;

export function createJob(input: CreateJobInput): Promise<Job> {
  return api.post<Job>("/jobs", createJobInputSchema.parse(input));
}

export function useCreateJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createJob,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobsQueryKey }),
  });
}
