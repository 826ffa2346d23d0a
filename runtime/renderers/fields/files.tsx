/**
 * A files question: the GOV.UK file upload pattern. Label, hint (with what the question takes),
 * error message, a file input, and the files added so far — each a download link with its size
 * and a "Remove" button. Uploads start as soon as files are chosen; a large one shows its
 * progress (and says it at each quarter); one stopped by a dropped connection keeps its file for
 * "Try again", and the rest of the form is untouched; offline, the question says uploads wait.
 *
 * The answer (a list of FileRefs) lives in the answers store like every other answer; uploads
 * are run by the draft's Uploads (runtime/form/uploads.ts), so they outlive this component.
 */
import { memo, useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { and, isControl, rankWith, schemaMatches, type ControlProps, type JsonSchema } from '@jsonforms/core';
import { withJsonFormsControlProps } from '@jsonforms/react';
import { FILE_TYPES, filesSettings, isFilesQuestion, type FileRef } from '../../../engine/files/model.js';
import { fileHref } from '../../api/files.js';
import { fieldId } from '../../form/paths.js';
import { UPLOAD_WORDS, refsOf, type FieldUploads, type PendingUpload, type Uploads } from '../../form/uploads.js';
import { useFormRuntime } from '../context.js';
import { FieldFrame } from '../field.js';
import { ReadOnlyAnswer } from './read-only-answer.js';
import { labelOf, type FieldKind } from '../kind.js';
import { heldText, sizeText, takesText } from './file-words.js';

const NOTHING: FieldUploads = { pending: [], said: '' };
const noUploads = () => () => {};

/** The extensions of the question's types, for the file chooser's filter (the server checks the content). */
export function acceptOf(schema: JsonSchema): string | undefined {
  const settings = filesSettings(schema);
  return settings ? settings.types.flatMap((t) => FILE_TYPES[t].extensions.map((e) => `.${e}`)).join(',') : undefined;
}

function maxFilesOf(schema: JsonSchema): number | undefined {
  return typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
}

/** Focus moves here after something it was on goes (a removed file, a "Try again" that started). */
function focusLater(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** "Remove" (named for the file, for screen readers); focus goes back to the file input. */
function RemoveButton(props: { name: string; inputId: string; onRemove: () => void }) {
  return (
    <button
      type="button"
      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
      onClick={() => {
        props.onRemove();
        focusLater(props.inputId);
      }}
    >
      Remove<span className="govuk-visually-hidden"> {props.name}</span>
    </button>
  );
}

function Uploaded(props: { file: FileRef; inputId: string; uploads: Uploads; path: string }) {
  const { file, uploads, path, inputId } = props;
  // Not downloadable until the virus scanner has said clean: its name, and why, instead of a link.
  const checking = uploads.scanOf(file.id) === 'unscanned';
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key app-file-name">
        {checking ? (
          file.name
        ) : (
          <a className="govuk-link app-file-link" href={fileHref(file.id)} download={file.name}>
            {file.name}
          </a>
        )}
      </dt>
      <dd className="govuk-summary-list__value">
        {sizeText(file.size)}
        {checking ? (
          <span className="govuk-hint govuk-!-margin-bottom-0"> {heldText(uploads.scanner)}</span>
        ) : null}
      </dd>
      <dd className="govuk-summary-list__actions">
        <RemoveButton name={file.name} onRemove={() => uploads.remove(path, file.id)} inputId={inputId} />
      </dd>
    </div>
  );
}

function Pending(props: { upload: PendingUpload; inputId: string; uploads: Uploads; path: string; online: boolean }) {
  const { upload, uploads, path, inputId } = props;
  const { file, state } = upload;
  const rowId = `${inputId}-${upload.key}`;
  const percent = state.kind === 'uploading' && state.total > 0 ? Math.min(100, Math.floor((100 * state.sent) / state.total)) : 0;
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key app-file-name" id={rowId} tabIndex={-1}>
        {file.name}
      </dt>
      <dd className="govuk-summary-list__value">
        {state.kind === 'uploading' ? (
          <>
            <progress className="app-upload-progress" max={100} value={percent} aria-label={`Uploading ${file.name}`} />
            <span className="govuk-body-s govuk-!-margin-left-2">{percent}% uploaded</span>
          </>
        ) : state.kind === 'waiting' ? (
          props.online ? 'Waiting to upload' : 'Waiting to upload until you are back online'
        ) : (
          <span className="app-upload-failed">
            <strong>Not uploaded.</strong> {state.message}
          </span>
        )}
      </dd>
      <dd className="govuk-summary-list__actions">
        <div className="govuk-button-group govuk-!-margin-bottom-0 app-file-actions">
          {state.kind === 'failed' ? (
            <button
              type="button"
              className="govuk-button govuk-!-margin-bottom-0"
              onClick={() => {
                uploads.retry(path, upload.key);
                focusLater(rowId);
              }}
            >
              Try again<span className="govuk-visually-hidden"> to upload {file.name}</span>
            </button>
          ) : null}
          <RemoveButton name={file.name} onRemove={() => uploads.discard(path, upload.key)} inputId={inputId} />
        </div>
      </dd>
    </div>
  );
}

