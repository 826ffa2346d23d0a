/**
 * Editing a form: build (palette, outline, properties), review and sign-off (the stages after
 * submit), preview and try it, the JSON itself, and versions. Every change is saved as a draft within a second; the policy's verdict on each
 * save is shown where each problem is.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, NetworkError, api, revisionOf, type FieldError } from '../../runtime/api/client.js';
import type { FormVersion } from '../../runtime/api/types.js';
import { useLoad } from '../../runtime/app/use-load.js';
import { Loading } from '../../runtime/components/Loading.js';
import { ErrorSummary } from '../../runtime/components/ErrorSummary.js';
import { SuccessBanner } from '../../runtime/components/SuccessBanner.js';
import {
  DesignError,
  addField,
  addGuidance,
  addPage,
  addRepeatableGroup,
  addSection,
  move,
  moveDown,
  moveUp,
  nodeAt,
  outline,
  parsePath,
  formatPath,
  fixedPaths,
  pathOfPointer,
  publishedStageIds,
  remove,
  type Definition,
  type DesignNode,
  type NodePath,
  type PaletteKind,
  renamesBetween,
  type Rename,
} from '../model/index.js';
import { Layout } from '../app/Layout.js';
import { AdvancedView } from '../editor/AdvancedView.js';
import { Outline } from '../editor/Outline.js';
import { PALETTE, Palette } from '../editor/Palette.js';
import { Preview } from '../editor/Preview.js';
import { PropertiesPanel } from '../editor/PropertiesPanel.js';
import { useDraft, type DraftConflict, type SaveState } from '../editor/use-draft.js';
import { VersionsPanel } from '../editor/VersionsPanel.js';
import { SettingsPanel } from '../editor/SettingsPanel.js';
import { ReviewEditor } from '../editor/ReviewEditor.js';
import { ScheduleEditor } from '../editor/ScheduleEditor.js';
import { MEASURES_KEYWORD, SCHEDULE_KEYWORD } from '../model/schedule.js';
import { REVIEW_KEYWORD } from '../model/review.js';
import { useFollowRenames, type Say } from '../editor/follow-renames.js';

interface FormInfo {
  id: string;
  title: string;
  draftVersion: number | null;
  currentVersion: number | null;
  versions: Array<{ version: number; status: string }>;
}

type Loaded = {
  form: FormInfo;
  version: FormVersion & { policy?: { violations: FieldError[]; notices: FieldError[] } };
  /** For a draft: the data paths published versions hold (records may use them, so their names stay), with the first version that did. */
  fixed: Map<string, number>;
  /** For a draft: the review stage ids published versions hold (records name stages by them, so they stay). */
  stageIds: Set<string>;
};

async function load(formId: string): Promise<Loaded | { form: FormInfo; version: null }> {
  const base = `/api/forms/${encodeURIComponent(formId)}`;
  const form = (await api.get<FormInfo>(base)).body;
  const n = form.draftVersion ?? form.versions[0]?.version;
  // Made without one (through the API, or "Create form" stopped between its two steps).
  if (n === undefined) return { form, version: null };
  const res = await api.get<Loaded['version']>(`${base}/versions/${n}`);
  const published = form.draftVersion === null ? [] : form.versions.filter((v) => v.status === 'published' || v.status === 'retired');
  const versions = await Promise.all(published.map(async (v) => (await api.get<FormVersion>(`${base}/versions/${v.version}`)).body));
  return { form, version: { ...res.body, revision: revisionOf(res.etag) ?? res.body.revision }, fixed: fixedPaths(versions), stageIds: publishedStageIds(versions) };
}

const SAVE_WORDS: Record<SaveState, string> = {
  saved: 'Draft saved',
  unsaved: 'Changes not saved yet',
  saving: 'Saving…',
  conflict: 'Not saved: this draft was changed in another tab or by someone else.',
  offline: 'Not saved: the server cannot be reached. Your changes are kept in this page and will be sent when it comes back.',
  failed: 'Not saved: the server refused the change (see the problems listed).',
};

type View = 'build' | 'review' | 'timeliness' | 'preview' | 'advanced' | 'versions' | 'settings';
const VIEWS: ReadonlyArray<readonly [View, string]> = [
  ['build', 'Build'],
  // After Preview: Build, Tab, Enter is the preview, as analysts know it.
  ['preview', 'Preview and try it'],
  ['review', 'Review and sign-off'],
  ['timeliness', 'Timeliness'],
  ['advanced', 'Advanced (JSON)'],
  ['versions', 'Versions and publishing'],
  ['settings', 'Form settings'],
];

