/**
 * What a right answer to a text question looks like: a named format (NHS number, UK postcode…,
 * checked fully by the server) or a custom pattern (tried live on samples), an example of a right
 * answer, and the message people see when their answer does not match, whose default is shown
 * as the hint — the very sentence the server would use.
 */
import { useRef, useState } from 'react';
import { defaultFormatMessage } from '../../engine/validation/messages.js';
import { NAMED_FORMATS } from '../../engine/validation/named-formats.js';
import type { FieldProps } from '../model/index.js';
import { SelectProp, TextProp } from './inputs.js';
import { PatternTester } from './PatternTester.js';

type Choice = 'none' | 'custom' | string;

const CHOICES: ReadonlyArray<readonly [Choice, string]> = [['none', 'Any text'], ...NAMED_FORMATS.map((f) => [f.name, f.title] as const), ['custom', 'Custom pattern']];

export function FormatEditor(props: { id: string; field: FieldProps; refused(key: keyof FieldProps): string | undefined; set(patch: Partial<FieldProps>): void }) {
  const { id, field, refused, set } = props;
  const canChoose = field.settable?.includes('format') ?? false;
  // "Custom pattern" chosen, the pattern not yet written: nothing is stored until it is.
  const [custom, setCustom] = useState(false);
  const choice: Choice = field.format ?? (field.pattern !== undefined || custom ? 'custom' : 'none');
  // The arrow keys on a closed choice go through every option on the way, each one chosen in turn:
  // each choice's pattern and message are remembered while the question is open, and come back
  // with it; a message written for one format never carries over to another.
  const memory = useRef(new Map<Choice, { pattern?: string | undefined; message?: string | undefined }>());
  const choose = (v: Choice) => {
    memory.current.set(choice, { pattern: field.pattern, message: field.formatMessage });
    const back = memory.current.get(v) ?? {};
    setCustom(v === 'custom');
    if (v === 'custom') set({ format: undefined, pattern: back.pattern, formatMessage: back.pattern === undefined ? undefined : back.message });
    else set({ format: v === 'none' ? undefined : v, pattern: undefined, formatMessage: v === 'none' ? undefined : back.message });
  };
  const showPattern = !canChoose || choice === 'custom';
  const hasFormat = field.format !== undefined || field.pattern !== undefined || field.kind === 'email';
  const fallback = defaultFormatMessage(field.label, { ...(field.example !== undefined ? { examples: [field.example] } : {}) }, field.format ?? (field.kind === 'email' ? 'email' : undefined));
  return (
    <>
      {canChoose && (
        <SelectProp id={`${id}-format`} label="Format" hint="What a right answer looks like. Named formats are checked fully, for example an NHS number’s check digit." value={choice} options={CHOICES} onChange={choose} />
      )}
      {showPattern && (
        <>
          <TextProp
            id={`${id}-pattern`}
            error={refused('pattern')}
            label={canChoose ? 'Pattern' : 'Pattern (optional)'}
            hint="A regular expression the answer must match, e.g. ^SW[0-9]+$ for a Social Work England number."
            spellCheck={false}
            value={field.pattern ?? ''}
            onCommit={(v) => set({ pattern: v || undefined })}
          />
          <PatternTester id={`${id}-pattern`} pattern={field.pattern ?? ''} />
          {field.pattern !== undefined && (
            <TextProp id={`${id}-example`} error={refused('example')} label="Example of a right answer (optional)" hint="Shown in the message people see, e.g. SW123456." width="govuk-input--width-20" value={field.example ?? ''} onCommit={(v) => set({ example: v || undefined })} />
          )}
        </>
      )}
      {hasFormat && (
        <TextProp
          id={`${id}-format-message`}
          error={refused('formatMessage')}
          label="Message if the answer does not match (optional)"
          hint={`Say what a right answer looks like, with an example. If you leave it empty, people see: “${fallback}”`}
          value={field.formatMessage ?? ''}
          onCommit={(v) => set({ formatMessage: v.trim() || undefined })}
        />
      )}
    </>
  );
}
