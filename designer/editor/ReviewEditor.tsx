/**
 * "Review and sign-off" of a form version: when the case recording system gets the record, and
 * the stages a submitted record goes through (who acts, by when, a section only they fill, the
 * words on their button). Stages are added, changed, moved up and down and removed with buttons,
 * each an edit that can be undone. Kept as the schema's root `x-review` (designer/model/review.ts).
 */
import { useState } from 'react';
import type { FieldError } from '../../runtime/api/client.js';
import {
  DesignError,
  DUE_DAYS_MAX,
  DUE_DAYS_MIN,
  RELATIONSHIPS,
  RELATIONSHIP_WORDS,
  ROLE_WORDS,
  STAGE_ROLES,
  addStage,
  moveStage,
  removeStage,
  reviewOf,
  sectionChoices,
  setDeliverAt,
  updateStage,
  type Definition,
  type DeliverAt,
  type EditResult,
  type Relationship,
  type StageDefinition,
  type StagePatch,
} from '../model/index.js';
import { CheckboxProp, NumberProp, RadiosProp, SelectProp, TextProp } from './inputs.js';
import { ProblemsHere } from './ProblemsHere.js';

/** EditorPage's apply: makes the edit (undoable, saved) and then focuses the element whose id `focus` gives. */
export type Apply = (run: () => EditResult, focus?: () => string | null) => unknown;

const DELIVER: ReadonlyArray<readonly [DeliverAt, string, string]> = [
  ['submit', 'When it is submitted', 'And again each time it is resubmitted and when the last stage signs it off, so the case recording system always has the latest.'],
  ['final-sign-off', 'Only when the last stage signs it off', 'Nothing reaches the case recording system while the record is being reviewed.'],
];
const NO_SECTION = '';
const stageId = (i: number) => `review-stage-${i}`;

export function ReviewEditor({ definition, apply, fixed, problems }: { definition: Definition; apply: Apply; fixed: ReadonlySet<string>; problems: FieldError[] }) {
  const review = reviewOf(definition);
  const sections = sectionChoices(definition);
  // A box whose value was refused keeps it, with why; keyed by stage and box.
  const [refused, setRefused] = useState<Record<string, string>>({});
  // A stage being given a group: the group's name is needed before the change can be kept.
  const [pendingGroup, setPendingGroup] = useState<ReadonlySet<number>>(new Set());

  const attempt = (key: string, run: () => EditResult, focus?: () => string | null) => {
    let result: EditResult;
    try {
      result = run();
    } catch (err) {
      if (!(err instanceof DesignError)) throw err;
      setRefused((was) => ({ ...was, [key]: err.message }));
      return;
    }
    setRefused((was) => Object.fromEntries(Object.entries(was).filter(([k]) => k !== key)));
    apply(() => result, focus);
  };
  /** After stages moved or went, what was refused at them no longer belongs where it was. */
  const reset = () => {
    setRefused({});
    setPendingGroup(new Set());
  };
  const set = (i: number, key: keyof StagePatch, patch: StagePatch) => attempt(`${i}-${key}`, () => updateStage(definition, i, patch, { fixed }));

  const add = () => {
    reset();
    apply(
      () => addStage(definition),
      () => `${stageId(review.stages.length)}-name`,
    );
  };
  const move = (i: number, to: number, button: 'up' | 'down') => {
    reset();
    const last = review.stages.length - 1;
    // The same button on the stage at its new place, unless it is at the end it moved towards.
    const again = (button === 'up' && to > 0) || (button === 'down' && to < last);
    apply(
      () => moveStage(definition, i, to),
      () => `${stageId(to)}-${again ? button : button === 'up' ? 'down' : 'up'}`,
    );
  };
  const remove = (i: number) => {
    reset();
    const left = review.stages.length - 1;
    apply(
      () => removeStage(definition, i),
      () => (left === 0 ? 'review-add' : `${stageId(Math.min(i, left - 1))}-title`),
    );
  };

  return (
    <section aria-labelledby="review-intro-heading">
      <h2 className="govuk-heading-m" id="review-intro-heading">
        Stages after submit
      </h2>
      <p className="govuk-body">
        A submitted record can go through stages: at each one, the person you choose signs it off or returns it to its author with a reason. Each stage is in that person's work list, with the day it is due. These settings belong to this version of the form.
      </p>
      <ProblemsHere id="review-problems" problems={problems} heading={(n) => (n === 1 ? 'A problem to fix before publishing' : `${n} problems to fix before publishing`)} />
      {review.stages.length === 0 ? (
        <p className="govuk-body" id="review-none">
          This form has no stages: a record is finished when it is submitted, and the case recording system gets it then.
        </p>
      ) : (
        <RadiosProp id="review-deliver" legend="When the case recording system gets the record" value={review.deliverAt} options={DELIVER} onChange={(value) => apply(() => setDeliverAt(definition, value))} />
      )}
      <ol className="app-stages">
        {review.stages.map((stage, i) => (
          <Stage
            // By place: a name being typed must not lose its box when the id made from it changes.
            key={i}
            index={i}
            count={review.stages.length}
            stage={stage}
            others={review.stages.filter((_, j) => j !== i)}
            sections={sections}
            refused={(key) => refused[`${i}-${key}`]}
            pendingGroup={pendingGroup.has(i) && stage.actor.relationship !== 'group'}
            setPendingGroup={(on) =>
              setPendingGroup((was) => {
                const next = new Set(was);
                if (on) next.add(i);
                else next.delete(i);
                return next;
              })
            }
            set={(key, patch) => set(i, key, patch)}
            onMove={(to, button) => move(i, to, button)}
            onRemove={() => remove(i)}
          />
        ))}
      </ol>
      <button type="button" className="govuk-button govuk-button--secondary" id="review-add" onClick={add}>
        Add a stage
      </button>
    </section>
  );
}