export function EditorPage({ formId }: { formId: string }) {
  const [loaded, retry] = useLoad(() => load(formId), [formId]);
  // What publishing, retiring or starting a draft did: said, with focus, on the page loaded after it.
  const [done, setDone] = useState<string | null>(null);
  const reload = (what?: string) => {
    setDone(what ?? null);
    retry();
  };
  return (
    <Layout title={loaded.state === 'ready' ? loaded.value.form.title : 'Form'} wide>
      <Loading loaded={loaded} retry={retry} failedHeading="The form could not be opened">
        {(v) =>
          v.version === null ? (
            <NoVersion form={v.form} reload={reload} />
          ) : v.version.status === 'draft' ? (
            // A reload that finds a newer revision (saved elsewhere) starts the editor afresh on it.
            <Editor key={`${v.version.version}:${v.version.revision}`} form={v.form} version={v.version} fixed={v.fixed} stageIds={v.stageIds} reload={reload} done={done} />
          ) : (
            <ReadOnly form={v.form} version={v.version} reload={reload} done={done} />
          )
        }
      </Loading>
    </Layout>
  );
}

/** A form with no version at all: say so, and start version 1 (blank) from here. */
function NoVersion({ form, reload }: { form: FormInfo; reload: (done?: string) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`/api/forms/${encodeURIComponent(form.id)}/versions`, { changeNote: '' });
      reload('Version 1 is started as a blank draft. Add questions with the buttons.');
    } catch (err) {
      // Started meanwhile (another tab): what is there now is shown.
      if (err instanceof ApiError && err.status === 409) return reload();
      setProblem(err instanceof ApiError ? err.problem.detail : err instanceof NetworkError ? 'The service cannot be reached. Check your connection and try again.' : 'Version 1 could not be started.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span className="govuk-caption-l">{form.title}</span>
      <h1 className="govuk-heading-l">This form has no version yet</h1>
      {problem && <ErrorSummary items={[{ target: 'start-version-1', message: problem }]} />}
      <p className="govuk-body">A form’s questions live in its versions, and this one has none: it was made without one, or making it stopped part way. Start version 1 as a blank draft to build it.</p>
      <button type="button" className="govuk-button" id="start-version-1" disabled={busy} onClick={() => void start()}>
        Start version 1
      </button>
    </>
  );
}

/** A form with no draft: its latest version, and the way to start a new draft. */
function ReadOnly({ form, version, reload, done }: { form: FormInfo; version: FormVersion; reload: (done?: string) => void; done: string | null }) {
  const root = useMemo(() => outline({ schema: version.schema, uischema: version.uischema }), [version]);
  return (
    <>
      <span className="govuk-caption-l">{form.title}</span>
      <h1 className="govuk-heading-l">
        Version {version.version} ({version.status}) <strong className="govuk-tag govuk-tag--grey">Read only</strong>
      </h1>
      {done && <SuccessBanner id="versions-done" heading={done} focus />}
      <div className="govuk-inset-text" id="read-only-why">
        <p className="govuk-body">
          <strong>Version {version.version} is {version.status}, so it cannot be changed</strong>: records already made with it must keep reading as they were written.
        </p>
        <p className="govuk-body govuk-!-margin-bottom-0">To change the form, use “Start a new draft” under Versions. The draft begins as a copy of this version, and nothing changes for social workers until it is published.</p>
      </div>
      <div className="app-designer">
        <Outline root={root} selected={null} problems={new Set()} onSelect={() => {}} onMoveUp={() => {}} onMoveDown={() => {}} onDrop={() => {}} readOnly />
        <VersionsPanel formId={form.id} draftVersion={null} changeNote="" violations={[]} setChangeNote={() => {}} flush={async () => {}} reload={reload} />
      </div>
    </>
  );
}

interface Placement {
  key: 'inside' | 'after' | 'end';
  parent: NodePath;
  index: number;
  words: string;
}

/** The labels of pages with nothing on them (the policy refuses to publish them). */
function emptyPages(root: DesignNode): string[] {
  const shows = (n: DesignNode): boolean => n.kind === 'field' || n.kind === 'guidance' || n.kind === 'repeatable-group' || n.children.some(shows);
  return root.children.filter((n) => n.kind === 'page' && !shows(n)).map((n) => n.label || 'with no title');
}

