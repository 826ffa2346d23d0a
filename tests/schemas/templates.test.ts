/**
 * The shipped form templates: each passes the definition policy, and its fixtures pin what the
 * validator accepts and exactly where it reports errors.
 */
import fs from 'node:fs';
import { describe, it, expect, vi, afterEach } from 'vitest';
import { checkDefinition } from '../../engine/policy/index.js';
import { Validators } from '../../engine/validation/index.js';
import { FORM_CATEGORIES, FORM_ID_PATTERN } from '../../engine/forms/model.js';
import { getAt, parsePointer } from '../../engine/json/pointer.js';
import { actorWords, deliverAtOf, reviewOf } from '../../engine/forms/review.js';

const ROOT = new URL('../../', import.meta.url);

type Json = Record<string, unknown>;

interface Template {
  form: { id: string; title: string; category: string; description: string; team: string };
  changeNote: string;
  schema: Json;
  uischema: Json;
}

interface InvalidFixture {
  data: unknown;
  errors: string[];
}

function readJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(new URL(relative, ROOT), 'utf8')) as T;
}

/** What each fixture shows, in the words the test names use. */
const TEMPLATES: Record<
  string,
  { valid: Record<string, string>; invalid: Record<string, string> }
> = {
  'case-file-audit': {
    valid: {
      'valid-child-protection-with-conversation':
        'accepts a complete child protection audit as the auditor submits it, with a safeguarding escalation, a practitioner conversation and three actions',
      'valid-thematic-without-conversation':
        'accepts a complete thematic audit with no safeguarding concern and no conversation',
      'valid-after-response-and-moderation':
        "accepts the audit once the practitioner's response and the moderation are added at their stages",
    },
    invalid: {
      'invalid-missing-required': 'reports a missing person id, a missing domain grade, and a missing conversation section as the question it needs answered',
      'invalid-codes-and-unknown-field': 'rejects option codes that are not on the list and a field the form does not have',
      'invalid-dates-and-cross-field':
        'rejects an impossible due date and a period that ends before it starts',
      'invalid-conditional-required':
        'requires escalation details, the date of the conversation, a theme and evidence when earlier answers call for them',
      'invalid-action-rows': 'points at the action row and cell that is missing or wrong',
      'invalid-too-long': 'rejects a rationale and a person id over their maximum length',
      'invalid-escalated-in-future': 'rejects an escalation time in the future',
      'invalid-future-and-too-early-dates': 'rejects an audit period starting before 2000 and a completion date in the future',
      'invalid-review-sections':
        "checks the stage sections when they are filled: the practitioner's view must be on the list and their response given; the moderation needs an outcome on the list (returning goes through Return for changes) and a rationale",
    },
  },
  'case-supervision': {
    valid: {
      'valid-planned-child-protection':
        'accepts a planned supervision with a sibling, attendees, previous actions and new actions',
      'valid-ad-hoc-with-disagreement':
        'accepts an ad hoc supervision with a supervisee who disagrees with the decision',
      'valid-after-sign-off': "accepts the supervision once the manager's decision is added at sign-off",
    },
    invalid: {
      'invalid-missing-required': "reports a missing person id and child's voice",
      'invalid-codes-and-unknown-field': 'rejects option codes that are not on the list and fields the form does not have',
      'invalid-future-meeting-same-people-bad-date':
        'rejects a meeting in the future, a supervisor supervising themselves and an impossible date',
      'invalid-cross-field-and-conditional':
        'rejects a next supervision before this one and requires a reason for disagreeing',
      'invalid-rows': 'points at the row and cell of each repeatable group that is missing or wrong',
      'invalid-too-long-and-out-of-range': 'rejects over-long analysis, an over-long sibling id and a scaling score above 10',
      'invalid-seen-too-long-ago-and-future-dates':
        'rejects a child last seen before 2000 and a last supervision after this one',
      'invalid-review-sections': "checks the manager's decision when it is filled: a rationale, and escalation details when escalation is needed",
    },
  },
  'return-to-work': {
    valid: {
      'valid-fit-note-phased-return':
        'accepts a fit-noted absence with recommendations, an occupational health referral and a phased return',
      'valid-self-certified-late-report':
        'accepts a self-certified absence where the reporting procedure was not followed',
      'valid-work-related-injury': 'accepts a work-related injury with an accident reference',
      'valid-after-confirmation': "accepts the interview once the employee's comments and consent are added at their confirmation",
    },
    invalid: {
      'invalid-missing-required':
        "reports a missing employee number, the employee's ICS worker id, reason and fitness to return",
      'invalid-codes-and-unknown-field': 'rejects option codes that are not on the list and a field the form does not have',
      'invalid-dates': 'rejects a last day before the first, an impossible return date and a fit note that ends before it starts',
      'invalid-return-not-after-last-day': 'rejects a return date that is not after the last day of absence',
      'invalid-conditional-required':
        'requires reporting details, fit note dates, recommendations, an accident reference and referral details when earlier answers call for them',
      'invalid-rows-and-limits':
        'points at phased return rows with a missing or out-of-range cell, over-long detail and a fractional count',
      'invalid-future-interview-and-too-early-absence': 'rejects an interview date in the future and an absence starting before 2000',
      'invalid-review-sections': "checks the employee's section when it is filled: both consent questions answered",
    },
  },
  'reflective-supervision': {
    valid: {
      'valid-held-newly-qualified':
        'accepts a held supervision of a newly qualified worker with a capacity concern and actions',
      'valid-cancelled-by-supervisor': 'accepts a supervision cancelled by the supervisor with a reason and no reflection',
      'valid-rearranged': 'accepts a rearranged supervision with the new date',
      'valid-after-acknowledgement': "accepts the supervision once the supervisee's comments are added at their acknowledgement",
    },
    invalid: {
      'invalid-missing-required': 'reports a missing supervisor, reflection on a held session and next supervision date',
      'invalid-codes-pattern-and-unknown-field':
        'rejects option codes not on the list, a malformed Social Work England number and a field the form does not have',
      'invalid-dates-times-and-same-person':
        'rejects an impossible date, an end time before the start and a supervisor supervising themselves',
      'invalid-cancelled-without-reason':
        'requires a reason for a cancelled session and a next supervision after this one',
      'invalid-conditional-and-rows':
        'requires times and capacity details, and points at the action and previous-action cells that are wrong',
      'invalid-too-long-and-negative': 'rejects an over-long reflection and a negative caseload',
      'invalid-session-in-the-future': 'rejects a session date in the future',
      'invalid-session-too-early': 'rejects a session date before 2000',
      'invalid-review-sections': "checks the supervisee's section when it is filled: comments within their length and no typed signing date",
    },
  },
};

