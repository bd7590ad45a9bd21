import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { ImportResult } from "@/api/types";
import { api, ApiError } from "@/lib/api-client";

export function importItems(jobId: number, file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append("file", file);
  return api.post<ImportResult>(`/jobs/${jobId}/items/import`, form);
}

export function useImportItems(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => importItems(jobId, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jobs", jobId] }),
  });
}

const lineErrorsSchema = z.array(
  z.object({
    line: z.number(),
    code: z.string(),
    message: z.string().optional().default(""),
    first_line: z.number().optional(),
    max: z.number().optional(),
  }),
);
export type CsvLineError = z.infer<typeof lineErrorsSchema>[number];

/** 400 csv_invalid carries fields.lines: [{line, code, first_line?, max?}]; codes as in core/messages.py. */
export function csvLineErrors(error: unknown): CsvLineError[] {
  if (!(error instanceof ApiError) || error.code !== "csv_invalid") return [];
  const parsed = lineErrorsSchema.safeParse(error.fields?.lines);
  return parsed.success ? parsed.data : [];
}
