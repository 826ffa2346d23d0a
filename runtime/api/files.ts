/**
 * Uploading a file to a draft's files question. Sent with XMLHttpRequest rather than fetch: only
 * it reports how much of the body has gone (fetch has no upload progress in browsers yet). The
 * body is the File itself, which the browser streams from disk.
 */
import type { FileRef, ScanState } from '../../engine/files/model.js';
import { ApiError, NetworkError, answered, writeHeaders } from './client.js';

/** What the server answers for an upload: the answer item, and whether it is checked for viruses yet. */
export interface UploadedFile extends FileRef {
  scan: ScanState;
}

export interface UploadOptions {
  submissionId: string;
  /** JSON Pointer of the files question in the record's data, e.g. `/certification/fitNote`. */
  pointer: string;
  file: File;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export function uploadPath(submissionId: string, pointer: string, name: string): string {
  return `/api/submissions/${encodeURIComponent(submissionId)}/files?pointer=${encodeURIComponent(pointer)}&name=${encodeURIComponent(name)}`;
}

/** The download link of an uploaded file (always an attachment: the server never shows it inline). */
export function fileHref(id: string): string {
  return `/api/files/${encodeURIComponent(id)}`;
}

/**
 * Resolves with the stored file; rejects with ApiError (refused: the server's problem), NetworkError
 * (the connection dropped or the server cannot be reached) or an AbortError.
 */
export function uploadFile(o: UploadOptions): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const path = uploadPath(o.submissionId, o.pointer, o.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => o.onProgress?.(e.loaded, e.lengthComputable ? e.total : o.file.size);
    xhr.onerror = () => reject(new NetworkError('The server cannot be reached.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('The upload was stopped.', 'AbortError'));
    xhr.onload = () => {
      try {
        resolve(answered(path, xhr.status, xhr.statusText, (name) => xhr.getResponseHeader(name), xhr.responseText) as UploadedFile);
      } catch (err) {
        // A refusal that is not ours (a proxy's HTML page): said in general words.
        reject(err instanceof ApiError ? err : new ApiError(xhr.status, { type: 'about:blank', title: xhr.statusText, status: xhr.status, detail: 'The service could not take the file.' }));
      }
    };
    o.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(o.file);
  });
}
