/**
 * Files uploaded to "files" questions (issue 16): what a question allows, what an answer holds,
 * and what the store keeps. Shared by the engine (upload, links, exports, PDF, sync), the
 * designer (palette, properties) and the runtime (the upload control).
 *
 * A files question is an array whose schema carries `x-files` (the allowed types and the most
 * bytes per file); `maxItems` is the most files, `minItems: 1` (with the parent's `required`)
 * makes it required. Each answer item is a FileRef; the bytes live in the store (FileStore).
 *
 *   { "type": "array", "title": "Fit note", "x-files": { "types": ["pdf", "image"], "maxFileSize": 10485760 },
 *     "maxItems": 3, "items": FILE_REF_SCHEMA }
 */

/** The schema keyword that makes an array a files question. */
export const FILES_KEY = 'x-files';

/** The types an analyst may allow, by the words they see. Checked by content (magic bytes), never by name or browser type. */
export const FILE_TYPES = {
  pdf: { label: 'PDF documents', mediaTypes: ['application/pdf'], extensions: ['pdf'] },
  image: { label: 'Images (JPEG, PNG, GIF, WebP, TIFF, HEIC)', mediaTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/tiff', 'image/heic'], extensions: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'tif', 'tiff', 'heic'] },
  word: {
    label: 'Word documents (DOCX, DOC, ODT, RTF)',
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword', 'application/vnd.oasis.opendocument.text', 'application/rtf'],
    extensions: ['docx', 'doc', 'odt', 'rtf'],
  },
  excel: {
    label: 'Spreadsheets (XLSX, XLS, ODS)',
    mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'application/vnd.oasis.opendocument.spreadsheet'],
    extensions: ['xlsx', 'xls', 'ods'],
  },
  email: { label: 'Emails (EML, MSG)', mediaTypes: ['message/rfc822', 'application/vnd.ms-outlook'], extensions: ['eml', 'msg'] },
} as const;

export type FileType = keyof typeof FILE_TYPES;
export const FILE_TYPE_NAMES = Object.keys(FILE_TYPES) as FileType[];

/** Most files one question may take (an analyst may choose fewer). */
export const MAX_FILES_PER_QUESTION = 20;
/** The server's most bytes per file when CASEFORMS_UPLOAD_MAX_MB is not set. */
export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** What `x-files` holds. `maxFileSize` (bytes) is capped by the server's configured maximum. */
export interface FilesSettings {
  types: FileType[];
  maxFileSize?: number;
  /** The most files (the question's `maxItems`), and its title, where they were read with it (filesQuestionAt). */
  maxItems?: number;
  title?: string;
}

/** One answer to a files question, as stored in the record's data (the upload route returns it). */
export interface FileRef {
  /** `f_` + an opaque id. */
  id: string;
  /** The name as uploaded, with no folder part; shown to people, never used as a path. */
  name: string;
  size: number;
  /** Found from the content. */
  mediaType: string;
  /** Lower-case hex. */
  sha256: string;
}

/** The items schema of every files question: the designer writes it, the engine checks answers against it. */
export const FILE_REF_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^f_[A-Za-z0-9_-]{8,64}$' },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    size: { type: 'integer', minimum: 0 },
    mediaType: { type: 'string', maxLength: 100 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  required: ['id', 'name', 'size', 'mediaType', 'sha256'],
  additionalProperties: false,
} as const;

/**
 * Virus scanning: `not-configured` when no scanner is set (downloadable at once); `unscanned`
 * until the configured scanner answers (not downloadable yet); `clean`; `infected` (never
 * downloadable, refused in answers, bytes removed).
 */
export type ScanState = 'not-configured' | 'unscanned' | 'clean' | 'infected';

/** What the store keeps about an uploaded file. */
export interface StoredFile extends FileRef {
  /** The draft record it was uploaded to. */
  submissionId: string;
  formId: string;
  /** The files question it answers (JSON Pointer into the record's data, e.g. `/fitNote`). */
  pointer: string;
  uploadedBy: string;
  uploadedAt: string;
  scan: ScanState;
  /** Set when the record is submitted with this file in its answers: kept with the record from then on. Files never kept are removed a day after upload. */
  keptAt?: string;
}

const KB = 1024;
const MB = 1024 * 1024;

/**
 * A size as people read it: "15 bytes", "180 KB", "2.5 MB", "10 MB" (1 MB = 1,048,576 bytes, as
 * the configuration counts them). Rounded up, never down, so a file just over a limit never reads
 * as the limit. The one wording of sizes for the server's refusals, the policy, exports and the runtime.
 */
export function sizeInWords(bytes: number): string {
  if (bytes < KB) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes >= MB) {
    const mb = bytes / MB;
    return `${Number.isInteger(mb) ? mb : Math.ceil(mb * 10) / 10} MB`;
  }
  return `${Math.ceil(bytes / KB)} KB`;
}

/** True when this schema node is a files question. */
export function isFilesQuestion(node: unknown): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const n = node as Record<string, unknown>;
  return n.type === 'array' && Object.hasOwn(n, FILES_KEY);
}

/** The question's settings as written, when well-formed (the policy refuses the rest). */
export function filesSettings(node: unknown): FilesSettings | undefined {
  if (!isFilesQuestion(node)) return undefined;
  const raw = (node as Record<string, unknown>)[FILES_KEY];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (!Array.isArray(r.types) || r.types.length === 0 || !r.types.every((t) => typeof t === 'string' && Object.hasOwn(FILE_TYPES, t))) return undefined;
  if (r.maxFileSize !== undefined && !(typeof r.maxFileSize === 'number' && Number.isInteger(r.maxFileSize) && r.maxFileSize > 0)) return undefined;
  return { types: r.types as FileType[], ...(r.maxFileSize !== undefined ? { maxFileSize: r.maxFileSize as number } : {}) };
}
