/**
 * The OpenAPI 3.1 description of every route (GET /api/openapi.json). Request bodies reuse the
 * engine's own schemas (schemas/engine); responses are described here, closed
 * (additionalProperties: false), and tests check real responses against them.
 */
import { FORM_CATEGORIES } from '../forms/model.js';
import { FILE_TYPES, FILE_TYPE_NAMES } from '../files/model.js';
import { ROLES } from '../accounts/model.js';
import { DIRECTORY_KINDS } from '../directory/model.js';
import { DASHBOARD_IDS } from '../dashboards/model.js';
import { loadEngineSchema, type EngineSchemaName } from '../validation/requests.js';
import { PROBLEMS, type HttpProblemType } from './problems.js';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const time = str({ format: 'date-time' });

/** A closed object: every property listed, the `required` ones always present. */
function obj(properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', additionalProperties: false, properties, required };
}

/**
 * A draft-07 engine schema as an OAS 3.1 component: local definitions inlined (and definitions of
 * a sibling file, `other.json#/definitions/x`), whole sibling files referenced.
 */
function engineSchema(name: EngineSchemaName): Schema {
  const convert = (node: unknown, defs: Record<string, Schema>): unknown => {
    if (Array.isArray(node)) return node.map((n) => convert(n, defs));
    if (node === null || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node as Schema)) {
      if (k === '$schema' || k === '$id' || k === 'definitions') continue;
      if (k === '$ref' && typeof v === 'string') {
        const sibling = /^([a-z-]+)\.json#\/definitions\/([A-Za-z]+)$/.exec(v);
        if (v.startsWith('#/definitions/')) Object.assign(out, convert(defs[v.slice('#/definitions/'.length)], defs));
        else if (sibling) {
          const otherDefs = (loadEngineSchema(sibling[1] as EngineSchemaName).definitions ?? {}) as Record<string, Schema>;
          Object.assign(out, convert(otherDefs[sibling[2]!], otherDefs));
        } else out.$ref = `#/components/schemas/${COMPONENT_OF[v.replace('.json', '')] ?? v}`;
        continue;
      }
      out[k] = convert(v, defs);
    }
    return out;
  };
  const source = loadEngineSchema(name);
  return convert(source, (source.definitions ?? {}) as Record<string, Schema>) as Schema;
}

const COMPONENT_OF: Record<string, string> = {
  'form-input': 'FormInput',
  'form-update': 'FormUpdate',
  'definition-input': 'DefinitionInput',
  'submission-input': 'SubmissionInput',
  'account-input': 'AccountInput',
  'account-update': 'AccountUpdate',
  'token-input': 'TokenInput',
  'sign-in': 'SignIn',
};