/** The save status, saying what is on screen but not saved because it was refused. */
function saveWords(save: SaveState, refused: string[], label: string | undefined): string {
  if (refused.length === 0 || save === 'conflict' || save === 'offline' || save === 'failed') return SAVE_WORDS[save];
  const boxes = refused.length === 1 ? refused[0]! : `${refused.slice(0, -1).join(', ')} and ${refused.at(-1)!}`;
  const what = `${boxes}${label ? ` of “${label}”` : ''}`;
  return `${SAVE_WORDS[save]}, except ${what}: refused (the box says why), so not saved.`;
}

/** After removing the item at `index` of `parent`: the item now there, else the one before, else the container (null for the form). */
function nextAfterRemoval(def: Definition, parent: NodePath, index: number): NodePath | null {
  const steps = parent === '' ? [] : parsePath(parent);
  for (const i of [index, index - 1]) {
    if (i < 0) continue;
    const path = formatPath([...steps, i]);
    try {
      nodeAt(def, path);
      return path;
    } catch {
      // Not there: try the next candidate.
    }
  }
  const container = parent.endsWith('.d') ? parent.slice(0, -2) : parent;
  return container === '' ? null : container;
}

function parentOf(path: NodePath): { parent: NodePath; index: number } {
  const steps = parsePath(path);
  const index = steps.pop() as number;
  return { parent: formatPath(steps), index };
}