/**
 * Who signs each template off after submit, and which repeating groups become tracked actions:
 * stage (name, who acts, days, the section only they fill), then `x-actions` groups by pointer.
 */
const OVERSIGHT: Record<string, { deliverAt: string; stages: string[]; actions: string[] }> = {
  'case-file-audit': {
    deliverAt: 'final-sign-off',
    stages: [
      "Practitioner's response | a practitioner: the child's allocated worker | not the author | 10 days | practitionerResponse",
      'Moderation | a manager: members of the group "qa-moderators" | not the author, not an earlier actor | 10 days | moderation',
    ],
    actions: ['/actions'],
  },
  'case-supervision': {
    deliverAt: 'final-sign-off',
    stages: ["Manager sign-off | a manager: the author's line manager | not the author | 5 days | decision"],
    actions: ['/nextSteps/actions'],
  },
  'return-to-work': {
    deliverAt: 'final-sign-off',
    stages: ["Employee's confirmation | a practitioner: the employee the record is about | not the author | 5 days | employeeConfirmation"],
    actions: [],
  },
  'reflective-supervision': {
    deliverAt: 'final-sign-off',
    stages: ["Supervisee's acknowledgement | a practitioner: the employee the record is about | not the author | 5 days | superviseeAcknowledgement"],
    actions: ['/actions'],
  },
};

