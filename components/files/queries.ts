import type { z } from "zod";
import { api } from "@/components/api/request";
import { listFiles, type fileSchema } from "@/lib/api/contracts/files";

export type FileDto = z.infer<typeof fileSchema>;
export interface FileList {
  data: FileDto[];
  maxUploadBytes: number;
}

export const filesKey = ["files"] as const;

export const filesQuery = () => ({
  queryKey: filesKey,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<FileList>(listFiles.path, undefined, signal),
});