function Editor({ form, version, fixed, stageIds, reload, done }: { form: FormInfo; version: Loaded['version']; fixed: Loaded['fixed']; stageIds: Loaded['stageIds']; reload: (done?: string) => void; done: string | null }) {
  const draft = useDraft(form.id, version, version.policy ?? { violations: [], notices: [] });
  const [view, setView] = useState<View>('build');
  // What was just done (a new draft started) is said until the analyst goes to another view:
  // taken away on an edit, it would move the controls under the pointer.
  const [doneShown, setDoneShown] = useState(true);
  const [selected, setSelected] = useState<NodePath | null>(null);
  const [where, setWhere] = useState<Placement['key']>('inside');
  const [title, setTitle] = useState(form.title);
  // A new selection: new items go into it (or after it) again.
  useEffect(() => setWhere('inside'), [selected]);
  const [message, setMessage] = useState<{ kind: 'error' | 'note'; text: string } | null>(null);
  // Boxes of the properties panel whose value was refused: on screen, but not saved.
  const [refused, setRefused] = useState<string[]>([]);
  const onRefused = useCallback((boxes: string[]) => setRefused((was) => (was.join('|') === boxes.join('|') ? was : boxes)), []);
  // What the form settings did after a rename comes after the edit's own notes.
  const say = useCallback<Say>((m) => setMessage((was) => (was?.kind === 'note' && m.kind === 'note' ? { kind: 'note', text: `${was.text} ${m.text}` } : m)), []);
  const followRenames = useFollowRenames(form.id, draft.flush, say);
  const undo = () => followRenames(draft.undo());
  const redo = () => followRenames(draft.redo());
  const focusAfter = useRef<string | null>(null);
  const def = draft.definition;
  const root = useMemo(() => outline(def), [def]);

  // Where each problem the policy found is, so the outline marks it and the panel lists it.
  const problemsAt = useMemo(() => {
    const map = new Map<NodePath, FieldError[]>();
    for (const v of draft.violations) {
      let path: NodePath = '';
      try {
        path = pathOfPointer(def, v.pointer);
      } catch {
        path = '';
      }
      map.set(path, [...(map.get(path) ?? []), v]);
    }
    return map;
  }, [draft.violations, def]);

  const selectedNode: DesignNode | null = useMemo(() => {
    if (selected === null) return null;
    try {
      return nodeAt(def, selected);
    } catch {
      return null;
    }
  }, [def, selected]);

  useEffect(() => {
    if (focusAfter.current) {
      const id = focusAfter.current;
      focusAfter.current = null;
      requestAnimationFrame(() => {
        const box = document.getElementById(id);
        box?.focus();
        // A new item's made-up label ("New date question") is selected, so typing replaces it.
        if (box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement) box.select();
      });
    }
  });

  const apply = useCallback(
    (run: () => { definition: Definition; notes?: string[]; renamed?: Rename[]; path?: NodePath }, focus?: (path: NodePath | undefined) => string | null) => {
      try {
        const r = run();
        draft.edit(r.definition, r.renamed);
        setMessage(r.notes?.length ? { kind: 'note', text: r.notes.join(' ') } : null);
        followRenames(r.renamed);
        if (r.path !== undefined) setSelected(r.path);
        if (focus) focusAfter.current = focus(r.path);
        return r;
      } catch (err) {
        if (err instanceof DesignError) setMessage({ kind: 'error', text: err.message });
        else throw err;
        return null;
      }
    },
    [draft, followRenames],
  );

  /** Where new things can go, given the selection: into it, after it, or at the end of the form. */
  function placements(): Placement[] {
    const n = selectedNode;
    const end: Placement = { key: 'end', parent: '', index: root.children.length, words: 'At the end of the form' };
    if (!n || n.kind === 'form') return [end];
    const { parent, index } = parentOf(n.path);
    const after: Placement = { key: 'after', parent, index: index + 1, words: `After “${n.label || 'the selected item'}”` };
    if (n.kind === 'page' || n.kind === 'section' || n.kind === 'row' || n.kind === 'repeatable-group') {
      const inside: Placement = { key: 'inside', parent: n.kind === 'repeatable-group' ? `${n.path}.d` : n.path, index: n.children.length, words: `At the end of “${n.label || 'the selected item'}”` };
      return parent === '' && n.kind !== 'page' ? [inside, after] : n.kind === 'page' ? [inside, end] : [inside, after, end];
    }
    return parent === '' ? [after] : [after, end];
  }
  const places = placements();
  const place = places.find((p) => p.key === where) ?? places[0]!;
  const target = () => place;

  function add(kind: PaletteKind) {
    const t = target();
    const words = PALETTE.find(([k]) => k === kind)![1];
    const labelFocus = (p: NodePath | undefined) => (p === undefined ? null : `prop-${p.replace(/\./g, '-') || 'form'}-label`);
    // After the pages there are; the first page of a form without pages follows what the form
    // held, which becomes "Page 1" (the index is clamped to the end).
    if (kind === 'page') return apply(() => addPage(def, root.children.length, 'New page'), labelFocus);
    if (kind === 'section') return apply(() => addSection(def, t.parent, t.index, 'New section'), labelFocus);
    if (kind === 'repeatable-group') return apply(() => addRepeatableGroup(def, t.parent, t.index, 'New repeating group'), labelFocus);
    if (kind === 'guidance') return apply(() => addGuidance(def, t.parent, t.index, 'Guidance for the person filling in the form.'), labelFocus);
    return apply(() => addField(def, t.parent, t.index, kind, `New ${words.toLowerCase()} question`), labelFocus);
  }

  const outlineFocus = (p: NodePath | undefined) => (p === undefined ? null : null);
  const focusRow = (p: NodePath | undefined) => {
    if (p === undefined) return null;
    requestAnimationFrame(() => (document.querySelector(`[data-outline-path="${p}"]`) as HTMLElement | null)?.focus());
    return null;
  };

  /** To the first add button, new items going after (or into) `path` when given. */
  const toPalette = (path?: NodePath) => {
    if (path !== undefined) {
      setSelected(path);
      focusAfter.current = null;
    }
    requestAnimationFrame(() => requestAnimationFrame(() => (document.querySelector('.app-palette button') as HTMLElement | null)?.focus()));
  };

  // Alt+A: back to the add buttons from anywhere in the editor; Alt+V: to the views (Build,
  // Preview…) at the top. A modifier, so no typed letter is taken.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.code === 'KeyA' && view === 'build') {
        e.preventDefault();
        toPalette();
      } else if (e.code === 'KeyV') {
        e.preventDefault();
        (document.querySelector('nav[aria-label="Editor views"] button[aria-current="page"]') as HTMLElement | null)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (inField || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const problemCount = draft.violations.length;
  return (
    <>
      <span className="govuk-caption-l">
        {title}, version {version.version} (draft)
      </span>
      <h1 className="govuk-heading-l">{VIEWS.find(([k]) => k === view)![1]}</h1>
      {done && doneShown && <SuccessBanner id="versions-done" heading={done} focus />}
      <div className="app-toolbar">
        <nav aria-label="Editor views" className="app-toolbar">
          {VIEWS.map(([k, label]) => (
            <button key={k} type="button" className={`govuk-button ${k === view ? '' : 'govuk-button--secondary'}`} aria-current={k === view ? 'page' : undefined} onClick={() =>
                void draft.flush().then(() => {
                  setMessage(null);
                  setDoneShown(false);
                  setView(k);
                })
              }>
              {label}
            </button>
          ))}
        </nav>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={undo} disabled={!draft.canUndo || draft.save === 'conflict'}>
          Undo
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={redo} disabled={!draft.canRedo || draft.save === 'conflict'}>
          Redo
        </button>
        <p className="govuk-body-s govuk-!-margin-bottom-0" role="status" aria-live="polite">
          {saveWords(draft.save, refused, selectedNode?.label)}
        </p>
      </div>
      {draft.save === 'conflict' && <DraftConflictPanel version={version.version} conflict={draft.conflict} onMerge={draft.mergeTheirs} onReload={() => reload()} />}
      {/* While a change made elsewhere is unresolved, nothing here takes edits. */}
      <div inert={draft.save === 'conflict' ? true : undefined} key={draft.generation}>
      {/*
        What an edit says (a note, or why it was refused) has room kept for it under the toolbar,
        and the problems are one line that opens into a list: neither moves a control when it
        appears.
      */}
      <div className={`app-edit-message${message?.kind === 'error' ? ' app-edit-message--error' : ''}`} role="status" aria-live="polite">
        {message && (
          <>
            <p className="govuk-body-s govuk-!-margin-bottom-0" role={message.kind === 'error' ? 'alert' : undefined}>
              {message.kind === 'error' && <strong>Not changed: </strong>}
              {message.text}{' '}
              <button type="button" className="app-link-button govuk-body-s" onClick={() => setMessage(null)}>
                Dismiss<span className="govuk-visually-hidden"> this message</span>
              </button>
            </p>
          </>
        )}
      </div>
      {(view === 'build' || view === 'advanced') && (
        <details className={`govuk-details app-problems${problemCount > 0 ? ' app-problems--some' : ''}`}>
          <summary className="govuk-details__summary" id="problems-title">
            <span className="govuk-details__summary-text">
              {problemCount === 0 ? 'No problems to fix before publishing' : problemCount === 1 ? '1 problem to fix before publishing' : `${problemCount} problems to fix before publishing`}
            </span>
          </summary>
          <ul className="govuk-details__text govuk-list govuk-error-summary__list">
            {view === 'advanced'
              ? draft.violations.map((p, i) => (
                  <li key={i}>
                    <a href={p.pointer.startsWith('/uischema') ? '#advanced-uischema' : '#advanced-schema'}>
                      {p.message} <span className="govuk-body-s">(at {p.pointer || 'the top'})</span>
                    </a>
                  </li>
                ))
              : [...problemsAt.entries()].flatMap(([path, list]) =>
                  list.map((p, i) => (
                    <li key={`${path}-${i}`}>
                      <a
                        href={`#outline-${path || 'form'}`}
                        onClick={(e) => {
                          e.preventDefault();
                          setSelected(path || null);
                          focusRow(path);
                        }}
                      >
                        {p.message}
                      </a>
                    </li>
                  )),
                )}
          </ul>
        </details>
      )}
      {view === 'build' && (
        <div className="app-designer">
          <div>
            <Palette onAdd={add} places={places} place={place.key} onPlace={setWhere} />
            <Outline
              root={root}
              selected={selected}
              problems={new Set(problemsAt.keys())}
              onSelect={setSelected}
              onMoveUp={(p) => apply(() => moveUp(def, p), focusRow)}
              onMoveDown={(p) => apply(() => moveDown(def, p), focusRow)}
              onAddHere={(p) => toPalette(p)}
              onDrop={(from, where) =>
                apply(() => {
                  if ('into' in where) {
                    const container = nodeAt(def, where.into);
                    return move(def, from, container.kind === 'repeatable-group' ? `${where.into}.d` : where.into, container.children.length);
                  }
                  const { parent, index } = parentOf('before' in where ? where.before : where.after);
                  // move() places the item among the others once it has left its place.
                  const to = 'before' in where ? index : index + 1;
                  const source = parentOf(from);
                  return move(def, from, parent, source.parent === parent && source.index < to ? to - 1 : to);
                }, outlineFocus)
              }
            />
          </div>
          <div>
            {selectedNode ? (
              <PropertiesPanel
                key={selectedNode.path}
                definition={def}
                node={selectedNode}
                formId={form.id}
                problems={problemsAt.get(selectedNode.path) ?? []}
                fixed={fixed}
                onEdit={(r) => apply(() => r)}
                onError={(text) => setMessage({ kind: 'error', text })}
                onRefused={onRefused}
                onRemove={() => {
                  const { parent, index } = parentOf(selectedNode.path);
                  const r = apply(() => remove(def, selectedNode.path));
                  if (!r) return;
                  // Focus goes to what took its place, else the item before it, else its container.
                  const next = nextAfterRemoval(r.definition, parent, index);
                  setSelected(next);
                  if (next !== null) focusRow(next);
                  else requestAnimationFrame(() => document.querySelector<HTMLElement>('.app-palette button')?.focus());
                }}
              />
            ) : (
              <div className="app-panel">
                <h2 className="govuk-heading-m">Build the form</h2>
                <p className="govuk-body">Add questions, sections and pages with the buttons. Choose an item in the outline to change its wording, whether it is required, its options and when it is shown.</p>
              </div>
            )}
          </div>
        </div>
      )}
      {view === 'review' && <ReviewEditor definition={def} apply={apply} fixed={stageIds} problems={draft.violations.filter((v) => v.pointer === `/schema/${REVIEW_KEYWORD}` || v.pointer.startsWith(`/schema/${REVIEW_KEYWORD}/`))} />}
      {view === 'timeliness' && (
        <ScheduleEditor definition={def} apply={apply} problems={draft.violations.filter((v) => [SCHEDULE_KEYWORD, MEASURES_KEYWORD].some((k) => v.pointer === `/schema/${k}` || v.pointer.startsWith(`/schema/${k}/`)))} />
      )}
      {view === 'preview' && <Preview definition={def} formId={form.id} version={version.version} title={title} flush={draft.flush} />}
      {view === 'settings' && <SettingsPanel formId={form.id} root={root} onSaved={(f) => setTitle(f.title)} />}
      {view === 'advanced' && <AdvancedView definition={def} onApply={(next) => apply(() => ({ definition: next, notes: ['The JSON was applied.'], renamed: renamesBetween(def, next) }))} />}
      {view === 'versions' && (
        <VersionsPanel
          formId={form.id}
          draftVersion={version.version}
          changeNote={draft.changeNote}
          violations={draft.violations}
          setChangeNote={draft.setChangeNote}
          flush={draft.flush}
          reload={reload}
          notReady={emptyPages(root).map((p) => `The page “${p}” has nothing on it: add questions or guidance to it in Build, or remove it.`)}
        />
      )}
      </div>
    </>
  );
}

/** What to do about a change saved elsewhere: keep both when they changed different things, or take theirs. */
function DraftConflictPanel({ version, conflict, onMerge, onReload }: { version: number; conflict: DraftConflict | null; onMerge: () => void; onReload: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="govuk-error-summary" role="region" aria-labelledby="draft-conflict-title">
      <h2 className="govuk-error-summary__title" id="draft-conflict-title" tabIndex={-1} ref={heading}>
        This draft was changed somewhere else
      </h2>
      <div className="govuk-error-summary__body">
        {!conflict ? (
          <p className="govuk-body" role="status">
            Looking at what was changed…
          </p>
        ) : conflict.closed ? (
          <>
            <p className="govuk-body">Version {version} was published or retired in another tab or by someone else, so nothing more can be saved to it. The changes made in this tab since it was last saved cannot be kept.</p>
            <button type="button" className="govuk-button" onClick={onReload}>
              Reload the form
            </button>
          </>
        ) : conflict.canMerge ? (
          <>
            <p className="govuk-body">Someone saved changes to this draft in another tab or on another computer. The changes made in this tab since then are not saved yet. They changed different things, so both can be kept.</p>
            <div className="govuk-button-group">
              <button type="button" className="govuk-button" onClick={onMerge}>
                Keep both: add my changes to theirs
              </button>
              <button type="button" className="govuk-button govuk-button--warning" onClick={onReload}>
                Take theirs and lose my changes
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="govuk-body">Someone saved changes to this draft in another tab or on another computer, and you both changed:</p>
            <ul className="govuk-list govuk-list--bullet">
              {conflict.overlaps.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
            <p className="govuk-body">Only one version can be kept. Take theirs, then make your changes again.</p>
            <button type="button" className="govuk-button govuk-button--warning" onClick={onReload}>
              Take theirs and lose my changes
            </button>
          </>
        )}
      </div>
    </div>
  );
}