/** Pointers of the schema's fields that `keep` picks, walking objects and array rows. */
function fieldsWhere(node: Json, keep: (name: string, field: Json) => boolean, at = ''): string[] {
  const out: string[] = [];
  for (const [name, field] of Object.entries((node.properties as Record<string, Json> | undefined) ?? {})) {
    if (keep(name, field)) out.push(`${at}/${name}`);
    out.push(...fieldsWhere(field, keep, `${at}/${name}`));
    const items = field.items as Json | undefined;
    if (items && typeof items === 'object') out.push(...fieldsWhere(items, keep, `${at}/${name}/*`));
  }
  return out;
}

// ---- Reading the UI schema --------------------------------------------------------------

interface UiElement {
  type: string;
  scope?: string;
  label?: string;
  elements?: UiElement[];
  rule?: { condition?: { scope?: string } };
  options?: { detail?: UiElement };
}

/** `#/properties/a/properties/b` → ['a', 'b']. */
function scopeTokens(scope: string): string[] {
  const parts = parsePointer(scope.replace(/^#/, ''));
  const tokens: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'properties' || parts[i + 1] === undefined) throw new Error(`scope ${scope} is not a property path`);
    tokens.push(parts[i + 1]!);
  }
  return tokens;
}

/** Every Control: its data path (array items as `*`) and its label. */
function controlLabels(uischema: UiElement): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (el: UiElement, prefix: string[]): void => {
    if (el.type === 'Control' && el.scope) {
      const path = [...prefix, ...scopeTokens(el.scope)];
      if (el.label) labels.set('/' + path.join('/'), el.label);
      if (el.options?.detail) walk(el.options.detail, [...path, '*']);
    }
    for (const child of el.elements ?? []) walk(child, prefix);
  };
  walk(uischema, []);
  return labels;
}

/** Every scope in the UI schema (controls, details and rule conditions), with the schema it resolves against. */
function uiScopes(uischema: UiElement, schema: Json): { scope: string; base: Json }[] {
  const out: { scope: string; base: Json }[] = [];
  const walk = (el: UiElement, base: Json): void => {
    if (el.rule?.condition?.scope) out.push({ scope: el.rule.condition.scope, base: schema });
    if (el.type === 'Control' && el.scope) {
      out.push({ scope: el.scope, base });
      if (el.options?.detail) {
        const array = resolveScope(schema, base, el.scope);
        const items = array ? deref(schema, array.items as Json | undefined) : undefined;
        if (items) walk(el.options.detail, items);
        else out.push({ scope: `${el.scope} (detail items)`, base });
      }
    }
    for (const child of el.elements ?? []) walk(child, base);
  };
  walk(uischema, schema);
  return out;
}

function deref(root: Json, node: Json | undefined): Json | undefined {
  let cur = node;
  for (let hops = 0; cur && typeof cur.$ref === 'string' && hops < 10; hops++) {
    const name = cur.$ref.replace('#/definitions/', '');
    cur = (root.definitions as Record<string, Json> | undefined)?.[name];
  }
  return cur;
}

function resolveScope(root: Json, base: Json, scope: string): Json | undefined {
  let cur: Json | undefined = deref(root, base);
  for (const token of scopeTokens(scope)) {
    const props = cur?.properties as Record<string, Json> | undefined;
    cur = deref(root, props && Object.prototype.hasOwnProperty.call(props, token) ? props[token] : undefined);
    if (!cur) return undefined;
  }
  return cur;
}

/** The schema title at a data pointer, for errors on a section that has no Control of its own. */
function schemaTitle(root: Json, pointer: string): string | undefined {
  let cur: Json | undefined = root;
  for (const token of parsePointer(pointer)) {
    cur = deref(root, cur);
    if (!cur) return undefined;
    if (/^\d+$/.test(token) && cur.items) cur = cur.items as Json;
    else cur = (cur.properties as Record<string, Json> | undefined)?.[token];
  }
  return typeof cur?.title === 'string' ? cur.title : undefined;
}

/** The label a social worker sees for the field at a data pointer (a list item: the list's label). */
function uiLabelFor(labels: Map<string, string>, pointer: string): string | undefined {
  const tokens = parsePointer(pointer).map((t) => (/^\d+$/.test(t) ? '*' : t));
  const own = labels.get('/' + tokens.join('/'));
  if (own !== undefined || tokens[tokens.length - 1] !== '*') return own;
  return labels.get('/' + tokens.slice(0, -1).join('/'));
}

