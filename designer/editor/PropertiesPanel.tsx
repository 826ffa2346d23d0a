/**
 * The selected item's properties: for a question its label, name in the data, hint, required,
 * default, limits, format (a named one, or a pattern tried on samples) and its message, a
 * calculated answer's calculation, options with codes (or from a shared list), and its display rule;
 * for a repeating group also whether its rows are tracked as actions; for a
 * page or section its title (and name in the data, when its questions are kept in one object)
 * and rule. Problems the policy found here are shown at the top of the panel.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FieldError } from '../../runtime/api/client.js';
import {
  DesignError,
  adoptOptionList,
  dataName,
  fieldProps,
  fieldsBefore,
  renameField,
  ruleOf,
  setFieldProps,
  setLabel,
  setRule,
  stopUsingOptionList,
  type Definition,
  type DesignNode,
  type EditResult,
  type FieldProps,
} from '../model/index.js';
import { CheckboxProp, NumberProp, SelectProp, TextProp } from './inputs.js';
import { OptionsEditor } from './OptionsEditor.js';
import { FormatEditor } from './FormatEditor.js';
import { ChecksEditor } from './ChecksEditor.js';
import { CarryForwardEditor } from './CarryForwardEditor.js';
import { canCarry } from '../model/carry-forward.js';
import { PrefillEditor } from './PrefillEditor.js';
import { ActionsEditor } from './ActionsEditor.js';
import { ProblemsHere } from './ProblemsHere.js';
import { canTrackActions } from '../model/actions.js';
import { RuleEditor } from './RuleEditor.js';
import { CalculationEditor } from './CalculationEditor.js';
import { kindWords } from './Outline.js';
import { OptionSource } from '../option-lists/OptionSource.js';
import { FilesEditor, useUploadMaxBytes } from './FilesEditor.js';

/** What the panel edits: the field's settings, and its name in the data. */
type Key = keyof FieldProps | 'name';

