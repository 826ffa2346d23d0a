/**
 * /api/audits: the audit programme (engine/audits). Planners (`audits:plan`) assign audits by
 * hand or draw samples, list and change the assignments of the teams they plan for and read the
 * samples; an auditor lists their own assignments and opens each.
 */
import { Router, type Response } from 'express';
import { can } from '../../accounts/permissions.js';
import {
  assignByHand,
  cancelAssignment,
  drawAuditSample,
  inScope,
  maySeeSample,
  moveAssignmentDue,
  planScope,
  readAssignment,
  reassignAssignment,
  repairOpenAssignments,
} from '../../audits/lifecycle.js';
import { AUDIT_STATUSES, type AssignmentQuery, type AuditAssignment, type AuditSample } from '../../audits/model.js';
import type { EngineContext } from '../../context.js';
import { withChildNames } from '../../directory/subjects.js';
import { DomainError, InvalidRequestError, NotFoundError } from '../../errors.js';
import { londonToday } from '../../forms/calculations/evaluate.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { QueryReader } from '../query.js';

const CURSOR = /^[A-Za-z0-9_=.:-]{1,200}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const CHILD = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,39}$/;

const sampleMissing = (id: string) => new NotFoundError(`There is no audit sample "${id}" that you can open.`);

/** Most children a confirmation may name (perTeam at most 20, over the teams drawn from). */
const MAX_PREVIEWED = 2000;

/**
 * A sample's body without `previewed`: the ICS ids the preview chose, in order, sent when its
 * children are confirmed (with the preview's seed). Not part of the rule, so not recorded.
 */
function previewedOf(raw: unknown): { body: unknown; previewed?: undefined } | { body: Record<string, unknown>; previewed: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('previewed' in raw)) return { body: raw };
  const { previewed, ...body } = raw as Record<string, unknown>;
  if (!Array.isArray(previewed) || previewed.length > MAX_PREVIEWED || previewed.some((id) => typeof id !== 'string' || !CHILD.test(id))) {
    throw new InvalidRequestError('"previewed" must list the ICS person ids the preview chose.', [{ pointer: '/previewed', message: `Send the ICS person ids the preview chose, in its order (at most ${MAX_PREVIEWED}).` }]);
  }
  if (body.seed === undefined) throw new InvalidRequestError('Send the preview’s seed with the children it chose.', [{ pointer: '/seed', message: 'Send the seed the preview drew with, so the same children are drawn again.' }]);
  if (body.preview === true) throw new InvalidRequestError('"previewed" confirms a preview: leave "preview" out or false.', [{ pointer: '/preview', message: 'Leave "preview" out (or false) when confirming the children a preview chose.' }]);
  return { body, previewed: previewed as string[] };
}

function sampleChanged(previewed: string[], now: string[]): DomainError {
  const gone = previewed.filter((id) => !now.includes(id)).length;
  const which = gone < previewed.length ? `${gone} of the ${previewed.length} children previewed would not be chosen now` : previewed.length === 1 ? 'The child previewed would not be chosen now' : `None of the ${previewed.length} children previewed would be chosen now`;
  const message = gone
    ? `${which}: an audit may have been assigned meanwhile, or the directory changed.`
    : 'The same rule now chooses other children or another order: an audit may have been assigned meanwhile, or the directory changed.';
  const words = `Nothing was assigned. ${message} Preview the sample again.`;
  return new DomainError('conflict', words, [{ pointer: '/previewed', message: words }]);
}