/** Whether the pointer names a field the form declares (an array row or a list item counts). */
function isDeclared(schema: Json, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  let cur: Json | undefined = schema;
  for (const token of tokens) {
    cur = deref(schema, cur);
    if (!cur) return false;
    if (/^\d+$/.test(token) && cur.items) cur = cur.items as Json;
    else cur = (cur.properties as Record<string, Json> | undefined)?.[token];
  }
  cur = deref(schema, cur);
  if (last === undefined || !cur) return false;
  if (/^\d+$/.test(last) && cur.items) return true;
  const props = cur.properties as Record<string, Json> | undefined;
  return !!props && Object.prototype.hasOwnProperty.call(props, last);
}

const SENTENCE = /^["'\u201cA-Z0-9][\s\S]*[.!?]$/;

// ---- The tests ----------------------------------------------------------------------------

afterEach(() => {
  vi.restoreAllMocks();
});

for (const [formId, fixtures] of Object.entries(TEMPLATES)) {
  describe(`template ${formId}`, () => {
    const template = readJson<Template>(`schemas/templates/${formId}.json`);
    const fixtureDir = `tests/schemas/fixtures/${formId}/`;
    const validators = new Validators();

    // One normalized definition per template: the validator may cache compiled schemas by identity.
    let normalized: { formId: string; version: number; hash: string; schema: Json; uischema: Json } | undefined;
    const normalizedDefinition = () => {
      if (!normalized) {
        const result = checkDefinition({ schema: template.schema, uischema: template.uischema });
        normalized = { formId, version: 1, hash: 'test', schema: result.normalized.schema as Json, uischema: result.normalized.uischema as Json };
      }
      return normalized;
    };

    it(`${formId} has form metadata the store accepts`, () => {
      expect(template.form.id).toBe(formId);
      expect(template.form.id).toMatch(FORM_ID_PATTERN);
      expect(FORM_CATEGORIES).toContain(template.form.category);
      expect(template.form.title.length).toBeGreaterThan(0);
      expect(template.form.description.length).toBeGreaterThan(0);
      expect(template.form.team).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(template.changeNote.length).toBeGreaterThan(0);
      expect(template.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(template.uischema.type).toBe('Categorization');
    });

    it(`${formId} passes the definition policy with no violations and prints nothing`, () => {
      const printed = [
        vi.spyOn(console, 'log').mockImplementation(() => {}),
        vi.spyOn(console, 'info').mockImplementation(() => {}),
        vi.spyOn(console, 'warn').mockImplementation(() => {}),
        vi.spyOn(console, 'error').mockImplementation(() => {}),
      ];
      const result = checkDefinition({ schema: template.schema, uischema: template.uischema });
      expect(result.violations).toEqual([]);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    });

    it(`${formId} gives every string a maximum length and every list a maximum size, so the policy applies no defaults`, () => {
      const result = checkDefinition({ schema: template.schema, uischema: template.uischema });
      // Notices report defaults the policy filled in; a shipped template spells everything out.
      expect(result.notices).toEqual([]);
    });

    it(`${formId} has a UI schema whose every scope resolves to a schema property`, () => {
      const scopes = uiScopes(template.uischema as unknown as UiElement, template.schema);
      expect(scopes.length).toBeGreaterThan(0);
      const unresolved = scopes
        .filter(({ scope, base }) => {
          try {
            return resolveScope(template.schema, base, scope) === undefined;
          } catch {
            return true;
          }
        })
        .map(({ scope }) => scope);
      expect(unresolved).toEqual([]);
    });

    it(`${formId} is signed off by its review stages, each with the section only its actor fills, and tracks its actions`, () => {
      const review = reviewOf(template.schema as never);
      const stages = (review?.stages ?? []).map((st) =>
        [
          st.name,
          actorWords(st),
          [st.actor.notAuthor !== false ? 'not the author' : 'the author may act', ...(st.actor.notEarlierActor ? ['not an earlier actor'] : [])].join(', '),
          `${st.dueWorkingDays} days`,
          st.section ?? '(no section)',
        ].join(' | '),
      );
      expect({ deliverAt: deliverAtOf(template.schema as never), stages, actions: fieldsWhere(template.schema, (_, f) => 'x-actions' in f) }).toEqual(OVERSIGHT[formId]);
      // A stage section is never what the author must submit, and has its own step in the form.
      const steps = ((template.uischema.elements as UiElement[] | undefined) ?? []).map((c) => JSON.stringify(c));
      for (const st of review?.stages ?? []) {
        expect(template.schema.required as string[]).not.toContain(st.section);
        expect(steps.filter((c) => c.includes(`#/properties/${st.section}/`)), `${st.section}'s step`).toHaveLength(1);
      }
    });

    it(`${formId} has no typed sign-off: who signed and when is the stage's e-signature, not an answer`, () => {
      const typed = fieldsWhere(template.schema, (name, f) => f.format === 'date-time' && /sign|acknowledg|moderat/i.test(`${name} ${String(f.title ?? '')}`));
      const ids = fieldsWhere(template.schema, (name) => /^(moderatorId|moderatedOn|moderationRequired)$/.test(name));
      expect([...typed, ...ids]).toEqual([]);
    });

    it(`${formId} has no fixture file the tests do not name`, () => {
      const named = new Set([...Object.keys(fixtures.valid), ...Object.keys(fixtures.invalid), 'draft-partial']);
      const onDisk = fs
        .readdirSync(new URL(fixtureDir, ROOT))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, ''));
      expect(onDisk.filter((f) => !named.has(f))).toEqual([]);
      expect([...named].filter((f) => !onDisk.includes(f))).toEqual([]);
    });

    for (const [file, behaviour] of Object.entries(fixtures.valid)) {
      it(`${formId} ${behaviour}`, () => {
        const data = readJson<unknown>(`${fixtureDir}${file}.json`);
        expect(validators.validate(normalizedDefinition(), data, 'submit')).toEqual([]);
      });
    }

    it(`${formId} saves a partial draft without errors`, () => {
      const data = readJson<unknown>(`${fixtureDir}draft-partial.json`);
      expect(validators.validate(normalizedDefinition(), data, 'draft')).toEqual([]);
    });

    it(`${formId} refuses to submit the partial draft, naming only the fields still missing`, () => {
      const data = readJson<unknown>(`${fixtureDir}draft-partial.json`);
      const errors = validators.validate(normalizedDefinition(), data, 'submit');
      expect(errors.length).toBeGreaterThan(0);
      // The draft's values are well-typed, so every complaint is about a required field that is absent.
      for (const error of errors) {
        expect(getAt(data, error.pointer), `${error.pointer}: ${error.message}`).toBeUndefined();
        expect(isDeclared(template.schema, error.pointer), error.pointer).toBe(true);
      }
    });

    const labels = controlLabels(template.uischema as unknown as UiElement);
    for (const [file, behaviour] of Object.entries(fixtures.invalid)) {
      it(`${formId} ${behaviour}`, () => {
        const fixture = readJson<InvalidFixture>(`${fixtureDir}${file}.json`);
        const errors = validators.validate(normalizedDefinition(), fixture.data, 'submit');
        const reported = [...new Set(errors.map((e) => e.pointer))].sort();
        expect(reported).toEqual([...fixture.errors].sort());
        for (const { pointer, message } of errors) {
          expect(message.trim(), pointer).toMatch(SENTENCE);
          const name = parsePointer(pointer).pop() ?? '';
          const uiLabel = uiLabelFor(labels, pointer);
          if (uiLabel !== undefined) {
            expect(message.toLowerCase(), pointer).toContain(uiLabel.toLowerCase());
          } else if (isDeclared(template.schema, pointer)) {
            // A section with no Control of its own: its schema title, or at least its name.
            const title = schemaTitle(template.schema, pointer);
            const mentions = [title, name].filter((x): x is string => !!x).map((x) => x.toLowerCase());
            expect(mentions.some((m) => message.toLowerCase().includes(m)), `${pointer}: ${message}`).toBe(true);
          } else {
            // A field the form does not have: the message names it so the caller can find it.
            expect(message, pointer).toContain(name);
          }
        }
      });
    }
  });
}