/** Properties edited in a box of their own, where a refusal is shown. */
const INLINE = new Set<Key>(['label', 'name', 'hint', 'fileTypes', 'maxFileSizeMb', 'maxLength', 'minLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'default', 'formatMessage', 'example']);

/** The boxes' names, for the save status to say what was not saved. */
const BOX_WORDS: Record<string, string> = {
  label: 'Question',
  name: 'Name in the data',
  hint: 'Hint',
  maxLength: 'Most characters',
  minLength: 'Fewest characters',
  minimum: 'the lowest value or earliest date',
  maximum: 'the highest value or latest date',
  minItems: 'Fewest rows',
  maxItems: 'Most rows',
  pattern: 'Pattern',
  default: 'Answer filled in to start with',
  options: 'Options',
  fileTypes: 'Types of file people can upload',
  maxFileSizeMb: 'Most size per file',
};

const NAME_HINT = "Records, exports and the case recording system's mappings use this name.";

export interface PanelProps {
  definition: Definition;
  node: DesignNode;
  problems: FieldError[];
  /** Data paths published versions hold, with the first version that did: their names cannot change. */
  fixed: ReadonlyMap<string, number>;
  onEdit(result: EditResult): void;
  onError(message: string): void;
  onRemove(): void;
  /** What the panel holds that was refused and so is not saved (the names of its boxes; empty when nothing). */
  onRefused?(boxes: string[]): void;
  /** The form's id (its other forms are offered to fill answers in from). */
  formId?: string;
}

export function PropertiesPanel({ definition, node, problems, fixed, onEdit, onError, onRemove, onRefused, formId }: PanelProps) {
  const isField = node.kind === 'field' || node.kind === 'repeatable-group';
  const props: FieldProps | null = useMemo(() => (isField ? fieldProps(definition, node.path) : null), [definition, node.path, isField]);
  const name = useMemo(() => (node.kind === 'form' ? null : dataName(definition, node.path)), [definition, node.path, node.kind]);
  const rule = useMemo(() => (node.kind === 'form' ? null : ruleOf(definition, node.path)), [definition, node.path, node.kind]);
  const fields = useMemo(() => (node.kind === 'form' ? [] : fieldsBefore(definition, node.path)), [definition, node.path, node.kind]);
  const id = `prop-${node.path.replace(/\./g, '-') || 'form'}`;
  const uploadMaxBytes = useUploadMaxBytes();

  const apply = (run: () => EditResult) => {
    try {
      onEdit(run());
    } catch (err) {
      if (err instanceof DesignError) onError(err.message);
      else throw err;
    }
  };
  // A change the model refuses (a minimum above the maximum…) is shown at its box, which keeps
  // what was typed; nothing is saved until it is put right.
  const [refused, setRefused] = useState<Partial<Record<Key, string>>>({});
  const attempt = (keys: Key[], run: () => EditResult) => {
    try {
      const r = run();
      setRefused((was) => Object.fromEntries(Object.entries(was).filter(([k]) => !keys.includes(k as Key))));
      onEdit(r);
    } catch (err) {
      if (!(err instanceof DesignError)) throw err;
      if (keys.length === 1 && INLINE.has(keys[0]!)) setRefused((was) => ({ ...was, [keys[0]!]: err.message }));
      else onError(err.message);
    }
  };
  // A label change takes a name made from the old label along, unless it is published.
  const set = (patch: Partial<FieldProps>) => attempt(Object.keys(patch) as Key[], () => setFieldProps(definition, node.path, patch, { fixed, uploadMaxBytes }));
  const refusedOf = (key: Key) => refused[key];
  const files = props?.kind === 'files';
  const [optionsInvalid, setOptionsInvalid] = useState(false);
  const onOptionsInvalid = useCallback((invalid: boolean) => setOptionsInvalid(invalid), []);
  const refusedWords = [...Object.keys(refused), ...(optionsInvalid ? ['options'] : [])].map((k) => (files && k === 'maxItems' ? 'Most files' : (BOX_WORDS[k] ?? k))).join('|');
  useEffect(() => onRefused?.(refusedWords ? refusedWords.split('|') : []), [refusedWords, onRefused]);
  useEffect(() => () => onRefused?.([]), [onRefused]);
  const publishedIn = name ? fixed.get(name.pointer) : undefined;
  const nameBox = name && (
    <TextProp
      id={`${id}-name`}
      label="Name in the data"
      hint={publishedIn === undefined ? NAME_HINT : `${NAME_HINT} Published in version ${publishedIn}, so it cannot change.`}
      width="govuk-input--width-20"
      spellCheck={false}
      onlyOnLeave
      readOnly={publishedIn !== undefined}
      error={refusedOf('name')}
      value={name.name}
      onCommit={(v) => attempt(['name'], () => renameField(definition, node.path, v))}
    />
  );
  const can = (key: keyof FieldProps) => props?.settable?.includes(key) ?? false;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 className="govuk-heading-m" id={`${id}-title`}>
        {node.label || '(no label)'} <span className="govuk-caption-m">{kindWords(node)}</span>
      </h2>
      <ProblemsHere id={`${id}-problems`} problems={problems} heading={(n) => (n === 1 ? 'A problem here' : `${n} problems here`)} />
      {props ? (
        <>
          <TextProp id={`${id}-label`} label="Question" error={refusedOf('label')} value={props.label} onCommit={(v) => set({ label: v })} />
          {nameBox}
          <TextProp id={`${id}-hint`} label="Hint (optional)" hint="Shown under the question to help people answer." multiline error={refusedOf('hint')} value={props.hint ?? ''} onCommit={(v) => set({ hint: v || undefined })} />
          {props.kind === 'calculated' && <CalculationEditor key={node.path} id={`${id}-calc`} definition={definition} path={node.path} onEdit={onEdit} />}
          {props.kind !== 'calculated' && <CheckboxProp
            id={`${id}-required`}
            label={props.requiredWhenShown ? 'Required when shown' : 'Required'}
            hint={props.requiredWhenShown ? 'A display rule can hide this question, so it is required only while it is shown.' : undefined}
            checked={props.required}
            onChange={(v) => set({ required: v })}
          />}
          {props.requiredByCondition && <p className="govuk-hint">This question is also required under a condition written in the schema (see the Advanced view).</p>}
          {can('readOnly') && <CheckboxProp id={`${id}-readonly`} label="Read only (filled in by the system)" checked={props.readOnly} onChange={(v) => set({ readOnly: v })} />}
          {can('options') && (
            <OptionSource id={`${id}-options`} field={props} onUse={(list) => apply(() => adoptOptionList(definition, node.path, list, { fixed }))} onStop={(name) => apply(() => stopUsingOptionList(definition, node.path, name))}>
              <OptionsEditor id={`${id}-options`} options={props.options ?? []} onCommit={(options) => set({ options })} onInvalid={onOptionsInvalid} />
            </OptionSource>
          )}
          {can('display') && (
            <SelectProp
              id={`${id}-display`}
              label="Show the options as"
              value={props.display ?? 'radios'}
              options={[
                ['radios', 'Radio buttons'],
                ['dropdown', 'A dropdown list'],
              ]}
              onChange={(v) => set({ display: v })}
            />
          )}
          {can('maxLength') && <NumberProp id={`${id}-maxlength`} error={refusedOf('maxLength')} label="Most characters" value={props.maxLength} onCommit={(v) => set({ maxLength: v })} />}
          {can('minLength') && <NumberProp id={`${id}-minlength`} error={refusedOf('minLength')} label="Fewest characters (optional)" value={props.minLength} onCommit={(v) => set({ minLength: v })} />}
          {can('minimum') && props.kind !== 'date' && <NumberProp id={`${id}-minimum`} error={refusedOf('minimum')} label="Lowest value (optional)" value={typeof props.minimum === 'number' ? props.minimum : undefined} onCommit={(v) => set({ minimum: v })} />}
          {can('maximum') && props.kind !== 'date' && <NumberProp id={`${id}-maximum`} error={refusedOf('maximum')} label="Highest value (optional)" value={typeof props.maximum === 'number' ? props.maximum : undefined} onCommit={(v) => set({ maximum: v })} />}
          {can('minimum') && props.kind === 'date' && (
            <TextProp id={`${id}-minimum`} error={refusedOf('minimum')} label="Earliest date (optional)" hint="Written YYYY-MM-DD, for example 2024-04-01." width="govuk-input--width-10" value={typeof props.minimum === 'string' ? props.minimum : ''} onCommit={(v) => set({ minimum: v.trim() || undefined })} />
          )}
          {can('maximum') && props.kind === 'date' && (
            <TextProp id={`${id}-maximum`} error={refusedOf('maximum')} label="Latest date (optional)" hint="Written YYYY-MM-DD, for example 2025-03-31." width="govuk-input--width-10" value={typeof props.maximum === 'string' ? props.maximum : ''} onCommit={(v) => set({ maximum: v.trim() || undefined })} />
          )}
          {files && <FilesEditor id={`${id}-files`} field={props} maxBytes={uploadMaxBytes} refused={refusedOf} set={set} />}
          {can('minItems') && <NumberProp id={`${id}-minitems`} error={refusedOf('minItems')} label="Fewest rows (optional)" value={props.minItems} onCommit={(v) => set({ minItems: v })} />}
          {can('maxItems') && !files && <NumberProp id={`${id}-maxitems`} error={refusedOf('maxItems')} label="Most rows" value={props.maxItems} onCommit={(v) => set({ maxItems: v })} />}
          {can('pattern') && <FormatEditor id={id} field={props} refused={refusedOf} set={set} />}
          {can('default') && props.kind !== 'yes-no' && props.kind !== 'single-choice' && (
            <TextProp id={`${id}-default`} error={refusedOf('default')} label="Answer filled in to start with (optional)" value={props.default === undefined ? '' : String(props.default)} onCommit={(v) => set({ default: v === '' ? undefined : props.kind === 'number' ? Number(v) : v })} />
          )}
          {node.kind === 'field' && props.kind !== 'calculated' && !files && <ChecksEditor key={node.path} id={`${id}-checks`} definition={definition} path={node.path} dates={props.kind === 'date' || props.kind === 'date-time' || props.kind === 'time'} apply={apply} />}
          {node.kind === 'field' && props.kind !== 'calculated' && !files && <PrefillEditor key={`prefill-${node.path}`} id={`${id}-prefill`} definition={definition} path={node.path} apply={apply} />}
          {canCarry(definition, node.path) && <CarryForwardEditor key={`carry-${node.path}`} id={`${id}-carry`} definition={definition} path={node.path} formId={formId} apply={apply} />}
          {node.kind === 'repeatable-group' && canTrackActions(definition, node.path) && <ActionsEditor key={`actions-${node.path}`} id={`${id}-actions`} definition={definition} path={node.path} apply={apply} />}
        </>
      ) : node.kind !== 'form' ? (
        <>
          <TextProp
            id={`${id}-label`}
            label={node.kind === 'guidance' ? 'Guidance text' : 'Title'}
            multiline={node.kind === 'guidance'}
            value={node.label}
            onCommit={(v) => apply(() => setLabel(definition, node.path, v))}
          />
          {nameBox}
        </>
      ) : null}
      {node.kind !== 'form' && <RuleEditor id={`${id}-rule`} rule={rule} fields={fields} onCommit={(r) => apply(() => setRule(definition, node.path, r))} />}
      {node.kind !== 'form' && (
        <button type="button" className="govuk-button govuk-button--warning" onClick={onRemove}>
          Remove {node.kind === 'field' ? 'this question' : `this ${kindWords(node).toLowerCase()}`}
        </button>
      )}
    </section>
  );
}