export function auditRoutes(ctx: EngineContext): Router {
  const r = Router();
  const named = (items: AuditAssignment[]) => withChildNames(ctx.store, items);
  const namedSample = async (sample: AuditSample) => ({ ...sample, chosen: await withChildNames(ctx.store, sample.chosen) });
  const sendOne = async (res: Response, a: AuditAssignment) => {
    setEtag(res, a.revision);
    res.json((await named([a]))[0]);
  };

  r.get('/assignments', requires('work:read'), async (req, res) => {
    const q = new QueryReader(req);
    const status = q.oneOf('status', AUDIT_STATUSES);
    const team = q.string('team', ID, 'a team id');
    const auditor = q.string('auditor', ID, '"me" or an account id');
    const child = q.string('child', CHILD, 'an ICS person id');
    const form = q.string('form', ID, 'a form id');
    const overdue = q.oneOf('overdue', ['true', 'false'] as const) === 'true';
    const cursor = q.string('cursor', CURSOR, 'the nextCursor of the page before');
    const limit = q.int('limit', 1, 100) ?? 25;
    const account = accountOf(res);
    const planner = can(account, 'audits:plan');
    if (!planner && auditor !== undefined && auditor !== 'me' && auditor !== account.id) q.refuse('auditor', 'You can list only the audits assigned to you (auditor=me).');
    if (!planner && team !== undefined) q.refuse('team', 'Only those who plan audits list a team’s audits. Leave "team" out to list yours.');
    const scope = await planScope(ctx, account);
    if (team !== undefined && !inScope(scope, team)) q.refuse('team', `You do not plan audits for team "${team}".`);
    q.done();
    const mine = !planner || auditor === 'me' || auditor === account.id;
    const query: AssignmentQuery = mine ? { auditorAccountId: account.id } : auditor !== undefined ? { auditorAccountId: auditor } : {};
    // A planner's list is their teams' (an auditor's own list is theirs wherever the child is).
    if (!mine || team !== undefined) {
      if (team !== undefined) query.teams = [team];
      else if (scope.kind === 'teams') query.teams = scope.teams;
    }
    if (status) query.status = status;
    if (child) query.childId = child;
    if (form) query.formId = form;
    if (overdue) Object.assign(query, { status: 'open', dueBefore: londonToday(ctx.now()) });
    const page = { limit, ...(cursor ? { after: cursor } : {}) };
    const [found, count] = await Promise.all([ctx.store.listAssignments(query, page), ctx.store.countAssignments(query)]);
    // The auditor's own list repairs any whose record completed without the assignment being marked done.
    const items = mine ? await repairOpenAssignments(ctx, found.items) : found.items;
    res.json({ items: await named(items), count, nextCursor: found.next });
  });

  // One audit (the auditor's email links to its page): its auditor, or a planner of its team; else 404.
  r.get('/assignments/:id', requires('work:read'), async (req, res) => {
    const [a] = await repairOpenAssignments(ctx, [await readAssignment(ctx, accountOf(res), param(req, 'id'))]);
    await sendOne(res, a!);
  });

  r.post('/assignments', requires('audits:plan'), async (req, res) => {
    const made = await assignByHand(ctx, accountOf(res), req.body);
    res.status(201).json({ items: await named(made) });
  });

  r.post('/assignments/:id/cancel', requires('audits:plan'), async (req, res) => {
    const expected = ifMatchRevision(req, 'audit assignment');
    await sendOne(res, await cancelAssignment(ctx, accountOf(res), param(req, 'id'), expected, req.body));
  });

  r.post('/assignments/:id/reassign', requires('audits:plan'), async (req, res) => {
    const expected = ifMatchRevision(req, 'audit assignment');
    await sendOne(res, await reassignAssignment(ctx, accountOf(res), param(req, 'id'), expected, req.body));
  });

  r.post('/assignments/:id/due', requires('audits:plan'), async (req, res) => {
    const expected = ifMatchRevision(req, 'audit assignment');
    await sendOne(res, await moveAssignmentDue(ctx, accountOf(res), param(req, 'id'), expected, req.body));
  });

  r.post('/samples', requires('audits:plan'), async (req, res) => {
    const account = accountOf(res);
    const { body, previewed } = previewedOf(req.body);
    // Confirming a preview: the same draw must still choose the children shown, or nothing is assigned.
    if (previewed) {
      const now = (await drawAuditSample(ctx, account, { ...body, preview: true })).sample.chosen.map((c) => c.childId);
      if (now.length !== previewed.length || now.some((id, i) => id !== previewed[i])) throw sampleChanged(previewed, now);
    }
    const drawn = await drawAuditSample(ctx, account, body);
    res.status(drawn.preview ? 200 : 201).json({ preview: drawn.preview, sample: await namedSample(drawn.sample), assignments: await named(drawn.assignments) });
  });

  r.get('/samples', requires('audits:plan'), async (req, res) => {
    const q = new QueryReader(req);
    const cursor = q.string('cursor', CURSOR, 'the nextCursor of the page before');
    const limit = q.int('limit', 1, 100) ?? 25;
    q.done();
    const scope = await planScope(ctx, accountOf(res));
    const found = await ctx.store.listSamples({ limit, ...(cursor ? { after: cursor } : {}) });
    // Samples are few (a handful a month): the page is narrowed to the planner's teams after reading.
    res.json({ items: await Promise.all(found.items.filter((s) => maySeeSample(scope, s)).map(namedSample)), nextCursor: found.next });
  });

  r.get('/samples/:id', requires('audits:plan'), async (req, res) => {
    const id = param(req, 'id');
    const s = await ctx.store.getSample(id);
    if (!s || !maySeeSample(await planScope(ctx, accountOf(res)), s)) throw sampleMissing(id);
    res.json(await namedSample(s));
  });

  r.get('/options', requires('audits:plan'), async (req, res) => {
    new QueryReader(req).done();
    const scope = await planScope(ctx, accountOf(res));
    const [teams, accounts, forms] = await Promise.all([ctx.store.listDirectoryTeams(), ctx.store.listAccounts(), ctx.store.listForms()]);
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));
    res.json({
      teams: teams.filter((t) => inScope(scope, t.id)).map((t) => ({ id: t.id, name: t.name })),
      auditors: accounts
        .filter((a) => !a.disabled && (a.role === 'practitioner' || a.role === 'manager'))
        .map((a) => ({ id: a.id, displayName: a.displayName, role: a.role, team: a.team, teamName: teamNames.get(a.team) ?? a.team, ...(a.workerId ? { workerId: a.workerId } : {}) }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
      forms: forms.filter((f) => f.subject?.childId !== undefined).map((f) => ({ id: f.id, title: f.title, category: f.category })),
    });
  });
  return r;
}