/** The files as links, for a question that cannot be changed here (read-only, or a form being read). */
function FileLinks({ files }: { files: FileRef[] }) {
  if (!files.length) return <>Not provided</>;
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {files.map((f) => (
        <li key={f.id}>
          <a className="govuk-link app-file-link" href={fileHref(f.id)} download={f.name}>
            {f.name}
          </a>{' '}
          ({sizeText(f.size)})
        </li>
      ))}
    </ul>
  );
}

function Files(props: ControlProps) {
  const { store, uploads } = useFormRuntime();
  const { path, handleChange } = props;
  const value = useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribe(listener), [store]),
    () => store.get(path),
  );
  const subscribeUploads = useCallback((listener: () => void) => uploads?.subscribe(listener) ?? (() => {}), [uploads]);
  const field = useSyncExternalStore(uploads ? subscribeUploads : noUploads, () => uploads?.field(path) ?? NOTHING);
  const online = useSyncExternalStore(uploads ? subscribeUploads : noUploads, () => uploads?.isOnline ?? true);
  // Scan states learnt from the server: the files' rows draw again.
  useSyncExternalStore(uploads ? subscribeUploads : noUploads, () => uploads?.scanVersion ?? 0);

  // JSON Forms hears of a new answer at once (uploads finish while the person is elsewhere on the step).
  const told = useRef(value);
  useEffect(() => {
    if (told.current === value) return;
    told.current = value;
    handleChange(path, value);
  }, [value, path, handleChange]);

  if (!props.visible) return null;
  const label = labelOf(props);
  const files = refsOf(value);
  const id = fieldId(path);
  const settings = filesSettings(props.schema);
  const maxFiles = maxFilesOf(props.schema);

  if (!props.enabled) {
    return (
      <ReadOnlyAnswer path={path} label={label} errors={props.errors}>
        <FileLinks files={files} />
      </ReadOnlyAnswer>
    );
  }

  const offlineId = `${id}-offline`;
  const example = settings ? takesText(settings.types, maxFiles, settings.maxFileSize) : undefined;
  return (
    <FieldFrame path={path} label={label} description={props.description} example={example} errors={props.errors} required={props.required} className="app-files">
      {(ids) => (
        <>
          {uploads && !online ? (
            <p className="govuk-inset-text govuk-!-margin-top-0" id={offlineId}>
              {UPLOAD_WORDS.offline}
            </p>
          ) : null}
          {uploads ? null : <p className="govuk-hint">Files cannot be uploaded here.</p>}
          <input
            className={`govuk-file-upload${ids.invalid ? ' govuk-file-upload--error' : ''}`}
            id={ids.id}
            name={path}
            type="file"
            accept={acceptOf(props.schema)}
            multiple={maxFiles !== 1}
            aria-describedby={[ids.describedBy, uploads && !online ? offlineId : undefined].filter(Boolean).join(' ') || undefined}
            aria-invalid={ids.invalid || undefined}
            disabled={!uploads}
            onChange={(e) => {
              const chosen = Array.from(e.target.files ?? []);
              // Cleared, so choosing the same file again (after removing it) is a change too.
              e.target.value = '';
              uploads?.add(path, chosen, { label, maxFiles, maxFileSize: settings?.maxFileSize });
            }}
          />
          {uploads && (files.length > 0 || field.pending.length > 0) ? (
            <dl className="govuk-summary-list govuk-!-margin-top-4 govuk-!-margin-bottom-0 app-file-list">
              {files.map((f) => (
                <Uploaded key={f.id} file={f} inputId={ids.id} uploads={uploads} path={path} />
              ))}
              {field.pending.map((p) => (
                <Pending key={p.key} upload={p} inputId={ids.id} uploads={uploads} path={path} online={online} />
              ))}
            </dl>
          ) : null}
          {!uploads && files.length > 0 ? <FileLinks files={files} /> : null}
          <div className="govuk-visually-hidden" role="status" aria-live="polite">
            {field.said}
          </div>
        </>
      )}
    </FieldFrame>
  );
}

export const files: FieldKind = {
  kind: 'files',
  title: 'File upload',
  // Above read-only and calculated: a files question is shown as files however it is set.
  tester: rankWith(12, and(isControl, schemaMatches((s) => isFilesQuestion(s)))),
  Renderer: withJsonFormsControlProps(memo(Files)),
  display: (value) =>
    refsOf(value)
      .map((f) => f.name)
      .join('\n'),
  links: (value) => refsOf(value).map((f) => ({ href: fileHref(f.id), text: f.name, fileId: f.id })),
};
