import { ApiRequestError } from "@/components/api/request";
import { uploadFile as uploadOperation } from "@/lib/api/contracts/files";
import { FILE_NAME_HEADER } from "@/lib/files/input";
import type { FileDto } from "./queries";

export interface UploadHandle {
  done: Promise<FileDto>;
  abort: () => void;
}

/**
 * Uploads a file as the raw request body (POST /api/v1/files). XHR, not fetch: only XHR reports
 * upload progress. Failures are ApiRequestErrors like the JSON client's (status 0 and
 * `network_error` when the connection broke); a cancel rejects with an AbortError.
 */
export function uploadFile(
  file: File,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileDto>((resolve, reject) => {
    xhr.open("POST", uploadOperation.path);
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.setRequestHeader(FILE_NAME_HEADER, encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status === 201 && isFileAnswer(json)) return resolve(json.file);
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiRequestError(
          xhr.status,
          error?.code ?? (xhr.status === 413 ? "payload_too_large" : "internal_error"),
          error?.message ?? xhr.statusText,
        ),
      );
    };
    xhr.onerror = () =>
      reject(new ApiRequestError(0, "network_error", "The server could not be reached"));
    xhr.onabort = () => reject(new DOMException("The upload was canceled", "AbortError"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

function isFileAnswer(json: unknown): json is { file: FileDto } {
  return typeof json === "object" && json !== null && "file" in json;
}
