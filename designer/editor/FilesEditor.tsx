/**
 * A File upload question's own settings: the types of file it takes (a GOV.UK checkboxes group
 * with the types' labels), the most files, and the most size per file in MB, which the server's
 * largest caps (GET /api/files/limits). Label, hint and required are the panel's, as for any question.
 */
import { useEffect, useState } from 'react';
import { api } from '../../runtime/api/client.js';
import { DEFAULT_UPLOAD_MAX_BYTES, FILE_TYPES, FILE_TYPE_NAMES, MAX_FILES_PER_QUESTION, type FileType } from '../../engine/files/model.js';
import type { FieldProps } from '../model/index.js';
import { NumberProp } from './inputs.js';

const MB = 1024 * 1024;

/** The server's largest file, asked once per page; the default until it answers (or if it cannot). */
let limits: Promise<number> | null = null;
function serverLargest(): Promise<number> {
  limits ??= api
    .get<{ maxFileSize: number }>('/api/files/limits')
    .then((r) => (typeof r.body.maxFileSize === 'number' && r.body.maxFileSize > 0 ? r.body.maxFileSize : DEFAULT_UPLOAD_MAX_BYTES))
    .catch(() => DEFAULT_UPLOAD_MAX_BYTES);
  return limits;
}

/** The most bytes per file this server takes. */
export function useUploadMaxBytes(): number {
  const [bytes, setBytes] = useState(DEFAULT_UPLOAD_MAX_BYTES);
  useEffect(() => {
    let live = true;
    void serverLargest().then((b) => live && setBytes(b));
    return () => {
      live = false;
    };
  }, []);
  return bytes;
}

export function FilesEditor({ id, field, maxBytes, refused, set }: { id: string; field: FieldProps; maxBytes: number; refused(key: 'fileTypes' | 'maxFileSizeMb' | 'maxItems'): string | undefined; set(patch: Partial<FieldProps>): void }) {
  const chosen = new Set<FileType>(field.fileTypes ?? []);
  const error = refused('fileTypes');
  const largest = Math.floor(maxBytes / MB);
  const toggle = (type: FileType, on: boolean) => set({ fileTypes: FILE_TYPE_NAMES.filter((t) => (t === type ? on : chosen.has(t))) });
  return (
    <>
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" aria-describedby={[`${id}-types-hint`, error ? `${id}-types-error` : ''].filter(Boolean).join(' ')}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Types of file people can upload</legend>
          <div className="govuk-hint" id={`${id}-types-hint`}>
            Each file is checked by what is in it, not by its name.
          </div>
          {error && (
            <p className="govuk-error-message" id={`${id}-types-error`}>
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <div className="govuk-checkboxes govuk-checkboxes--small">
            {FILE_TYPE_NAMES.map((t) => (
              <div className="govuk-checkboxes__item" key={t}>
                <input className="govuk-checkboxes__input" id={`${id}-type-${t}`} type="checkbox" value={t} checked={chosen.has(t)} onChange={(e) => toggle(t, e.target.checked)} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-type-${t}`}>
                  {FILE_TYPES[t].label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <NumberProp id={`${id}-maxitems`} error={refused('maxItems')} label="Most files" hint={`From 1 to ${MAX_FILES_PER_QUESTION}.`} value={field.maxItems} onCommit={(v) => set({ maxItems: v })} />
      <NumberProp
        id={`${id}-maxsize`}
        error={refused('maxFileSizeMb')}
        label="Most size per file, in MB (optional)"
        hint={`This server takes files up to ${largest} MB; left empty, that is the most.`}
        value={field.maxFileSizeMb}
        onCommit={(v) => set({ maxFileSizeMb: v })}
      />
    </>
  );
}