interface StageProps {
  index: number;
  count: number;
  stage: StageDefinition;
  others: StageDefinition[];
  sections: Array<{ name: string; label: string }>;
  refused(key: keyof StagePatch): string | undefined;
  pendingGroup: boolean;
  setPendingGroup(on: boolean): void;
  set(key: keyof StagePatch, patch: StagePatch): void;
  onMove(to: number, button: 'up' | 'down'): void;
  onRemove(): void;
}

function Stage({ index, count, stage, others, sections, refused, pendingGroup, setPendingGroup, set, onMove, onRemove }: StageProps) {
  const id = stageId(index);
  const name = stage.name;
  const relationship: Relationship = pendingGroup ? 'group' : stage.actor.relationship;
  const free = sections.filter((s) => !others.some((o) => o.section === s.name));
  const sectionOptions: Array<readonly [string, string]> = [[NO_SECTION, 'None: the author fills in the whole form'], ...free.map((s) => [s.name, s.label] as const)];
  if (stage.section !== undefined && !free.some((s) => s.name === stage.section)) sectionOptions.push([stage.section, `${stage.section} (not a section of this form)`]);
  return (
    <li className="app-stage">
      <h3 className="govuk-heading-s" id={`${id}-title`} tabIndex={-1}>
        Stage {index + 1}: {name}
      </h3>
      <TextProp id={`${id}-name`} label="Name of the stage" hint="What people see in their work list and on the record, like “Manager sign-off”." error={refused('name')} value={name} onCommit={(v) => set('name', { name: v })} />
      <SelectProp id={`${id}-role`} label="Who acts at this stage" value={stage.actor.role} options={STAGE_ROLES.map((r) => [r, ROLE_WORDS[r]] as const)} onChange={(v) => set('role', { role: v })} />
      <SelectProp
        id={`${id}-relationship`}
        label="Which one"
        value={relationship}
        options={RELATIONSHIPS.map((r) => [r, RELATIONSHIP_WORDS[r]] as const)}
        onChange={(v) => {
          // A group needs its name before the stage can be kept with it.
          if (v === 'group' && stage.actor.relationship !== 'group') return setPendingGroup(true);
          setPendingGroup(false);
          if (v !== stage.actor.relationship) set('relationship', { relationship: v });
        }}
      />
      {relationship === 'group' && (
        <TextProp
          id={`${id}-group`}
          label="Name of the group"
          hint={`Small letters, digits and hyphens, like “qa-moderators”: administrators give people this group in their accounts.${pendingGroup ? ' The stage keeps its earlier choice until the group’s name is entered.' : ''}`}
          width="govuk-input--width-20"
          spellCheck={false}
          onlyOnLeave
          error={refused('group')}
          value={stage.actor.group ?? ''}
          onCommit={(v) => {
            set('group', { relationship: 'group', group: v });
          }}
        />
      )}
      <CheckboxProp id={`${id}-not-author`} label="Not the person who wrote the record" checked={stage.actor.notAuthor !== false} onChange={(v) => set('notAuthor', { notAuthor: v })} />
      <CheckboxProp
        id={`${id}-not-earlier`}
        label="Not someone who acted at an earlier stage"
        hint={index === 0 ? 'The first stage has no earlier stage; this matters if it is moved down.' : undefined}
        checked={stage.actor.notEarlierActor === true}
        onChange={(v) => set('notEarlierActor', { notEarlierActor: v })}
      />
      <NumberProp
        id={`${id}-due`}
        label="Working days to act"
        hint={`From the day the record reaches this stage; ${DUE_DAYS_MIN} to ${DUE_DAYS_MAX}. Weekends and England and Wales bank holidays are not counted.`}
        error={refused('dueWorkingDays')}
        value={stage.dueWorkingDays}
        onCommit={(v) => set('dueWorkingDays', { dueWorkingDays: v ?? Number.NaN })}
      />
      {sections.length === 0 ? (
        <p className="govuk-hint" id={`${id}-no-sections`}>
          None of this form's sections keeps its answers together in the data (as the shipped templates' sections do), so no section can be left for this stage to fill in.
        </p>
      ) : (
        <SelectProp
          id={`${id}-section`}
          label="A section only this stage fills in (optional)"
          hint="The author leaves it empty; it is not required when the record is submitted."
          value={stage.section ?? NO_SECTION}
          options={sectionOptions}
          onChange={(v) => set('section', { section: v === NO_SECTION ? null : v })}
        />
      )}
      <TextProp
        id={`${id}-sign-off`}
        label="Words on the sign-off button (optional)"
        hint="“Sign off” if left empty."
        width="govuk-input--width-20"
        error={refused('signOffLabel')}
        value={stage.signOffLabel ?? ''}
        onCommit={(v) => set('signOffLabel', { signOffLabel: v.trim() ? v : null })}
      />
      <div className="govuk-button-group">
        {index > 0 && (
          <button type="button" className="govuk-button govuk-button--secondary" id={`${id}-up`} onClick={() => onMove(index - 1, 'up')}>
            Move up<span className="govuk-visually-hidden"> the stage “{name}”</span>
          </button>
        )}
        {index < count - 1 && (
          <button type="button" className="govuk-button govuk-button--secondary" id={`${id}-down`} onClick={() => onMove(index + 1, 'down')}>
            Move down<span className="govuk-visually-hidden"> the stage “{name}”</span>
          </button>
        )}
        <button type="button" className="govuk-button govuk-button--warning" id={`${id}-remove`} onClick={onRemove}>
          Remove<span className="govuk-visually-hidden"> the stage “{name}”</span>
        </button>
      </div>
    </li>
  );
}