const fieldError = obj({ pointer: str(), message: str(), keyword: str() }, ['pointer', 'message']);
const change = obj(
  {
    kind: str(),
    path: str(),
    pointer: str(),
    in: str({ enum: ['from', 'to'] }),
    field: str(),
    message: str(),
    breaking: { type: 'boolean' },
    detail: obj({ code: {}, keyword: str(), before: {}, after: {} }, []),
  },
  ['kind', 'path', 'pointer', 'in', 'field', 'message', 'breaking'],
);
const formFields = {
  id: str({ pattern: '^[a-z][a-z0-9-]{2,63}$' }),
  title: str(),
  category: str({ enum: [...FORM_CATEGORIES] }),
  description: str(),
  team: str(),
  subject: obj({ childId: str(), episodeId: str(), workerId: str() }, []),
  referencePrefix: str({
    pattern: '^[A-Z][A-Z0-9]{0,7}$',
    description: 'What the form’s new record references start with (SUP in SUP-2026-000123): the form’s own, or when it sets none the initials of its id’s words.',
  }),
  revision: int({ minimum: 1 }),
  createdBy: str(),
  createdAt: time,
  updatedBy: str(),
  updatedAt: time,
};
/** Present on every form: all but the subject and when its settings were last changed. */
const formRequired = Object.keys(formFields).filter((k) => !['subject', 'updatedBy', 'updatedAt'].includes(k));
const versionFields = {
  formId: str(),
  version: int({ minimum: 1 }),
  status: str({ enum: ['draft', 'published', 'retired'] }),
  changeNote: str(),
  hash: str({ pattern: '^sha256:[0-9a-f]{64}$' }),
  basedOn: int(),
  revision: int(),
  createdBy: str(),
  createdAt: time,
  updatedBy: str(),
  updatedAt: time,
  publishedBy: str(),
  publishedAt: time,
  retiredBy: str(),
  retiredAt: time,
};
const versionRequired = ['formId', 'version', 'status', 'changeNote', 'hash', 'revision', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'];
const subject = obj({ childId: str(), episodeId: str(), workerId: str() }, []);
const submissionFields = {
  id: str(),
  reference: str({
    pattern: '^[A-Z][A-Z0-9]{0,7}-[0-9]{4}-[0-9]{6,}$',
    description: 'The record’s reference for people, given when it is created (draft or submitted) and never changed or reused: the form’s prefix, the year it was created (Europe/London) and a number counted per prefix and year, at least 6 digits. Absent on records created before references existed.',
  }),
  formId: str(),
  version: int(),
  status: str({ enum: ['draft', 'submitted'] }),
  subject: ref('Subject'),
  revision: int(),
  team: str(),
  createdBy: str(),
  createdAt: time,
  updatedBy: str(),
  updatedAt: time,
  submittedBy: str(),
  submittedAt: time,
  submitSeq: int(),
  carriedForward: arr(obj({ pointer: str(), from: obj({ id: str(), formId: str(), version: int(), submittedAt: time, reference: str() }, ['id', 'formId', 'version', 'submittedAt']) })),
  prefilled: {
    ...arr(obj({ pointer: str(), source: str({ description: 'The directory value it came from, such as child.dateOfBirth (the x-prefill of the question).' }) })),
    description: 'Answers filled in from the ICS directory when the draft was started.',
  },
  review: { ...ref('ReviewStatus'), description: 'Where the record is in its form’s review stages (forms with stages, once submitted). A record returned for changes is a draft again with state "returned".' },
  signatures: { ...arr(ref('Signature')), description: 'Electronic signatures given at the review stages, oldest first.' },
  timeliness: {
    ...obj(
      {
        doneOn: str({ format: 'date', description: 'The day it was done (Europe/London): the answer the form’s x-schedule names as its date, else the day it completed.' }),
        month: str({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'YYYY-MM of doneOn.' }),
        completedAt: time,
        daysToComplete: int(),
        dueOn: str({ format: 'date', description: 'Per-record schedules: the day it was due (from + within).' }),
        onTime: { type: 'boolean' },
        measures: {
          type: 'object',
          additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
          description: 'The answers the version’s x-measures names, by key (the field pointer with / written __: /overall/grade is overall__grade); null where not answered.',
        },
      },
      ['doneOn', 'month', 'completedAt', 'daysToComplete'],
    ),
    description: 'Set when the record completes (submitted on a form without stages, or signed off at its last stage): when it was done and, for a per-record schedule, whether on time.',
  },
  createdByName: str({ description: 'In lists: the name of the account that started the record (its display name); left out when that account is no longer there.' }),
  subjectNames: {
    ...obj({ child: str(), worker: str() }, []),
    description: 'The ICS directory’s current names for the child and worker the record is about (for a merged child, the kept record’s name); left out when the directory knows neither id.',
  },
};
const submissionRequired = ['id', 'formId', 'version', 'status', 'subject', 'revision', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'];
const accountFields = {
  id: str(),
  username: str(),
  displayName: str(),
  role: str({ enum: [...ROLES] }),
  team: str(),
  disabled: { type: 'boolean' },
  revision: int(),
  createdBy: str(),
  createdAt: time,
  updatedBy: str(),
  updatedAt: time,
};
const connectorFields = {
  id: str(),
  kind: str(),
  title: str(),
  paused: { type: 'boolean' },
  retry: obj({ maxAttempts: int(), baseMs: int(), maxMs: int() }),
  dateFormat: str({ enum: ['YYYY-MM-DD', 'DD/MM/YYYY'] }),
  settings: { type: 'object' },
  revision: int(),
  createdBy: str(),
  createdAt: time,
  updatedBy: str(),
  updatedAt: time,
};
/** An ICS field of a mapping (rows of a group map one level down: MappingRowRule). */
const mappingRuleFields = {
  target: str({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
  from: str(),
  as: str({ enum: ['value', 'text', 'flag', 'date', 'code', 'files'] }),
  flag: obj({ yes: str(), no: str() }),
  join: arr(obj({ heading: str(), from: str() })),
  separator: str(),
  value: { type: ['string', 'number', 'boolean'] },
};
/** When a browser session ends (also in the Caseforms-Session-Expires header of every answer to it). */
const sessionExpiry = {
  expiresAt: { ...time, description: 'When the session ends if unused: moved on by activity (written at most once a minute) or by POST /api/session/renew; never after absoluteExpiresAt.' },
  absoluteExpiresAt: { ...time, description: 'When the session ends however active; then the person signs in again.' },
  idleMinutes: int({ minimum: 1, description: 'How long without activity ends a session.' }),
};
const listOption = obj({ code: str({ pattern: '^[A-Za-z0-9_-]{1,40}$' }), label: str() });
const listContent = { name: str(), description: str(), team: str(), options: arr(ref('ListOption')) };
const listVersionFields = {
  listId: str({ pattern: '^[a-z][a-z0-9-]{2,63}$' }),
  version: int({ minimum: 1 }),
  ...listContent,
  changeNote: str(),
  hash: str({ pattern: '^sha256:[0-9a-f]{64}$', description: 'sha256: of the RFC 8785 canonical JSON of the options.' }),
  createdBy: str(),
  createdAt: time,
};
const tokenFields = {
  id: str(),
  accountId: str(),
  name: str(),
  prefix: str(),
  createdAt: time,
  expiresAt: { ...time, description: 'When the token stops working. Every new token has one; a token made before tokens had to end stops working CASEFORMS_TOKEN_MAX_DAYS after it was made.' },
  revokedAt: { ...time, description: 'When it was revoked: by its owner, by an administrator, or because the account’s password changed or it was disabled or enabled again.' },
};

const role = str({ enum: ['designer', 'practitioner', 'manager', 'integrator', 'admin'] });
const day = str({ format: 'date' });
const reviewSchemas: Record<string, Schema> = {
  ReviewEntry: obj(
    { at: time, by: str(), name: str(), role, action: str({ enum: ['submitted', 'resubmitted', 'signed', 'returned'] }), stage: str(), stageName: str(), reason: str(), revision: int() },
    ['at', 'by', 'name', 'role', 'action', 'revision'],
  ),
  ReviewStatus: obj(
    {
      state: str({ enum: ['waiting', 'returned', 'complete'] }),
      stage: str({ description: 'The stage it waits at, or the stage that returned it.' }),
      stageName: str(),
      stageIndex: int(),
      arrivedAt: time,
      dueOn: { ...day, description: 'The London date of arrival plus the stage’s working days (England and Wales).' },
      keys: arr(str()),
      excluded: arr(str()),
      history: arr(ref('ReviewEntry')),
      deliveryRevision: int({ description: 'How many times the record has been queued for the ICS (0: never).' }),
    },
    ['state', 'keys', 'excluded', 'history', 'deliveryRevision'],
  ),
  Signature: obj(
    { id: str(), stage: str(), stageName: str(), by: str(), name: str(), role, workerId: str(), at: time, contentHash: str({ pattern: '^sha256:[0-9a-f]{64}$' }), revision: int(), statement: str(), intact: { type: 'boolean', description: 'GET …/review only: true when the content signed (less later stages’ sections) is what the record holds now.' } },
    ['id', 'stage', 'stageName', 'by', 'name', 'role', 'at', 'contentHash', 'revision', 'statement'],
  ),
  ReviewView: obj({
    deliverAt: str({ enum: ['submit', 'final-sign-off'] }),
    stages: arr(obj({ id: str(), name: str(), section: str(), signOffLabel: str(), dueWorkingDays: int(), who: str() }, ['id', 'name', 'dueWorkingDays', 'who'])),
    status: ref('ReviewStatus'),
    signatures: arr(ref('Signature')),
    you: obj({ may: str({ enum: ['sign', 'none'] }), stage: str(), why: str() }, ['may']),
  }, ['deliverAt', 'stages', 'signatures', 'you']),
  SignOff: obj({ stage: str({ maxLength: 40 }), data: { type: 'object', description: 'The stage section’s answers (a stage with a section); left out, what was saved.' } }, ['stage']),
  ReturnForChanges: obj({ stage: str({ maxLength: 40 }), reason: str({ maxLength: 2000 }) }, ['stage', 'reason']),
  StageAnswers: obj({ stage: str({ maxLength: 40 }), data: { type: 'object' } }, ['stage', 'data']),
  CommentInput: obj({ text: str({ maxLength: 4000 }) }),
  Comment: obj({ id: str(), at: time, by: str(), name: str(), text: str() }, ['id', 'at', 'by', 'text']),
  EmailSettings: obj({
    choice: str({ enum: ['immediate', 'digest', 'off'], description: 'immediate: each email as it happens (the default); digest: one summary a day at CASEFORMS_MAIL_DIGEST_HOUR; off: none.' }),
    address: nullable(str({ description: 'Where emails go: your work email in the ICS directory. null: none is known, so none are sent.' })),
    sending: { type: 'boolean', description: 'Whether this service sends email at all (CASEFORMS_SMTP_URL is set).' },
  }),
  EmailChoice: obj({ choice: str({ enum: ['immediate', 'digest', 'off'] }) }),
  CommentList: obj({ items: arr(ref('Comment')) }),
  ActionEntry: obj({ at: time, by: str(), name: str(), action: str({ enum: ['created', 'done', 'cancelled', 'reassigned', 'due-moved'] }), from: str(), to: str(), reason: str(), note: str() }, ['at', 'by', 'name', 'action']),
  TrackedAction: obj(
    {
      id: str(),
      submissionId: str(),
      reference: str(),
      formId: str(),
      version: int(),
      childId: str(),
      pointer: str(),
      text: str(),
      ownerWorkerId: str(),
      ownerAccountId: str(),
      ownerName: str(),
      team: str(),
      dueOn: day,
      status: str({ enum: ['open', 'done', 'cancelled'] }),
      doneOn: day,
      daysToClose: int({ minimum: 0, description: 'Whole calendar days from the day it was made (Europe/London) to doneOn; set when it is done.' }),
      note: str(),
      reason: str(),
      history: arr(ref('ActionEntry')),
      revision: int(),
      createdAt: time,
      createdBy: str(),
      updatedAt: time,
      updatedBy: str(),
      childName: str({ description: 'The ICS directory’s current name of the child (when it knows the id).' }),
      overdue: { type: 'boolean', description: 'Open and due before today (Europe/London).' },
      workingDaysOverdue: int(),
      you: obj({ mayComplete: { type: 'boolean' }, mayCancel: { type: 'boolean' }, mayReassign: { type: 'boolean' } }),
    },
    ['id', 'submissionId', 'formId', 'version', 'pointer', 'text', 'dueOn', 'status', 'history', 'revision', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'overdue'],
  ),
  ActionList: obj({ items: arr(ref('TrackedAction')), count: int(), nextCursor: nullable(str()) }),
  ActionDone: obj({ doneOn: day, note: str({ maxLength: 2000 }) }, ['note']),
  ActionCancel: obj({ reason: str({ maxLength: 2000 }) }),
  ActionReassign: obj({ ownerWorkerId: str({ maxLength: 40 }), reason: str({ maxLength: 2000 }) }),
  ActionDue: obj({ dueOn: day, reason: str({ maxLength: 2000 }) }),
  Work: obj({
    drafts: obj({ items: arr(ref('SubmissionSummary')), count: int() }),
    returned: obj({ items: arr(ref('SubmissionSummary')), count: int() }),
    waiting: obj({ items: arr(ref('SubmissionSummary')), count: int() }),
    actions: obj({ items: arr(ref('TrackedAction')), count: int() }),
    audits: obj({ items: arr(ref('AuditAssignment')), count: int() }),
  }),
  WorkRecords: obj({ list: str({ enum: ['waiting', 'returned'] }), items: arr(ref('SubmissionSummary')), nextCursor: nullable(str()) }, ['list', 'items', 'nextCursor']),
  TeamWork: obj(
    {
      team: str(),
      items: { type: 'array', items: {}, description: 'view=records: records (SubmissionSummary); view=actions: TrackedAction; view=workers: { workerId, accountId, name, open, overdue }.' },
      count: int(),
      nextCursor: nullable(str()),
    },
    ['team', 'items'],
  ),
};

// Dashboards (issue 15; engine/dashboards/model.ts)
const drillLink = obj({ href: str({ description: 'GET it for the list behind the number (a DrillPage); /drill.csv for its CSV.' }), label: str() });
const numberOrNull = nullable({ type: 'number' });
const unit = str({ enum: ['children', 'workers', 'records', 'actions', 'assignments', 'days', 'percent'] });
const teamRef = obj({ id: str(), name: str() });
const scope = obj({ kind: str({ enum: ['team', 'service-area', 'all'] }), teams: arr(teamRef), serviceArea: str() }, ['kind', 'teams']);
const tableColumn = obj({ key: str(), label: str(), unit }, ['key', 'label']);
const dashboardFilters = obj({ team: str(), from: day, to: day }, ['from', 'to']);
const dashboardSchemas: Record<string, Schema> = {
  DashboardIndex: obj({ scope, dashboards: arr(obj({ id: str(), title: str(), href: str() })) }),
  Dashboard: obj(
    {
      id: str({ enum: ['supervision', 'audits', 'actions', 'return-to-work', 'forms'] }),
      title: str(),
      scope,
      filters: dashboardFilters,
      generatedAt: time,
      summary: str({ description: 'One or two plain sentences.' }),
      forms: arr(obj({ id: str(), title: str(), rule: str() }, ['id', 'title'])),
      figures: arr(obj({ id: str(), label: str(), value: numberOrNull, unit, drill: drillLink }, ['id', 'label', 'value', 'drill'])),
      charts: arr(
        obj({
          id: str(),
          title: str(),
          kind: str({ enum: ['line', 'stacked-bar', 'bar'] }),
          summary: str({ description: 'The text alternative.' }),
          xLabel: str(),
          yLabel: str(),
          series: arr(obj({ key: str(), label: str() })),
          rows: arr(obj({ x: str(), values: { type: 'object', additionalProperties: { type: 'number' } }, drill: { type: 'object', additionalProperties: drillLink } }, ['x', 'values'])),
        }),
      ),
      tables: arr(
        obj({
          id: str(),
          title: str(),
          summary: str(),
          columns: arr(tableColumn),
          rows: arr(obj({ key: str(), cells: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } }, drill: { type: 'object', additionalProperties: drillLink } }, ['key', 'cells'])),
        }),
      ),
      notes: arr(str()),
    },
    ['id', 'title', 'scope', 'filters', 'generatedAt', 'summary', 'forms', 'figures', 'charts'],
  ),
  DrillPage: obj({
    dashboard: str(),
    list: str({ enum: ['overdue-children', 'children-by-band', 'overdue-workers', 'workers-by-band', 'completed-records', 'records', 'actions', 'assignments'] }),
    title: str(),
    filters: dashboardFilters,
    columns: arr(tableColumn),
    items: { type: 'array', items: { type: 'object', required: ['kind', 'id'], properties: { kind: str({ enum: ['record', 'child', 'worker', 'action', 'assignment'] }), id: str() } }, description: 'Records, children, workers, actions or audit assignments (see engine/dashboards/model.ts), each with `kind`.' },
    next: nullable(str()),
    csv: str({ description: 'The CSV of the whole list (at most 10,000 rows).' }),
  }),
};

// The audit programme (engine/audits).
const auditStatus = str({ enum: ['open', 'done', 'cancelled'] });
const legalStatus = str({ enum: ['CIN', 'CP', 'CLA', 'CL', 'EH', 'NONE'] });
const auditSchemas: Record<string, Schema> = {
  AuditEntry: obj({ at: time, by: str(), name: str(), action: str({ enum: ['assigned', 'done', 'cancelled', 'reassigned', 'due-moved'] }), from: str(), to: str(), reason: str(), submissionId: str() }, ['at', 'by', 'name', 'action']),
  AuditAssignment: obj(
    {
      id: str(),
      formId: str(),
      childId: str(),
      childName: str({ description: 'From the directory, for those who read the assignment (never in events or emails).' }),
      team: str({ description: 'The child’s team when assigned.' }),
      auditorAccountId: str(),
      auditorWorkerId: str(),
      auditorName: str(),
      dueOn: day,
      dueMonth: str({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
      status: auditStatus,
      submissionId: str({ description: 'done: the auditor’s completed record.' }),
      doneOn: day,
      onTime: { type: 'boolean', description: 'done: doneOn is on or before dueOn.' },
      sampleId: str({ description: 'The sample that drew it; absent when assigned by hand.' }),
      reason: str(),
      history: arr(ref('AuditEntry')),
      revision: int(),
      createdBy: str(),
      createdAt: time,
      updatedBy: str(),
      updatedAt: time,
    },
    ['id', 'formId', 'childId', 'auditorAccountId', 'auditorName', 'dueOn', 'dueMonth', 'status', 'history', 'revision', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'],
  ),
  AuditAssignmentList: obj({ items: arr(ref('AuditAssignment')), count: int(), nextCursor: nullable(str()) }),
  AuditAssignmentsMade: obj({ items: arr(ref('AuditAssignment')) }),
  AuditAssignmentInput: obj({
    assignments: { ...arr(obj({ childId: str({ maxLength: 40 }), auditorAccountId: str(), dueOn: day, formId: str() })), maxItems: 50 },
  }),
  AuditSampleRule: obj(
    {
      formId: str({ description: 'A published form about a child.' }),
      perTeam: int({ minimum: 1, maximum: 20 }),
      teams: { ...arr(str()), description: 'Left out: every team you plan for.' },
      legalStatuses: { ...arr(legalStatus), description: 'Left out: any.' },
      notAuditedMonths: int({ minimum: 0, maximum: 60, description: 'Default 12: children with an audit of this form completed in that time are left out.' }),
      excludeOwnCases: { type: 'boolean', description: 'Default true: leave out each auditor’s own cases (allocated to their worker or to workers they line-manage).' },
      auditorAccountIds: { ...arr(str()), description: 'One auditor, or several taken in turn.', maxItems: 20 },
      dueOn: day,
    },
    ['formId', 'perTeam', 'notAuditedMonths', 'excludeOwnCases', 'auditorAccountIds', 'dueOn'],
  ),
  AuditSampleInput: obj(
    {
      formId: str(),
      perTeam: int({ minimum: 1, maximum: 20 }),
      teams: arr(str()),
      legalStatuses: arr(legalStatus),
      notAuditedMonths: int({ minimum: 0, maximum: 60 }),
      excludeOwnCases: { type: 'boolean' },
      auditorAccountIds: { ...arr(str()), maxItems: 20 },
      dueOn: day,
      seed: int({ minimum: 1, maximum: 4294967295, description: 'The same rule, seed and directory draw the same children. Left out: a random one (recorded).' }),
      preview: { type: 'boolean', description: 'true: draw without saving anything (200).' },
      previewed: { ...arr(str({ maxLength: 40 })), maxItems: 2000, description: 'Confirming a preview: the ICS ids it chose, in its order, with its seed. If the same draw now chooses others (an audit assigned meanwhile), nothing is assigned (409).' },
    },
    ['formId', 'perTeam', 'auditorAccountIds', 'dueOn'],
  ),
  AuditSample: obj(
    {
      id: str(),
      rule: ref('AuditSampleRule'),
      seed: int(),
      drawnAt: time,
      drawnBy: str(),
      drawnByName: str(),
      considered: int({ description: 'Children of the teams drawn from.' }),
      chosen: arr(obj({ childId: str(), childName: str({ description: 'From the directory, for the planner reading the sample (never recorded with it).' }), team: str(), auditorAccountId: str(), assignmentId: str() }, ['childId', 'team', 'auditorAccountId'])),
      leftOut: obj({ merged: int(), legalStatus: int(), recentlyAudited: int(), alreadyAssigned: int(), ownCase: int(), restricted: int(), notDrawn: int() }),
      teams: arr(obj({ team: str(), considered: int(), eligible: int(), chosen: int() })),
    },
    ['id', 'rule', 'seed', 'drawnAt', 'drawnBy', 'drawnByName', 'considered', 'chosen', 'leftOut', 'teams'],
  ),
  AuditSampleDrawn: obj({ preview: { type: 'boolean' }, sample: ref('AuditSample'), assignments: arr(ref('AuditAssignment')) }),
  AuditSampleList: obj({ items: arr(ref('AuditSample')), nextCursor: nullable(str()) }),
  AuditCancel: obj({ reason: str({ maxLength: 2000 }) }),
  AuditReassign: obj({ auditorAccountId: str(), reason: str({ maxLength: 2000 }) }),
  AuditDue: obj({ dueOn: day, reason: str({ maxLength: 2000 }) }),
  AuditOptions: obj({
    teams: arr(obj({ id: str(), name: str() })),
    auditors: arr(obj({ id: str(), displayName: str(), role, team: str(), teamName: str({ description: 'The directory’s name of the team (its id when the directory has none).' }), workerId: str() }, ['id', 'displayName', 'role', 'team', 'teamName'])),
    forms: arr(obj({ id: str(), title: str(), category: str() })),
  }),
};

const schemas: Record<string, Schema> = {
  ...reviewSchemas,
  ...dashboardSchemas,
  ...auditSchemas,
  FieldError: fieldError,
  Problem: obj(
    {
      type: str(),
      title: str(),
      status: int(),
      detail: str(),
      instance: str(),
      errors: arr(ref('FieldError')),
      incident: str(),
      reason: str({ enum: ['idle', 'lifetime', 'ended', 'worker-inactive'], description: 'session-expired only: unused for the idle time, past its longest lifetime, signed out / ended elsewhere, or the ICS directory no longer has the person as an active worker.' }),
    },
    ['type', 'title', 'status', 'detail'],
  ),
  Form: obj(formFields, formRequired),
  VersionSummary: obj(versionFields, versionRequired),
  FormVersion: obj(
    { ...versionFields, schema: { type: 'object' }, uischema: { type: 'object' }, policy: obj({ violations: arr(ref('FieldError')), notices: arr(ref('FieldError')) }) },
    [...versionRequired, 'schema', 'uischema'],
  ),
  FormSummary: obj(
    { ...formFields, currentVersion: nullable(int()), draftVersion: nullable(int()), versions: arr(ref('VersionSummary')) },
    [...formRequired, 'currentVersion', 'versions'],
  ),
  FormList: obj({ items: arr(ref('FormSummary')) }),
  VersionList: obj({ items: arr(ref('VersionSummary')) }),
  DraftResult: obj({ version: ref('FormVersion'), violations: arr(ref('FieldError')), notices: arr(ref('FieldError')) }),
  Change: change,
  Changes: obj({ formId: str(), from: nullable(int()), to: int(), changes: arr(ref('Change')) }),
  Subject: subject,
  Submission: obj(
    {
      ...submissionFields,
      data: { type: 'object' },
      advisory: arr(ref('FieldError')),
      delivery: ref('RecordDelivery'),
      form: {
        ...obj({ title: str(), category: str(), subject: { ...obj({ childId: str(), episodeId: str(), workerId: str() }, []), description: 'The JSON Pointer of the answer that shows each id the record is about.' } }, ['title', 'category']),
        description: 'On a record’s read (GET /api/submissions/{id}): its form’s title and category as they are now, and which answers show its subject (they must say the same as the subject to submit).',
      },
    },
    [...submissionRequired, 'data'],
  ),
  RecordDelivery: {
    ...obj({
      toIcs: { type: 'boolean', description: 'True when the submit queued the record for the case recording system (a connector has a mapping for its form version).' },
      connectors: arr(
        obj(
          {
            connector: str(),
            title: str(),
            state: str({ enum: ['waiting', 'delivered', 'failed'] }),
            icsRecordId: str({ description: 'The ICS’s own id for the record, when it answered one.' }),
            deliveredAt: time,
          },
          ['connector', 'title', 'state'],
        ),
      ),
      atSignOff: { type: 'boolean', description: 'True while a record that goes to the ICS only at final sign-off waits at its review stages (toIcs true, nothing queued yet).' },
    }, ['toIcs', 'connectors']),
    description: 'Where a submitted record went (submitted records only; never for drafts).',
  },
  SubmissionSummary: obj(submissionFields, submissionRequired),
  ChildCard: {
    ...obj(
      {
        id: str({ description: 'ICS person id.' }),
        name: str(),
        dateOfBirth: str({ format: 'date' }),
        legalStatus: str({ enum: ['CIN', 'CP', 'CLA', 'CL', 'EH', 'NONE'] }),
        legalStatusTitle: str({ description: 'The legal status in words (Child in need, Looked after…).' }),
        allocatedWorker: obj({ id: str(), name: str({ description: 'Left out when the directory has no such worker.' }) }, ['id']),
        team: obj({ id: str(), name: str({ description: 'Left out when the directory has no such team.' }) }, ['id']),
        restricted: { type: 'boolean', description: 'Only the allocated worker, their line manager and those the ICS names may read this child’s records.' },
        mergedInto: str({ description: 'The ICS merged this person record into that one: records about this id are read as that child’s.' }),
      },
      ['id', 'name', 'restricted'],
    ),
    description: 'A child as the ICS directory knows it, to confirm the right one before starting a form.',
  },
  ChildSearchResult: obj({
    loaded: { type: 'boolean', description: 'Whether a directory of children is loaded at all; when false any ICS person id is accepted.' },
    items: arr(ref('ChildCard')),
  }),
  SubmissionPage: obj({ items: arr(ref('SubmissionSummary')), nextCursor: nullable(str()) }),
  MigrationCheck: obj({ from: int(), to: int(), possible: { type: 'boolean' }, blockers: arr(ref('Change')), changes: arr(ref('Change')) }),
  Account: obj(
    {
      ...accountFields,
      groups: { ...arr(str()), description: 'Named groups the person belongs to (a review stage may be for a group’s members, such as qa-moderators). Absent when none.' },
      workerId: str({ pattern: '^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$', description: 'The person’s ICS worker id: access by allocation and single sign-on go by it (README “Who sees what”). Absent for accounts that are not a worker.' }),
      worker: obj(
        { found: { type: 'boolean' }, name: str(), team: str(), active: { type: 'boolean', description: 'False when the directory says the worker has left: nothing is read by allocation.' } },
        ['found'],
      ),
    },
    Object.keys(accountFields),
  ),
  AccountList: obj({ items: arr(ref('Account')) }),
  Team: obj({
    id: str({ description: 'The team id, as accounts and forms hold it.' }),
    name: str({ description: 'The id in words, for choosing from a list.' }),
    accounts: int({ description: 'Accounts in the team.' }),
    forms: int({ description: 'Forms the team owns.' }),
  }),
  TeamList: obj({ items: arr(ref('Team')) }),
  Token: obj(tokenFields, ['id', 'accountId', 'name', 'prefix', 'createdAt']),
  NewToken: obj({ ...tokenFields, token: str({ description: 'The token itself. Shown this once; only its hash is kept.' }) }, ['id', 'accountId', 'name', 'prefix', 'createdAt', 'token']),
  TokenList: obj({ items: arr(ref('Token')) }),
  SessionInfo: obj(
    {
      account: nullable(ref('Account')),
      via: nullable(str({ enum: ['token', 'session'] })),
      csrfToken: str(),
      ...sessionExpiry,
      sso: { type: 'boolean', const: true, description: 'The session was signed in through single sign-on (sign in again there, not with a password).' },
      ended: { ...obj({ reason: str({ enum: ['idle', 'lifetime', 'ended', 'worker-inactive'] }), detail: str() }), description: 'When the request carried the cookie of a session that has ended: why, in words for the person.' },
    },
    ['account', 'via'],
  ),
  SignedIn: obj({ account: ref('Account'), csrfToken: str(), ...sessionExpiry }),
  SessionExpiry: obj(sessionExpiry),
  SignedOut: obj({ logoutUrl: str({ format: 'uri', description: 'The provider’s end-session URL: go there to sign out of the council account too; it comes back to this service’s signed-out page.' }) }),
  SsoInfo: obj({
    enabled: { type: 'boolean', description: 'Single sign-on is set up: GET /api/sso/start signs in.' },
    label: nullable(str({ description: 'The sign-in button’s words.' })),
    localSignIn: { type: 'boolean', description: 'Usernames and passwords of local accounts are accepted (when false, administrators’ still are).' },
  }),
  Health: obj({
    status: str({ enum: ['ok', 'unavailable'] }),
    store: obj({ kind: str({ enum: ['sqlite', 'mongo'] }), reachable: { type: 'boolean' }, latencyMs: { type: 'number' } }),
    uptimeSeconds: { type: 'number' },
  }),
  FormInput: engineSchema('form-input'),
  FormUpdate: engineSchema('form-update'),
  DefinitionInput: engineSchema('definition-input'),
  SubmissionInput: engineSchema('submission-input'),
  AccountInput: engineSchema('account-input'),
  AccountUpdate: engineSchema('account-update'),
  TokenInput: engineSchema('token-input'),
  SignIn: engineSchema('sign-in'),
  Publish: obj({ changeNote: str({ maxLength: 2000 }) }, []),
  TrySample: obj({ data: { type: 'object' } }),
  TryResult: obj({ errors: arr(ref('FieldError')) }),
  PatternTrial: obj({ pattern: str({ maxLength: 500 }), samples: arr(str({ maxLength: 1000 })) }, ['pattern']),
  PatternResult: obj({ problem: nullable(str()), engine: nullable(str({ enum: ['re2'] })), results: arr(obj({ sample: str(), matches: { type: 'boolean' } })) }),
  // A number of drafts: exact when 0 or at least 5, else only "fewer than 5" (one record is never singled out).
  DraftCount: {
    description: 'A number of drafts: `exactly` when none or at least 5; otherwise only `fewerThan` 5, so one record cannot be singled out.',
    oneOf: [obj({ exactly: int({ minimum: 0 }) }), obj({ fewerThan: int({ minimum: 1 }) })],
  },
  Impact: obj({
    formId: str(),
    version: int(),
    draftsInProgress: int(),
    blockedDrafts: ref('DraftCount'),
    changes: arr(
      obj(
        {
          ...(change.properties as Record<string, Schema>),
          affectedDrafts: {
            description: 'Drafts whose answers this change touches, judged only by which answers they hold; null when that depends on what was written, which is never checked (the change may refuse answers given before).',
            ...nullable(ref('DraftCount')),
          },
        },
        [...(change.required as string[]), 'affectedDrafts'],
      ),
    ),
    deliveryBlockers: arr(ref('FieldError')),
  }),
  DraftSave: obj({ data: { type: 'object' }, subject: ref('Subject') }, ['data']),
  ConnectorInput: engineSchema('connector-input'),
  ConnectorUpdate: engineSchema('connector-update'),
  Connector: obj(connectorFields),
  QueueFigures: obj({
    connector: str(),
    paused: { type: 'boolean' },
    counts: obj({ pending: int(), leased: int(), delivered: int(), dead: int() }),
    oldestWaitingSince: nullable(time),
  }),
  ConnectorList: obj({ items: arr(obj({ ...connectorFields, queue: nullable(ref('QueueFigures')) })) }),
  FiguresList: obj({ items: arr(ref('QueueFigures')) }),
  ConnectorKinds: obj({ items: arr(obj({ kind: str(), description: str(), settingsSchema: { type: 'object' } })) }),
  MappingRule: obj({ ...mappingRuleFields, items: arr(ref('MappingRowRule')) }, ['target']),
  MappingRowRule: obj({ ...mappingRuleFields, items: arr({ type: 'object' }) }, ['target']),
  MappingInput: obj({ fields: arr(ref('MappingRule')) }),
  Mapping: obj({ connector: str(), formId: str(), version: int(), fields: arr(ref('MappingRule')), revision: int(), updatedBy: str(), updatedAt: time }),
  MappingList: obj({ items: arr(ref('Mapping')) }),
  Delivery: obj(
    {
      id: str(),
      submissionId: str(),
      connector: str(),
      partitionKey: str(),
      seq: int(),
      state: str({ enum: ['pending', 'leased', 'delivered', 'dead'] }),
      attempts: int(),
      nextAttemptAt: time,
      createdAt: time,
      leaseOwner: str(),
      leaseUntil: time,
      lastError: str(),
      deliveredAt: time,
      result: { type: 'object' },
      deadAt: time,
    },
    ['id', 'submissionId', 'connector', 'partitionKey', 'seq', 'state', 'attempts', 'nextAttemptAt', 'createdAt'],
  ),
  DeliveryPage: obj({ items: arr(ref('Delivery')), next: nullable(str()) }),
  ReplayRequest: obj({ ids: arr(str()), connector: str(), state: str({ enum: ['dead'] }), force: { type: 'boolean' } }, []),
  ReplayResult: obj({ replayed: int(), items: arr(obj({ id: str(), state: str(), problem: str() }, ['id'])) }),
  Submit: obj({ data: { type: 'object' } }, []),
  ListOption: listOption,
  OptionListVersion: obj(listVersionFields),
  OptionListUse: {
    ...obj({
      formId: str(),
      formTitle: str(),
      version: int({ minimum: 1 }),
      status: str({ enum: ['draft', 'published', 'retired'] }),
      listVersion: int({ minimum: 1, description: 'The version of the list this form version pins.' }),
      fieldPath: str({ description: 'The question’s field path, like /ethnicity or /children/*/ethnicity.' }),
      field: str({ description: 'The question’s label.' }),
    }),
    description: 'A question of a form version that takes its options from the list.',
  },
  OptionListDetail: obj({ ...listVersionFields, usage: arr(ref('OptionListUse')) }),
  OptionListSummary: obj({
    id: str(),
    ...listContent,
    version: int({ minimum: 1, description: 'The newest version.' }),
    updatedBy: str({ description: 'Who saved the newest version.' }),
    updatedAt: time,
    createdBy: str({ description: 'Who made the list (its version 1).' }),
    createdAt: time,
    usedBy: int({ minimum: 0, description: 'How many forms use the list (in any of their versions).' }),
  }),
  OptionListList: obj({ items: arr(ref('OptionListSummary')) }),
  OptionListVersionList: obj({ items: arr(ref('OptionListVersion')) }),
  OptionListCheck: obj({
    changes: arr(
      obj({
        kind: str({ enum: ['option-added', 'option-removed', 'option-label-changed'] }),
        code: str(),
        message: str(),
        breaking: { type: 'boolean', description: 'A removed option: records that chose it would not be accepted by a form that moves to the new version.' },
      }),
    ),
    usage: arr(ref('OptionListUse')),
  }),
  OptionListInput: engineSchema('option-list-input'),
  OptionListChange: engineSchema('option-list-change'),
  Migrate: obj({ to: int({ minimum: 1 }) }, []),
  DirectoryChild: engineSchema('child'),
  DirectoryWorker: engineSchema('worker'),
  DirectoryTeam: engineSchema('team'),
  DirectoryDelete: { ...obj({ delete: str({ description: 'The id of the row to remove.' }) }), description: 'A delete line (delta batches only).' },
  DirectoryLine: {
    description: 'One line of a batch (application/x-ndjson: one JSON object per line, UTF-8): a row of the kind in the path (a DirectoryChild, DirectoryWorker or DirectoryTeam), or in a delta batch {"delete": "<id>"}.',
    anyOf: [ref('DirectoryChild'), ref('DirectoryWorker'), ref('DirectoryTeam'), ref('DirectoryDelete')],
  },
  AppliedBatch: obj({
    seq: int({ minimum: 1, description: 'The store-wide order of batches.' }),
    kind: str({ enum: [...DIRECTORY_KINDS] }),
    mode: str({ enum: ['full', 'delta'] }),
    key: str({ description: 'api:<Idempotency-Key> or file:<SHA-256 of the file>.' }),
    fingerprint: str({ description: 'Hex SHA-256 of the bytes received.' }),
    source: obj({ via: str({ enum: ['file', 'api'] }), name: str(), by: str() }),
    appliedAt: time,
    upserted: int({ minimum: 0, description: 'Rows added or changed.' }),
    deleted: int({ minimum: 0, description: 'Rows removed: delete lines, or in a full batch the rows it left out.' }),
    total: int({ minimum: 0, description: 'Rows of this kind after the batch.' }),
  }),
  UploadedFile: obj({
    id: str({ pattern: '^f_[A-Za-z0-9_-]{8,64}$' }),
    name: str({ minLength: 1, maxLength: 255, description: 'The name as uploaded, without any folder part or control characters.' }),
    size: int({ minimum: 1 }),
    mediaType: str({ description: 'Found from the content (magic bytes), never from the name or the browser.' }),
    sha256: str({ pattern: '^[0-9a-f]{64}$' }),
    scan: str({ enum: ['not-configured', 'unscanned', 'clean', 'infected'], description: 'unscanned until the configured virus scanner says clean (not downloadable until then); not-configured when there is no scanner.' }),
  }),
  RecordFiles: obj({
    scanner: { type: 'boolean', description: 'True when this server has a virus scanner set up: an unscanned file will be checked. False: an unscanned file (uploaded while one was) waits until one is.' },
    items: arr(ref('UploadedFile')),
  }),
  UploadBody: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file’s bytes, as they are (any Content-Type).' },
  FileLimits: obj({
    maxFileSize: int({ minimum: 1, description: 'The most bytes one file may be on this server (CASEFORMS_UPLOAD_MAX_MB); a question may allow less.' }),
    types: arr(obj({ name: str({ enum: [...FILE_TYPE_NAMES] }), label: str(), extensions: arr(str()) })),
    scanner: { type: 'boolean', description: 'True when a virus scanner is configured: new uploads are unscanned until it says clean.' },
  }),
  DirectoryBatchResult: obj({ applied: ref('AppliedBatch'), replayed: { type: 'boolean', description: 'True when this key was applied before: nothing changed, and `applied` is that first batch.' } }),
  DirectoryBatchList: obj({ items: arr(ref('AppliedBatch')) }),
  DirectoryCounts: obj({
    children: int({ minimum: 0 }),
    workers: int({ minimum: 0 }),
    teams: int({ minimum: 0 }),
    last: { ...obj(Object.fromEntries(DIRECTORY_KINDS.map((k) => [k, ref('AppliedBatch')])), []), description: 'The newest batch of each kind that has had one.' },
  }),
};

const problemResponse = (type: HttpProblemType) => ({
  description: `${PROBLEMS[type].title}: ${PROBLEMS[type].about}`,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

type Op = {
  summary: string;
  tags: string[];
  roles?: string;
  params?: Schema[];
  body?: string;
  /** The body's media type, when not JSON. */
  bodyMedia?: string;
  ok: [number, string | null, (string | string[])?];
  errors?: HttpProblemType[];
  headers?: Record<string, Schema>;
  public?: true;
  /** Other documented non-problem answers. */
  also?: Record<number, string>;
  /** Answers that are a page for people (text/html), with what they say. */
  pages?: Record<number, string>;
};

const p = {
  formId: { name: 'formId', in: 'path', required: true, schema: str({ pattern: '^[a-z][a-z0-9-]{2,63}$' }) },
  version: { name: 'version', in: 'path', required: true, schema: int({ minimum: 1 }) },
  id: { name: 'id', in: 'path', required: true, schema: str() },
  tokenId: { name: 'tokenId', in: 'path', required: true, schema: str() },
  ifMatch: { name: 'If-Match', in: 'header', required: true, schema: str(), description: 'The ETag you read: a write answers "3" (the revision), a read "3.<digest of the body>"; the revision is what is compared.' },
  ifMatchOptional: { name: 'If-Match', in: 'header', required: false, schema: str() },
  idempotencyKey: { name: 'Idempotency-Key', in: 'header', required: true, schema: str({ maxLength: 257 }), description: 'A fresh key (e.g. a UUID) per new record; a retry with the same key returns the original.' },
  q: (name: string, schema: Schema, description?: string) => ({ name, in: 'query', required: false, schema, ...(description ? { description } : {}) }),
};

const AUTH_ERRORS: HttpProblemType[] = ['unauthenticated', 'session-expired', 'forbidden'];

const OPS: Record<string, Record<string, Op>> = {
  '/api/health': { get: { summary: 'Liveness and store reachability (503, with the same body, when the store cannot be reached).', tags: ['service'], ok: [200, 'Health'], public: true, also: { 503: 'Health' } } },
  '/api/openapi.json': { get: { summary: 'This document.', tags: ['service'], ok: [200, null], public: true } },
  '/api/session': {
    post: { summary: 'Sign in with a username and password: sets an HttpOnly session cookie and returns the CSRF token. 403 with the reason when the password is right but the account may not sign in so (local sign-in is off and it is not an administrator’s, or the ICS directory no longer has its worker as active); accounts made by single sign-on have no password. 429 with Retry-After after too many failures for one username or from one address (15 minutes), or while too many sign-ins from that address, or in all, are being checked at once (seconds).', tags: ['accounts'], body: 'SignIn', ok: [201, 'SignedIn'], errors: ['invalid-request', 'unauthenticated', 'forbidden', 'too-many-requests'], public: true },
    get: { summary: 'Who is signed in (and the CSRF token for browser sessions); account null when nobody is.', tags: ['accounts'], ok: [200, 'SessionInfo'], public: true, errors: ['unauthenticated'] },
    delete: {
      summary: 'Sign out (also with the cookie of a session that has already ended). A session signed in through single sign-on is answered 200 with `logoutUrl`: the provider’s end-session URL (with id_token_hint and post_logout_redirect_uri), for the browser to go to so the council account is signed out too.',
      tags: ['accounts'],
      ok: [204, null],
      also: { 200: 'SignedOut' },
    },
  },
  '/api/sso': {
    get: { summary: 'Single sign-on: whether it is on, the sign-in button’s words, and whether usernames and passwords are accepted (administrators’ always are).', tags: ['accounts'], ok: [200, 'SsoInfo'], public: true },
  },
  '/api/sso/start': {
    get: {
      summary: 'Sign in through the council’s OpenID Connect provider: 302 to it (authorization code with PKCE), with a short-lived cookie for the callback. `returnTo` is where to go once signed in (a path of this site; anything else means the home page). 404 when single sign-on is not set up; 502 (a page) when the provider cannot be reached.',
      tags: ['accounts'],
      params: [{ name: 'returnTo', in: 'query', required: false, schema: str({ maxLength: 2000 }), description: 'A path of this site, e.g. /records/123.' }],
      ok: [302, null],
      headers: { Location: str() },
      public: true,
      errors: ['not-found'],
      pages: { 502: 'The provider cannot be reached: a page saying so, with a way to try again.' },
    },
  },
  '/api/sso/callback': {
    get: {
      summary: 'Where the provider sends the person back (the redirect URL registered there). Signed in: the session cookie, as POST /api/session sets it, and 302 to returnTo. Anything else (the provider’s error, a missing, expired or reused state, an ID token that fails its checks — signature, issuer, audience, expiry, nonce —, a person who is not an active worker in the directory or has no role) is a page saying what happened and what to do, and an `sso.refused` event. Takes whatever other parameters the provider adds.',
      tags: ['accounts'],
      params: [p.q('code', str()), p.q('state', str()), p.q('iss', str()), p.q('error', str()), p.q('error_description', str())],
      ok: [302, null],
      headers: { Location: str() },
      public: true,
      errors: ['not-found'],
      pages: {
        400: 'The sign-in could not be finished (the provider refused it, the state is missing, expired or used, or the ID token failed its checks).',
        403: 'The person is not an active worker in the directory, has no role, or their account is disabled.',
        502: 'The provider cannot be reached.',
      },
    },
  },
  '/api/session/renew': {
    post: {
      summary: 'Stay signed in: the session’s idle expiry moves to a full idle time from now, never past its absolute expiry (needs X-CSRF-Token). Answered 409 for an API token, which has no session.',
      tags: ['accounts'],
      ok: [200, 'SessionExpiry'],
      errors: ['invalid-state'],
      headers: { 'Caseforms-Session-Expires': time },
    },
  },
  '/api/accounts': {
    get: { summary: 'All accounts.', tags: ['accounts'], roles: 'admin', ok: [200, 'AccountList'] },
    post: { summary: 'Create an account.', tags: ['accounts'], roles: 'admin', body: 'AccountInput', ok: [201, 'Account'], errors: ['invalid-request', 'conflict'] },
  },
  '/api/accounts/teams': {
    get: { summary: 'The teams there are: every team an account belongs to or a form is owned by (to choose a form’s owning team).', tags: ['accounts'], roles: 'designer, admin', ok: [200, 'TeamList'] },
  },
  '/api/accounts/{id}': {
    get: { summary: 'One account (admins, or your own); with a worker id, `worker` says whether the directory has that worker now (it need not: the directory may be loaded later).', tags: ['accounts'], params: [p.id], ok: [200, 'Account'], errors: ['not-found'] },
    patch: {
      summary: 'Change an account (role, team, name, ICS worker id — null unlinks it —, disabled, password). A new password or disabling it ends its sessions; a new password, disabling or enabling it again revokes its API tokens. 409 for a change that would leave no enabled administrator.',
      tags: ['accounts'],
      roles: 'admin',
      params: [p.id, p.ifMatch],
      body: 'AccountUpdate',
      ok: [200, 'Account'],
      errors: ['invalid-request', 'not-found', 'stale-revision', 'precondition-failed', 'precondition-required', 'invalid-state'],
    },
  },
  '/api/accounts/{id}/tokens': {
    get: { summary: 'An account’s API tokens (admins, or your own), without their secrets.', tags: ['accounts'], params: [p.id], ok: [200, 'TokenList'], errors: ['not-found'] },
  },
  '/api/accounts/{id}/tokens/{tokenId}': {
    delete: { summary: 'Revoke one of an account’s API tokens (admins, or your own).', tags: ['accounts'], params: [p.id, p.tokenId], ok: [200, 'Token'], errors: ['not-found'] },
  },
  '/api/me/tokens': {
    get: { summary: 'Your personal API tokens.', tags: ['accounts'], ok: [200, 'TokenList'] },
    post: { summary: 'Create a personal API token (shown once). It lasts `expiresInDays`, else CASEFORMS_TOKEN_DAYS (90); asking for more than CASEFORMS_TOKEN_MAX_DAYS (366) is refused (400), not cut short.', tags: ['accounts'], body: 'TokenInput', ok: [201, 'NewToken'], errors: ['invalid-request'] },
  },
  '/api/me/notifications': {
    get: { summary: 'How you are told by email: what you chose, and the address emails go to. Emails carry a reference and a link, never names or answers.', tags: ['accounts'], roles: 'practitioner, manager', ok: [200, 'EmailSettings'], errors: ['invalid-request'] },
    put: { summary: 'Choose how you are told by email: each as it happens, one summary a day, or none.', tags: ['accounts'], roles: 'practitioner, manager', body: 'EmailChoice', ok: [200, 'EmailSettings'], errors: ['invalid-request', 'validation-failed'] },
  },
  '/api/me/tokens/{tokenId}': { delete: { summary: 'Revoke one of your tokens.', tags: ['accounts'], params: [p.tokenId], ok: [200, 'Token'], errors: ['not-found'] } },
  '/api/forms': {
    get: { summary: 'Forms you can see, with their versions.', tags: ['forms'], ok: [200, 'FormList'] },
    post: { summary: 'Create a form.', tags: ['forms'], roles: 'designer', body: 'FormInput', ok: [201, 'FormSummary'], errors: ['invalid-request', 'conflict'], headers: { ETag: str(), Location: str() } },
  },
  '/api/forms/{formId}': {
    get: { summary: 'One form with its versions.', tags: ['forms'], params: [p.formId], ok: [200, 'FormSummary'], errors: ['not-found'], headers: { ETag: str() } },
    patch: {
      summary: "Change the form's settings (title, category, description, owning team, the ids asked at start); its id never changes. With If-Match, only if the form is still at that revision.",
      tags: ['forms'],
      roles: 'designer',
      params: [p.formId, p.ifMatchOptional],
      body: 'FormUpdate',
      ok: [200, 'FormSummary'],
      errors: ['invalid-request', 'not-found', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str() },
    },
  },
  '/api/forms/{formId}/versions': {
    get: { summary: "A form's versions (drafts only for designers).", tags: ['forms'], params: [p.formId], ok: [200, 'VersionList'], errors: ['not-found'] },
    post: { summary: 'Start the draft: a copy of the latest version, or the definition given.', tags: ['forms'], roles: 'designer', params: [p.formId], body: 'DefinitionInput', ok: [201, 'DraftResult'], errors: ['invalid-request', 'not-found', 'conflict', 'definition-rejected'] },
  },
  '/api/forms/{formId}/versions/{version}': {
    get: { summary: 'One version with its schema and UI schema.', tags: ['forms'], params: [p.formId, p.version], ok: [200, 'FormVersion'], errors: ['not-found'] },
    put: { summary: 'Edit the draft (published versions never change).', tags: ['forms'], roles: 'designer', params: [p.formId, p.version, p.ifMatch], body: 'DefinitionInput', ok: [200, 'DraftResult'], errors: ['invalid-request', 'not-found', 'invalid-state', 'stale-revision', 'precondition-failed', 'precondition-required', 'definition-rejected'] },
  },
  '/api/forms/{formId}/versions/{version}/publish': {
    post: { summary: 'Publish the draft if the definition policy finds nothing wrong.', tags: ['forms'], roles: 'designer', params: [p.formId, p.version, p.ifMatchOptional], body: 'Publish', ok: [200, 'FormVersion'], errors: ['not-found', 'invalid-state', 'stale-revision', 'definition-rejected'] },
  },
  '/api/forms/{formId}/versions/{version}/retire': {
    post: { summary: 'Retire a published version: no new records; existing ones stay readable.', tags: ['forms'], roles: 'designer', params: [p.formId, p.version], ok: [200, 'FormVersion'], errors: ['not-found', 'invalid-state'] },
  },
  '/api/forms/{formId}/versions/{version}/changes': {
    get: { summary: 'Change analysis from another version (default: the previous one) to this one.', tags: ['forms'], params: [p.formId, p.version, p.q('from', int({ minimum: 1 }))], ok: [200, 'Changes'], errors: ['invalid-request', 'not-found'] },
  },
  '/api/forms/{formId}/versions/{version}/impact': {
    get: { summary: 'What publishing this version would break: each change and how many drafts in progress it touches, judged by which answers they hold, never by what they say (changes to limits, patterns, formats and rules are not counted); counts of 1 to 4 are given as fewer than 5; each call is logged.', tags: ['forms'], roles: 'designer', params: [p.formId, p.version], ok: [200, 'Impact'], errors: ['not-found'] },
  },
  '/api/forms/{formId}/versions/{version}/try': {
    post: { summary: 'Check sample answers against this version as a submit would; nothing is stored.', tags: ['forms'], roles: 'designer', params: [p.formId, p.version], body: 'TrySample', ok: [200, 'TryResult'], errors: ['invalid-request', 'not-found', 'definition-rejected'] },
  },
  '/api/option-lists': {
    get: { summary: 'Shared option lists: each list’s newest version and how many forms use it.', tags: ['option lists'], roles: 'designer, integrator', ok: [200, 'OptionListList'] },
    post: { summary: 'Create a shared option list (its version 1).', tags: ['option lists'], roles: 'designer', body: 'OptionListInput', ok: [201, 'OptionListVersion'], errors: ['invalid-request', 'conflict'], headers: { ETag: str(), Location: str() } },
  },
  '/api/option-lists/{id}': {
    get: { summary: 'A list’s newest version, with every form version that uses the list (and which version of it).', tags: ['option lists'], roles: 'designer, integrator', params: [p.id], ok: [200, 'OptionListDetail'], errors: ['not-found'], headers: { ETag: str() } },
  },
  '/api/option-lists/{id}/versions': {
    get: { summary: 'Every version of a list, newest first.', tags: ['option lists'], roles: 'designer, integrator', params: [p.id], ok: [200, 'OptionListVersionList'], errors: ['not-found'] },
    post: {
      summary: 'Save a change as the next version (If-Match: the newest version’s ETag). No form changes until its draft moves to the new version.',
      tags: ['option lists'],
      roles: 'designer',
      params: [p.id, p.ifMatch],
      body: 'OptionListChange',
      ok: [201, 'OptionListVersion'],
      errors: ['invalid-request', 'not-found', 'conflict', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str(), Location: str() },
    },
  },
  '/api/option-lists/{id}/versions/check': {
    post: { summary: 'What saving this change would do (options added, removed — breaking — or relabelled) and which forms use the list; nothing is saved.', tags: ['option lists'], roles: 'designer', params: [p.id], body: 'OptionListChange', ok: [200, 'OptionListCheck'], errors: ['invalid-request', 'not-found'] },
  },
  '/api/option-lists/{id}/versions/{version}': {
    get: { summary: 'One version of a list.', tags: ['option lists'], roles: 'designer, integrator', params: [p.id, p.version], ok: [200, 'OptionListVersion'], errors: ['not-found'], headers: { ETag: str() } },
  },
  '/api/patterns/check': {
    post: { summary: 'Check a pattern under the server’s rules (RE2-compatible, browser-compatible) and try it on samples.', tags: ['forms'], roles: 'designer', body: 'PatternTrial', ok: [200, 'PatternResult'], errors: ['invalid-request'] },
  },
  '/api/forms/{formId}/versions/{version}/types.d.ts': {
    get: { summary: "TypeScript types for the version's data.", tags: ['forms'], roles: 'designer, integrator', params: [p.formId, p.version], ok: [200, null, 'application/typescript'], errors: ['not-found'] },
  },
  '/api/forms/{formId}/export': {
    get: {
      summary: 'Every record of the form across versions, streamed (each read is logged), without answers to questions its display rules hide.',
      tags: ['submissions'],
      roles: 'integrator',
      params: [
        p.formId,
        p.q('format', str({ enum: ['csv', 'json'] }), 'json (default) or csv. Uploaded files are listed by name and size in csv ("fit-note.pdf (120 KB); scan.png (2 MB)"), and in json as their answers (id, name, size, mediaType, sha256) with a `link` (/api/files/{id}) each'),
        p.q('status', str({ enum: ['draft', 'submitted'] })),
        p.q(
          'files',
          str({ enum: ['zip'] }),
          'zip: the json export with the files themselves, as application/zip: records.json, then each file under files/<record reference>/<name> (names made unique); a file still being checked for viruses, infected or removed is a <name>.not-included.txt saying why. Each file given is logged (file.downloaded). Only with format=json',
        ),
      ],
      ok: [200, null, ['application/json', 'text/csv', 'application/zip']],
      errors: ['invalid-request', 'not-found'],
    },
  },
  '/api/submissions': {
    post: {
      summary:
        'Create a record (a draft, or submitted at once: then without answers to questions its display rules hide). When the ICS directory has children, subject.childId must be one of them (422 at /subject/childId). A draft’s empty answers are filled in from the directory (x-prefill; `prefilled`) and then from earlier records (x-carry-forward; `carriedForward`).',
      tags: ['submissions'],
      roles: 'practitioner, manager',
      params: [p.idempotencyKey],
      body: 'SubmissionInput',
      ok: [201, 'Submission'],
      errors: ['invalid-request', 'idempotency-key-missing', 'idempotency-key-reused', 'draft-deleted', 'not-found', 'invalid-state', 'validation-failed'],
      headers: { ETag: str(), Location: str(), 'Idempotent-Replayed': str({ enum: ['true'] }) },
    },
    get: {
      summary:
        'Records you may read, without their answers: your own; records about children allocated to you; for managers also your team’s and your team’s children’s and those allocated to workers you line-manage; never a restricted child’s unless you are its allocated worker, their line manager or named; all for integrators (README “Who sees what”). Before a directory is loaded: your own, your team’s for managers.',
      tags: ['submissions'],
      params: [
        p.q('formId', str()),
        p.q('version', int({ minimum: 1 })),
        p.q('status', str({ enum: ['draft', 'submitted'] })),
        p.q('childId', str()),
        p.q('reference', str({ pattern: '^[A-Za-z][A-Za-z0-9]{0,7}-[0-9]{4}-[0-9]{6,12}$' }), 'a record reference (SUP-2026-000123), exactly, in any case: the one record with it, if you may read it'),
        p.q('submittedBy', str()),
        p.q('from', str(), 'created at or after (date or date-time)'),
        p.q('to', str(), 'created before (date or date-time)'),
        p.q('limit', int({ minimum: 1, maximum: 200 })),
        p.q('order', str({ enum: ['oldest', 'newest'] }), 'by creation time: oldest first (default) or newest first; a cursor continues in the order it was made for'),
        p.q('cursor', str(), 'nextCursor of the previous page (it carries its order; with an order that differs it is a 400)'),
      ],
      ok: [200, 'SubmissionPage'],
      errors: ['invalid-request'],
    },
  },
  '/api/submissions/{id}': {
    get: { summary: 'One record with its answers (the read is logged, with the rule that allowed it); a submitted one with `delivery`, where it went. A record you may not read is a 404 as if it were not there (the refusal is logged with its reason).', tags: ['submissions'], params: [p.id], ok: [200, 'Submission'], errors: ['not-found'], headers: { ETag: str() } },
    delete: {
      summary: 'Delete the draft (its author only, at the revision read). Submitted records are never deleted (409). The deletion is logged; a create repeated with the key that made it is then 410.',
      tags: ['submissions'],
      roles: 'the draft’s author',
      params: [p.id, p.ifMatch],
      ok: [204, null],
      errors: ['not-found', 'invalid-state', 'stale-revision', 'precondition-failed', 'precondition-required'],
    },
    put: { summary: 'Save the draft (author only). A changed subject.childId must be known to a loaded ICS directory, as at create.', tags: ['submissions'], params: [p.id, p.ifMatch], body: 'DraftSave', ok: [200, 'Submission'], errors: ['invalid-request', 'not-found', 'invalid-state', 'stale-revision', 'precondition-failed', 'precondition-required', 'validation-failed'], headers: { ETag: str() } },
  },
  '/api/submissions/{id}/pdf': {
    get: {
      summary: 'The record as a PDF for the child’s file (tagged, with its title and the child on every page, page numbers, its details, the answers as the print view shows them, signatures and review history), to whoever may read the record — decided exactly as GET /api/submissions/{id}; unknown and not-allowed alike are 404. Always an attachment named `<reference>.pdf`, with nosniff and a sandboxing CSP; streamed. Logged as `submission.pdf`.',
      tags: ['submissions'],
      params: [p.id],
      ok: [200, null, 'application/pdf'],
      errors: ['not-found'],
      headers: { 'Content-Disposition': str(), 'X-Content-Type-Options': str({ enum: ['nosniff'] }) },
    },
  },
  '/api/documents/{token}': {
    get: {
      summary: 'A document sent to the ICS as a signed, expiring download link (the HTTP connector’s `documents` in the envelope): the record’s PDF, or an uploaded file of the record. No sign-in: the token (HMAC-SHA256 over the record, file and expiry with the server’s CASEFORMS_DOCUMENT_LINK_SECRET) is the permission. A token that is not one this server signed, or whose record or file is gone, is 404; one past its expiry is 410 saying when it expired. An attachment with nosniff and a sandboxing CSP; logged as `submission.pdf` or `file.downloaded` by `connector:<id>`.',
      tags: ['sync'],
      params: [{ name: 'token', in: 'path', required: true, schema: str({ maxLength: 700 }) }],
      ok: [200, null, [...new Set(['application/pdf', ...Object.values(FILE_TYPES).flatMap((t) => [...t.mediaTypes])])]],
      errors: ['not-found', 'link-expired'],
      headers: { 'Content-Disposition': str(), 'X-Content-Type-Options': str({ enum: ['nosniff'] }) },
      public: true,
    },
  },
  '/api/submissions/{id}/submit': {
    post: { summary: 'Submit the draft: answers to questions its display rules hide left out, the rest validated fully, then queued for the ICS.', tags: ['submissions'], params: [p.id, p.ifMatch], body: 'Submit', ok: [200, 'Submission'], errors: ['invalid-request', 'not-found', 'invalid-state', 'stale-revision', 'precondition-failed', 'precondition-required', 'validation-failed'], headers: { ETag: str() } },
  },
  '/api/submissions/{id}/migration': {
    get: { summary: 'Can this draft move to a newer version (default: the current one)?', tags: ['submissions'], params: [p.id, p.q('to', int({ minimum: 1 }))], ok: [200, 'MigrationCheck'], errors: ['invalid-request', 'not-found', 'invalid-state'] },
  },
  '/api/submissions/{id}/migrate': {
    post: { summary: 'Move the draft to a newer version when nothing breaking touches it.', tags: ['submissions'], params: [p.id, p.ifMatch], body: 'Migrate', ok: [200, 'Submission'], errors: ['invalid-request', 'not-found', 'invalid-state', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/submissions/{id}/review': {
    get: {
      summary: 'The record’s review: its form’s stages (and who may act at each), where it is, its history, its signatures (each checked against the content now: intact), and whether you may act at its stage now (you.may = sign, else why not). For those who may read the record.',
      tags: ['review'],
      roles: 'practitioner, manager, integrator',
      params: [p.id],
      ok: [200, 'ReviewView'],
      errors: ['not-found'],
      headers: { ETag: str() },
    },
  },
  '/api/submissions/{id}/review/sign': {
    post: {
      summary: 'Sign the record off at its stage (with the stage section’s answers, if it has one): an electronic signature of you, your role and the time over the SHA-256 of its content. It moves to the next stage, or completes: then it is queued for the ICS (a new delivery revision) and its marked rows become tracked actions. 409 when someone else acted at this stage first (the detail says who).',
      tags: ['review'],
      roles: 'practitioner, manager (the stage’s actor)',
      params: [p.id, p.ifMatch],
      body: 'SignOff',
      ok: [200, 'Submission'],
      errors: ['invalid-request', 'forbidden', 'not-found', 'conflict', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str() },
    },
  },
  '/api/submissions/{id}/review/return': {
    post: {
      summary: 'Return the record to its author for changes, with the reason they will read: it is a draft again (it cannot be deleted); resubmitting brings it back to this stage.',
      tags: ['review'],
      roles: 'practitioner, manager (the stage’s actor)',
      params: [p.id, p.ifMatch],
      body: 'ReturnForChanges',
      ok: [200, 'Submission'],
      errors: ['invalid-request', 'forbidden', 'not-found', 'conflict', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str() },
    },
  },
  '/api/submissions/{id}/review/answers': {
    put: {
      summary: 'Save the stage section’s answers while working on them (nothing is signed).',
      tags: ['review'],
      roles: 'practitioner, manager (the stage’s actor)',
      params: [p.id, p.ifMatch],
      body: 'StageAnswers',
      ok: [200, 'Submission'],
      errors: ['invalid-request', 'forbidden', 'not-found', 'conflict', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str() },
    },
  },
  '/api/submissions/{id}/comments': {
    get: { summary: 'Comments on the record between reviewers and its author, oldest first.', tags: ['review'], roles: 'practitioner, manager, integrator', params: [p.id], ok: [200, 'CommentList'], errors: ['not-found'] },
    post: { summary: 'Add a comment (kept with the record’s history in the event log).', tags: ['review'], roles: 'practitioner, manager', params: [p.id], body: 'CommentInput', ok: [201, 'Comment'], errors: ['invalid-request', 'not-found', 'validation-failed'] },
  },
  '/api/work': {
    get: { summary: 'Your work: your drafts, records returned to you, records waiting for your stage, your open actions — each list the soonest due (so the overdue) first, 20 each with counts.', tags: ['review'], roles: 'practitioner, manager', ok: [200, 'Work'], errors: ['invalid-request'] },
  },
  '/api/work/records': {
    get: {
      summary: 'One of your work’s record lists in full, a page at a time, soonest due first: records waiting for your stage that you may act on (list=waiting), or records returned to you for changes (list=returned).',
      tags: ['review'],
      roles: 'practitioner, manager',
      params: [{ ...p.q('list', str({ enum: ['waiting', 'returned'] }), 'which list'), required: true }, p.q('cursor', str({ maxLength: 200 })), p.q('limit', int({ minimum: 1, maximum: 100 }))],
      ok: [200, 'WorkRecords'],
      errors: ['invalid-request'],
    },
  },
  '/api/work/team': {
    get: {
      summary: 'Your team (managers): records waiting at any stage (view=records, soonest due first), open and overdue actions per worker (view=workers), or open actions (view=actions, one worker’s with worker=).',
      tags: ['review'],
      roles: 'manager',
      params: [
        p.q('view', str({ enum: ['records', 'actions', 'workers'] })),
        p.q('worker', str({ maxLength: 40 }), 'view=actions: one worker’s'),
        p.q('overdue', str({ enum: ['true', 'false'] }), 'only those past their due date'),
        p.q('cursor', str({ maxLength: 200 })),
        p.q('limit', int({ minimum: 1, maximum: 100 })),
      ],
      ok: [200, 'TeamWork'],
      errors: ['invalid-request'],
    },
  },
  '/api/actions': {
    get: {
      summary: 'Tracked actions: yours (owned by you), or a child’s (child=, for those who may read the child’s records), or a record’s (submission=); soonest due first.',
      tags: ['review'],
      roles: 'practitioner, manager',
      params: [
        p.q('status', str({ enum: ['open', 'done', 'cancelled'] })),
        p.q('child', str({ maxLength: 40 })),
        p.q('submission', str({ maxLength: 64 })),
        p.q('overdue', str({ enum: ['true', 'false'] })),
        p.q('cursor', str({ maxLength: 200 })),
        p.q('limit', int({ minimum: 1, maximum: 100 })),
      ],
      ok: [200, 'ActionList'],
      errors: ['invalid-request', 'not-found'],
    },
  },
  '/api/actions/{id}': {
    get: { summary: 'One action, with what you may do (you). 404 alike when there is none or it is not yours to see.', tags: ['review'], roles: 'practitioner, manager', params: [p.id], ok: [200, 'TrackedAction'], errors: ['not-found'], headers: { ETag: str() } },
  },
  '/api/actions/{id}/done': {
    post: { summary: 'Mark it done (owner or their manager): the date done (today or earlier; default today) and what was done.', tags: ['review'], roles: 'practitioner, manager', params: [p.id, p.ifMatch], body: 'ActionDone', ok: [200, 'TrackedAction'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/actions/{id}/cancel': {
    post: { summary: 'Cancel it with a reason (the owner’s manager or the record’s author).', tags: ['review'], roles: 'practitioner, manager', params: [p.id, p.ifMatch], body: 'ActionCancel', ok: [200, 'TrackedAction'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/actions/{id}/reassign': {
    post: { summary: 'Give it to another worker (ICS worker id) with a reason (the owner’s manager).', tags: ['review'], roles: 'practitioner, manager (the owner’s manager)', params: [p.id, p.ifMatch], body: 'ActionReassign', ok: [200, 'TrackedAction'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/actions/{id}/due': {
    post: { summary: 'Move its due date with a reason (the owner’s manager).', tags: ['review'], roles: 'practitioner, manager (the owner’s manager)', params: [p.id, p.ifMatch], body: 'ActionDue', ok: [200, 'TrackedAction'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/dashboards': {
    get: { summary: 'The dashboards you may open and your scope: a manager their team; with group heads-of-service every team of their team’s service area; with group qa every team.', tags: ['dashboards'], roles: 'manager', ok: [200, 'DashboardIndex'] },
  },
  '/api/dashboards/{dashboard}': {
    get: {
      summary: 'One dashboard (supervision, audits, actions, return-to-work, forms): a summary in words, figures, charts (each with a text alternative) and tables; every number links to the list behind it. Counted in the store. Each read is logged (dashboard.read). With `.csv` after the name (/api/dashboards/actions.csv): the same as CSV, every figure and then every chart’s and table’s numbers, one line each.',
      tags: ['dashboards'],
      roles: 'manager',
      params: [{ name: 'dashboard', in: 'path', required: true, schema: str({ enum: [...DASHBOARD_IDS, ...DASHBOARD_IDS.map((id) => `${id}.csv`)] }), description: 'The dashboard, with `.csv` after it for its CSV.' }, p.q('team', str({ maxLength: 64 }), 'one team within your scope (403 otherwise)'), p.q('from', day, 'YYYY-MM-DD; default 12 months before to'), p.q('to', day, 'YYYY-MM-DD; default today (London); at most 36 months after from')],
      ok: [200, 'Dashboard', ['application/json', 'text/csv']],
      errors: ['invalid-request', 'not-found'],
    },
  },
  '/api/dashboards/{dashboard}/drill': {
    get: {
      summary: 'The list behind a number (follow a figure’s or chart row’s drill.href): records, children, workers, actions or audit assignments, a page at a time. Lists only what you may read: records (and their actions) by the access rules, children in your scope, restricted children only if you may see them.',
      tags: ['dashboards'],
      roles: 'manager',
      params: [
        { name: 'dashboard', in: 'path', required: true, schema: str({ enum: [...DASHBOARD_IDS] }) },
        p.q('team', str({ maxLength: 64 }), 'one team within your scope (403 otherwise)'), p.q('from', day, 'YYYY-MM-DD; default 12 months before to'), p.q('to', day, 'YYYY-MM-DD; default today (London); at most 36 months after from'),
        p.q('list', str({ enum: ['overdue-children', 'children-by-band', 'overdue-workers', 'workers-by-band', 'completed-records', 'records', 'actions', 'assignments'] })),
        p.q('form', str({ maxLength: 64 })),
        p.q('worker', str({ maxLength: 20 }), 'the allocated worker (children lists)'),
        p.q('band', str({ enum: ['never', 'within', 'one-to-two', 'over-two'] })),
        p.q('month', str({ pattern: '^\\d{4}-\\d{2}$' })),
        p.q('status', str({ enum: ['open', 'overdue', 'not-due', 'done', 'draft', 'submitted', 'planned', 'done-on-time', 'done-late'] })),
        p.q('by', str({ enum: ['team', 'child', 'worker'] }), 'completed records: kept to the scope by their team, their child or their worker'),
        p.q('field', str({ maxLength: 200 }), 'an x-measures answer, e.g. /overall/grade'),
        p.q('value', str({ maxLength: 200 }), 'its value as JSON'),
        p.q('onTime', str({ enum: ['true', 'false'] })),
        p.q('moderated', str({ enum: ['true', 'false'] })),
        p.q('after', str({ maxLength: 200 }), 'the next of the page before'),
        p.q('limit', int({ minimum: 1, maximum: 200 }), 'default 50'),
      ],
      ok: [200, 'DrillPage'],
      errors: ['invalid-request', 'not-found'],
    },
  },
  '/api/dashboards/{dashboard}/drill.csv': {
    get: {
      summary: 'The list behind a number as CSV (the whole list, at most 10,000 rows).',
      tags: ['dashboards'],
      roles: 'manager',
      params: [
        { name: 'dashboard', in: 'path', required: true, schema: str({ enum: [...DASHBOARD_IDS] }) },
        p.q('team', str({ maxLength: 64 }), 'one team within your scope (403 otherwise)'), p.q('from', day, 'YYYY-MM-DD; default 12 months before to'), p.q('to', day, 'YYYY-MM-DD; default today (London); at most 36 months after from'),
        p.q('list', str()),
        p.q('form', str({ maxLength: 64 })),
        p.q('worker', str({ maxLength: 20 })),
        p.q('band', str()),
        p.q('month', str()),
        p.q('status', str()),
        p.q('by', str()),
        p.q('field', str({ maxLength: 200 })),
        p.q('value', str({ maxLength: 200 })),
        p.q('onTime', str()),
        p.q('moderated', str()),
      ],
      ok: [200, null, 'text/csv'],
      errors: ['invalid-request', 'not-found'],
    },
  },
  '/api/audits/assignments': {
    get: {
      summary: 'Audit assignments, soonest due first. Yours (auditor=me, and always for those who do not plan audits; any whose record completed is marked done first), or for planners the teams they plan for (team=, auditor=).',
      tags: ['audits'],
      roles: 'practitioner, manager',
      params: [
        p.q('status', auditStatus),
        p.q('team', str({ maxLength: 64 })),
        p.q('auditor', str({ maxLength: 64 }), '"me" or an account id'),
        p.q('child', str({ maxLength: 40 })),
        p.q('form', str({ maxLength: 64 })),
        p.q('overdue', str({ enum: ['true', 'false'] })),
        p.q('cursor', str({ maxLength: 200 })),
        p.q('limit', int({ minimum: 1, maximum: 100 })),
      ],
      ok: [200, 'AuditAssignmentList'],
      errors: ['invalid-request'],
    },
    post: {
      summary: 'Assign audits by hand (audits:plan): each a child of a team you plan for, an auditor who may read the child’s records, a due date today or later and a form about a child; never a second open audit of the same child on the same form. All are made, or none (every refusal with its pointer).',
      tags: ['audits'],
      roles: 'manager',
      body: 'AuditAssignmentInput',
      ok: [201, 'AuditAssignmentsMade'],
      errors: ['invalid-request', 'forbidden', 'validation-failed'],
    },
  },
  '/api/audits/assignments/{id}': {
    get: { summary: 'One audit, for its auditor or a planner of its team (one whose record completed is marked done first). 404 alike when there is none or it is not yours to see.', tags: ['audits'], roles: 'practitioner, manager', params: [p.id], ok: [200, 'AuditAssignment'], errors: ['not-found'], headers: { ETag: str() } },
  },
  '/api/audits/assignments/{id}/cancel': {
    post: { summary: 'Cancel an open audit with a reason (a planner of its team).', tags: ['audits'], roles: 'manager', params: [p.id, p.ifMatch], body: 'AuditCancel', ok: [200, 'AuditAssignment'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/audits/assignments/{id}/reassign': {
    post: { summary: 'Give an open audit to another auditor with a reason (a planner of its team).', tags: ['audits'], roles: 'manager', params: [p.id, p.ifMatch], body: 'AuditReassign', ok: [200, 'AuditAssignment'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/audits/assignments/{id}/due': {
    post: { summary: 'Move an open audit’s due date (today or later) with a reason (a planner of its team).', tags: ['audits'], roles: 'manager', params: [p.id, p.ifMatch], body: 'AuditDue', ok: [200, 'AuditAssignment'], errors: ['invalid-request', 'forbidden', 'not-found', 'validation-failed', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/audits/samples': {
    get: { summary: 'Samples drawn for the teams you plan for, newest first: rule, seed, who, when, how many were considered, who was chosen and why others were left out (counts).', tags: ['audits'], roles: 'manager', params: [p.q('cursor', str({ maxLength: 200 })), p.q('limit', int({ minimum: 1, maximum: 100 }))], ok: [200, 'AuditSampleList'], errors: ['invalid-request'] },
    post: {
      summary: 'Draw a sample by rule (audits:plan): per team, children not merged, of the legal statuses asked, not audited on this form in the last months, without an open audit on it, and not every auditor’s own case nor restricted from them; shuffled by the seed, the first perTeam chosen and given the auditors in turn. Saved with its assignments (201), or with preview true drawn without saving (200). Confirming a preview, send the children it chose as `previewed` with its seed: when the same draw now chooses others (an audit was assigned meanwhile), nothing is assigned (409).',
      tags: ['audits'],
      roles: 'manager',
      body: 'AuditSampleInput',
      ok: [201, 'AuditSampleDrawn'],
      also: { 200: 'AuditSampleDrawn' },
      errors: ['invalid-request', 'forbidden', 'validation-failed', 'conflict'],
    },
  },
  '/api/audits/samples/{id}': {
    get: { summary: 'One sample as drawn. 404 alike when there is none or it drew from no team you plan for.', tags: ['audits'], roles: 'manager', params: [p.id], ok: [200, 'AuditSample'], errors: ['not-found'] },
  },
  '/api/audits/options': {
    get: { summary: 'What the audit programme page offers a planner: the teams they plan for, the accounts that can audit, the forms about a child.', tags: ['audits'], roles: 'manager', ok: [200, 'AuditOptions'], errors: ['invalid-request'] },
  },
  '/api/directory/children': {
    get: {
      summary:
        'Find a child in the ICS directory: q is matched as an ICS person id (exact or its start), a date of birth (2015-03-02 or 2/3/2015, day/month/year) and name words (each the start of a word of the name), in any mix, by name. Restricted children only for those who may read their records. Each search is logged with its kind and count, never the words.',
      tags: ['directory'],
      roles: 'practitioner, manager, integrator',
      params: [p.q('q', str({ maxLength: 200 }), 'a name, an ICS person id or a date of birth'), p.q('limit', int({ minimum: 1, maximum: 20 }), 'at most this many children (default 10)')],
      ok: [200, 'ChildSearchResult'],
      errors: ['invalid-request'],
    },
  },
  '/api/directory/children/{id}': {
    get: { summary: 'One child’s card by ICS person id (a merged child’s own card, with mergedInto). 404 alike when unknown or not yours to see.', tags: ['directory'], roles: 'practitioner, manager, integrator', params: [p.id], ok: [200, 'ChildCard'], errors: ['not-found'] },
  },
  '/api/sync/kinds': { get: { summary: 'The connector kinds this service has, each with the JSON Schema of its settings.', tags: ['sync'], roles: 'integrator', ok: [200, 'ConnectorKinds'] } },
  '/api/sync/connectors': {
    get: { summary: 'Connectors, each with its queue figures.', tags: ['sync'], roles: 'integrator', ok: [200, 'ConnectorList'] },
    post: { summary: 'Set up a connector (secrets are named by environment variable, never given).', tags: ['sync'], roles: 'integrator', body: 'ConnectorInput', ok: [201, 'Connector'], errors: ['invalid-request', 'conflict'], headers: { ETag: str(), Location: str() } },
  },
  '/api/sync/connectors/{id}': {
    get: { summary: 'One connector.', tags: ['sync'], roles: 'integrator', params: [p.id], ok: [200, 'Connector'], errors: ['not-found'], headers: { ETag: str() } },
    patch: { summary: 'Change a connector (title, settings, retries, date format, paused).', tags: ['sync'], roles: 'integrator', params: [p.id, p.ifMatchOptional], body: 'ConnectorUpdate', ok: [200, 'Connector'], errors: ['invalid-request', 'not-found', 'stale-revision', 'precondition-failed', 'precondition-required'], headers: { ETag: str() } },
  },
  '/api/sync/connectors/{id}/pause': { post: { summary: 'Pause: records still queue, nothing is delivered.', tags: ['sync'], roles: 'integrator', params: [p.id], ok: [200, 'Connector'], errors: ['not-found', 'stale-revision'], headers: { ETag: str() } } },
  '/api/sync/connectors/{id}/resume': { post: { summary: 'Resume delivering.', tags: ['sync'], roles: 'integrator', params: [p.id], ok: [200, 'Connector'], errors: ['not-found', 'stale-revision'], headers: { ETag: str() } } },
  '/api/sync/connectors/{id}/mappings': { get: { summary: "The connector's mappings, by form and the version each starts at.", tags: ['sync'], roles: 'integrator', params: [p.id], ok: [200, 'MappingList'], errors: ['not-found'] } },
  '/api/sync/connectors/{id}/mappings/{formId}/{version}': {
    get: { summary: 'The mapping made for this form version.', tags: ['sync'], roles: 'integrator', params: [p.id, p.formId, p.version], ok: [200, 'Mapping'], errors: ['not-found'], headers: { ETag: str() } },
    put: {
      summary: 'Create (201) or replace (200, with If-Match) the mapping for this form version; it applies to later versions too until one of them has its own. Checked against every version it applies to.',
      tags: ['sync'],
      roles: 'integrator',
      params: [p.id, p.formId, p.version, p.ifMatchOptional],
      body: 'MappingInput',
      ok: [200, 'Mapping'],
      also: { 201: 'Mapping' },
      errors: ['invalid-request', 'not-found', 'mapping-rejected', 'stale-revision', 'precondition-failed', 'precondition-required'],
      headers: { ETag: str() },
    },
    delete: { summary: 'Delete the mapping (records of versions it covered go to no connector unless an earlier mapping applies).', tags: ['sync'], roles: 'integrator', params: [p.id, p.formId, p.version, p.ifMatchOptional], ok: [204, null], errors: ['not-found', 'stale-revision', 'precondition-failed'] },
  },
  '/api/sync/figures': { get: { summary: 'Queue figures per connector: counts by state and the oldest waiting record.', tags: ['sync'], roles: 'integrator', ok: [200, 'FiguresList'] } },
  '/api/sync/deliveries': {
    get: {
      summary: 'Deliveries (one per record and connector), in queue order: filter by connector, state (dead: the dead letters, with their reasons) or record.',
      tags: ['sync'],
      roles: 'integrator',
      params: [p.q('connector', str()), p.q('state', str({ enum: ['pending', 'leased', 'delivered', 'dead'] })), p.q('submissionId', str()), p.q('after', str(), 'the last id of the previous page'), p.q('limit', int({ minimum: 1, maximum: 500 }))],
      ok: [200, 'DeliveryPage'],
      errors: ['invalid-request'],
    },
  },
  '/api/sync/deliveries/{id}': { get: { summary: 'One delivery.', tags: ['sync'], roles: 'integrator', params: [p.id], ok: [200, 'Delivery'], errors: ['not-found'] } },
  '/api/sync/replay': {
    post: { summary: 'Replay deliveries: the ids given, or every dead letter of a connector. force also re-sends delivered ones (the receiver’s idempotency key still stops a second record).', tags: ['sync'], roles: 'integrator', body: 'ReplayRequest', ok: [200, 'ReplayResult'], errors: ['invalid-request', 'not-found'] },
  },
  '/api/directory': {
    get: { summary: 'The directory read from the ICS: how many children, workers and teams, and the newest batch of each.', tags: ['directory'], roles: 'integrator, admin', ok: [200, 'DirectoryCounts'] },
  },
  '/api/directory/batches': {
    get: {
      summary: 'The batch log, newest first: every batch applied, by the drop folder or the API (rejected batches are in the event log and the drop folder’s rejected/ reports).',
      tags: ['directory'],
      roles: 'integrator, admin',
      params: [p.q('kind', str({ enum: [...DIRECTORY_KINDS] })), p.q('limit', int({ minimum: 1, maximum: 500 }), 'at most this many (default 50)')],
      ok: [200, 'DirectoryBatchList'],
      errors: ['invalid-request'],
    },
  },
  '/api/directory/batches/{kind}': {
    post: {
      summary:
        'Send a batch of children, workers or teams as NDJSON (one object per line), applied whole and once per Idempotency-Key (201; a retry with the same key and body: 200 with Idempotent-Replayed, nothing changed). mode=full: the batch is the whole of that kind, rows it leaves out are removed; mode=delta: rows are added or replaced whole, and {"delete": id} lines removed. A batch with any bad line is not applied: 422 validation-failed whose errors point at /<0-based line index>/<field>, every bad line listed (the first 1,000). At most 256 MB and 500,000 lines (413 beyond).',
      tags: ['directory'],
      roles: 'integrator',
      params: [
        { name: 'kind', in: 'path', required: true, schema: str({ enum: [...DIRECTORY_KINDS] }) },
        { name: 'mode', in: 'query', required: true, schema: str({ enum: ['full', 'delta'] }), description: 'full or delta (needed: a full batch removes what it leaves out)' },
        { ...p.idempotencyKey, description: 'A new key per new batch (e.g. children-full-2026-12-05); a retry with the same key and body is applied once; with another body it is refused.' },
      ],
      body: 'DirectoryLine',
      bodyMedia: 'application/x-ndjson',
      ok: [201, 'DirectoryBatchResult'],
      also: { 200: 'DirectoryBatchResult' },
      errors: ['invalid-request', 'not-found', 'idempotency-key-missing', 'idempotency-key-reused', 'validation-failed', 'payload-too-large', 'unsupported-media-type'],
      headers: { 'Idempotent-Replayed': str({ enum: ['true'] }) },
    },
  },
  '/api/submissions/{id}/files': {
    post: {
      summary:
        'Upload a file to a files question of a draft you may change (its author). The body is the file’s bytes (any Content-Type), streamed; its type is judged by its content against the question’s allowed types (422 file-type-not-allowed), its size against the question’s and the server’s limit (413 file-too-large: at once from Content-Length, or at the first byte over), and a SHA-256 taken. Put the answer (the object returned, without `scan`) into the question’s answer list and save the draft.',
      tags: ['files'],
      roles: 'practitioner, manager (the draft’s author)',
      params: [
        p.id,
        { name: 'pointer', in: 'query', required: true, schema: str(), description: 'The JSON Pointer of the files question in the record’s data, e.g. /fitNote' },
        { name: 'name', in: 'query', required: true, schema: str({ minLength: 1, maxLength: 1000 }), description: 'The file’s name, e.g. fit note.pdf (folder parts and control characters are dropped)' },
      ],
      body: 'UploadBody',
      bodyMedia: 'application/octet-stream',
      ok: [201, 'UploadedFile'],
      errors: ['invalid-request', 'not-found', 'invalid-state', 'file-too-large', 'file-type-not-allowed', 'file-empty', 'file-too-many'],
      headers: { Location: str() },
    },
    get: {
      summary: 'The files the record’s answers name, each with its virus-scan state (unscanned: not downloadable yet), and whether this server has a scanner to check them. Logged as a read of the record.',
      tags: ['files'],
      roles: 'whoever may read the record',
      params: [p.id],
      ok: [200, 'RecordFiles'],
      errors: ['not-found'],
    },
  },
  '/api/files/limits': {
    get: { summary: 'What uploads may be on this server: the most bytes per file, the types a question can allow, whether a virus scanner is configured.', tags: ['files'], roles: 'any signed-in account', ok: [200, 'FileLimits'] },
  },
  '/api/files/{fileId}': {
    get: {
      summary:
        'An uploaded file’s bytes, to whoever may read its record (a draft: whoever may read the draft; each download is logged). Always an attachment (Content-Disposition: attachment), with X-Content-Type-Options: nosniff and Content-Security-Policy: sandbox, never shown from the service’s origin. 404 for a file that does not exist and one you may not read alike; 409 file-not-scanned while the virus scanner has not said clean; 410 file-infected when it found a virus.',
      tags: ['files'],
      roles: 'whoever may read the record',
      params: [{ name: 'fileId', in: 'path', required: true, schema: str() }],
      ok: [200, null, [...new Set(Object.values(FILE_TYPES).flatMap((t) => [...t.mediaTypes]))]],
      errors: ['not-found', 'file-not-scanned', 'file-infected'],
      headers: { 'Content-Disposition': str(), 'X-Content-Type-Options': str({ enum: ['nosniff'] }), 'Content-Security-Policy': str() },
    },
    delete: {
      summary: 'Remove a file you uploaded to a draft you may change, while it is not part of a submitted record (then 409).',
      tags: ['files'],
      roles: 'the uploader (the draft’s author)',
      params: [{ name: 'fileId', in: 'path', required: true, schema: str() }],
      ok: [204, null],
      errors: ['not-found', 'invalid-state'],
    },
  },
  '/metrics': { get: { summary: 'Prometheus metrics (text exposition): deliveries by outcome, queue depth, oldest waiting age, latency histograms.', tags: ['sync'], roles: 'integrator', ok: [200, null, 'text/plain'] } },
};

function operation(op: Op, method: string, path: string): Schema {
  const [status, schema, mediaType] = op.ok;
  // Any operation refuses a query parameter it does not document (documented.ts).
  const errors = [...(op.public ? [] : AUTH_ERRORS), ...new Set<HttpProblemType>(['invalid-request', ...(op.errors ?? [])]), ...(op.body ? (['payload-too-large', 'unsupported-media-type', 'malformed-json'] as const) : []), 'internal-error' as const];
  const responses: Schema = {
    [status]: {
      description: 'Success.',
      ...(op.headers ? { headers: Object.fromEntries(Object.entries(op.headers).map(([h, s]) => [h, { schema: s }])) } : {}),
      ...(status === 204 || status === 302 ? {} : { content: Object.fromEntries([mediaType ?? 'application/json'].flat().map((m) => [m, { schema: schema ? ref(schema) : {} }])) }),
    },
  };
  for (const [code, name] of Object.entries(op.also ?? {})) responses[code] = { description: 'See the summary.', content: { 'application/json': { schema: ref(name) } } };
  for (const [code, words] of Object.entries(op.pages ?? {})) responses[code] = { description: words, content: { 'text/html': { schema: str() } } };
  // A read with an ETag answers a conditional request (If-None-Match) whose body has not changed with 304.
  if (method === 'get' && op.headers?.ETag) responses['304'] = { description: 'Not modified: the body is still the one whose ETag was sent in If-None-Match.', headers: { ETag: { schema: op.headers.ETag } } };
  for (const e of errors) {
    const code = String(PROBLEMS[e].status);
    const existing = responses[code] as { description: string } | undefined;
    responses[code] = existing ? { ...existing, description: `${existing.description} Or: ${PROBLEMS[e].title}.` } : problemResponse(e);
  }
  return {
    operationId: `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
    summary: op.summary,
    tags: op.tags,
    ...(op.roles ? { description: `Roles: ${op.roles}.` } : {}),
    ...(op.public ? { security: [] } : {}),
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: op.body !== 'Publish' && op.body !== 'Submit' && op.body !== 'Migrate', content: { [op.bodyMedia ?? 'application/json']: { schema: ref(op.body) } } } } : {}),
    responses,
  };
}

/** The document, built once. */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Caseforms API',
    version: '1.0.0',
    description:
      'Forms, versions and records for children’s social care. Authenticate with a personal API token (Authorization: Bearer …) or a session cookie (browser; writes need X-CSRF-Token). A session ends after a time without activity (each request counts, except GET /api/session and requests marked `Caseforms-Activity: background`) or at its absolute expiry; every answer to a session request carries `Caseforms-Session-Expires`, and one whose session has ended is a 401 `session-expired` with a `reason`. Errors are RFC 9457 problem+json; validation errors carry JSON Pointers.',
  },
  servers: [{ url: '/' }],
  security: [{ bearerAuth: [] }, { cookieAuth: [] }],
  tags: [
    { name: 'service', description: 'Health and this description.' },
    { name: 'accounts', description: 'Sign-in, accounts and personal tokens.' },
    { name: 'forms', description: 'Forms and their versions.' },
    { name: 'option lists', description: 'Shared option lists: versioned lists of options (code and label) that choice questions of many forms use.' },
    { name: 'submissions', description: 'Records made with forms.' },
    { name: 'files', description: 'Files uploaded to files questions: streamed in, checked by content and size, downloaded only as attachments by those who may read the record.' },
    { name: 'review', description: 'Oversight: review stages after submit (sign-off, return for changes, moderation), comments, work lists and tracked actions.' },
    { name: 'audits', description: 'The audit programme: audit assignments by hand or by a recorded sample, and the auditor’s list.' },
    { name: 'directory', description: 'Children, workers and teams as the ICS knows them: finding a child.' },
    { name: 'dashboards', description: 'What is due and what is late: supervision, audits, actions, return to work and forms, for managers, heads of service and quality assurance, with the list behind every number.' },
    { name: 'sync', description: 'Delivering records into the case recording system (ICS): connectors, mappings, the queue.' },
    { name: 'directory', description: 'Children, workers and teams read from the ICS: batches sent by integrators (or dropped as files), the batch log.' },
  ],
  paths: Object.fromEntries(Object.entries(OPS).map(([path, ops]) => [path, Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, operation(op, m, path)]))])),
  components: {
    schemas,
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/me/tokens).' },
      cookieAuth: { type: 'apiKey', in: 'cookie', name: 'caseforms_session', description: 'Set by POST /api/session.' },
    },
  },
} as const;
