/**
 * "Track as actions" on a repeating group: tick it, and choose which of the rows' questions is the
 * action, who owns it (their ICS worker id) and when it is due; only questions of the right kind
 * are offered, and a group that lacks one is told what it lacks. Kept as the group's `x-actions`
 * (designer/model/actions.ts).
 */
import { useMemo } from 'react';
import { PART_WORDS, actionsChoices, actionsOf, guessActions, setActions, type ActionsMarking, type ActionsPart, type Definition, type EditResult } from '../model/index.js';
import { CheckboxProp, SelectProp } from './inputs.js';

const PARTS: readonly ActionsPart[] = ['action', 'owner', 'due'];

export function ActionsEditor({ id, definition, path, apply }: { id: string; definition: Definition; path: string; apply(run: () => EditResult): void }) {
  const choices = useMemo(() => actionsChoices(definition, path), [definition, path]);
  const current = useMemo(() => actionsOf(definition, path), [definition, path]);
  const guess = guessActions(choices);
  const change = (marking: ActionsMarking | null) => apply(() => setActions(definition, path, marking));
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby={`${id}-hint`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Track as actions</legend>
      <div className="govuk-hint" id={`${id}-hint`}>
        Each row becomes an action followed up until it is done: it goes to its owner's work list with its due date once the record is signed off at its last stage (or when it is submitted, if the form has no review stages).
      </div>
      {current === null && guess === null ? (
        <p className="govuk-body" id={`${id}-missing`}>
          To track these rows as actions: {choices.missing.join(' ')}
        </p>
      ) : (
        <CheckboxProp id={`${id}-on`} label="Track these rows as actions" checked={current !== null} onChange={(on) => change(on ? guess : null)} />
      )}
      {current !== null &&
        PARTS.map((part) => {
          const list = choices[part];
          const options: Array<readonly [string, string]> = list.map((x) => [x.name, x.label] as const);
          // Written by hand (the Advanced view) and not fitting: shown, so it can be put right.
          if (!list.some((x) => x.name === current[part])) options.unshift([current[part], `${current[part] || 'Nothing'} (does not fit: choose another)`]);
          return <SelectProp key={part} id={`${id}-${part}`} label={PART_WORDS[part]} value={current[part]} options={options} onChange={(v) => change({ ...current, [part]: v })} />;
        })}
      {current !== null && choices.missing.length > 0 && <p className="govuk-error-message">{choices.missing.join(' ')}</p>}
    </fieldset>
  );
}
