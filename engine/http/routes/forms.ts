/** /api/forms: forms, their versions, change analysis and generated types. */
import { Router, type Response } from 'express';
import { compile } from 'json-schema-to-typescript';
import { LRUCache } from 'lru-cache';
import type { EngineContext } from '../../context.js';
import type { Account } from '../../accounts/model.js';
import { can } from '../../accounts/permissions.js';
import { NotFoundError } from '../../errors.js';
import {
  checkFormDefinition,
  compareVersions,
  createDraft,
  createForm,
  editDraft,
  getForm,
  getVersion,
  publishVersion,
  retireVersion,
  updateForm,
} from '../../forms/lifecycle.js';
import type { Form, FormVersion } from '../../forms/model.js';
import { referencePrefixOf } from '../../forms/reference-prefix.js';
import { isObject } from '../../forms/schema-paths.js';
import { publishImpact } from '../../forms/impact.js';
import { trySample } from '../../forms/trial.js';
import { accountOf, param, requires } from '../auth.js';
import { ifMatchRevision, setEtag } from '../preconditions.js';
import { QueryReader, versionParam } from '../query.js';

/** What a list shows of a version: everything but the (large) definition. */
function versionSummary(v: FormVersion) {
  const { schema: _s, uischema: _u, ...rest } = v;
  return rest;
}

function canSee(account: Account, v: FormVersion): boolean {
  return v.status !== 'draft' || can(account, 'forms:read-drafts');
}

async function formSummary(ctx: EngineContext, account: Account, form: Form) {
  const versions = await ctx.store.listVersions(form.id);
  return {
    ...form,
    // Always the prefix the form's new records get: its own, or the one made from its id.
    referencePrefix: referencePrefixOf(form),
    currentVersion: versions.find((v) => v.status === 'published')?.version ?? null,
    ...(can(account, 'forms:read-drafts') ? { draftVersion: versions.find((v) => v.status === 'draft')?.version ?? null } : {}),
    versions: versions.filter((v) => canSee(account, v)).map(versionSummary),
  };
}

/** A version the caller may see, or 404 (drafts are invisible to those who cannot read them). */
async function visibleVersion(ctx: EngineContext, account: Account, formId: string, versionText: string): Promise<FormVersion> {
  const n = versionParam(versionText);
  if (n === null) throw new NotFoundError(`"${versionText}" is not a version number.`);
  const v = await getVersion(ctx, formId, n);
  if (!canSee(account, v)) throw new NotFoundError(`Form "${formId}" has no version ${n} you can see.`);
  return v;
}

function sendDraft(res: Response, status: number, result: Awaited<ReturnType<typeof createDraft>>): void {
  setEtag(res, result.version.revision);
  if (status === 201) res.location(`/api/forms/${result.version.formId}/versions/${result.version.version}`);
  res.status(status).json(result);
}

export function formRoutes(ctx: EngineContext): Router {
  const r = Router();
  // Types generation takes tens of milliseconds; a published version never changes, so cache by hash.
  const types = new LRUCache<string, string>({ max: 100 });

  r.get('/', requires('forms:read'), async (_req, res) => {
    const account = accountOf(res);
    const forms = await ctx.store.listForms();
    const items = await Promise.all(forms.map((f) => formSummary(ctx, account, f)));
    res.json({ items: items.filter((f) => f.currentVersion !== null || can(account, 'forms:read-drafts')) });
  });

  r.post('/', requires('forms:write'), async (req, res) => {
    const form = await createForm(ctx, accountOf(res), req.body);
    setEtag(res, form.revision);
    res.location(`/api/forms/${form.id}`).status(201).json(await formSummary(ctx, accountOf(res), form));
  });

  r.get('/:formId', requires('forms:read'), async (req, res) => {
    const account = accountOf(res);
    const summary = await formSummary(ctx, account, await getForm(ctx, param(req, 'formId')));
    if (summary.currentVersion === null && !can(account, 'forms:read-drafts')) throw new NotFoundError(`There is no form "${summary.id}" you can fill in yet.`);
    setEtag(res, summary.revision);
    res.json(summary);
  });

  // The form's settings (title, category, description, team, subject, reference prefix); If-Match is optional.
  r.patch('/:formId', requires('forms:write'), async (req, res) => {
    const expected = req.get('if-match') !== undefined ? ifMatchRevision(req, 'form') : undefined;
    const form = await updateForm(ctx, accountOf(res), param(req, 'formId'), expected, req.body);
    setEtag(res, form.revision);
    res.json(await formSummary(ctx, accountOf(res), form));
  });

  r.get('/:formId/versions', requires('forms:read'), async (req, res) => {
    const account = accountOf(res);
    const summary = await formSummary(ctx, account, await getForm(ctx, param(req, 'formId')));
    res.json({ items: summary.versions });
  });

  r.post('/:formId/versions', requires('forms:write'), async (req, res) => {
    sendDraft(res, 201, await createDraft(ctx, accountOf(res), param(req, 'formId'), req.body ?? {}));
  });

  r.get('/:formId/versions/:version', requires('forms:read'), async (req, res) => {
    const v = await visibleVersion(ctx, accountOf(res), param(req, 'formId'), param(req, 'version'));
    setEtag(res, v.revision);
    // A draft comes with the policy's verdict, so the designer shows its problems straight away.
    if (v.status !== 'draft') return void res.json(v);
    const { violations, notices } = await checkFormDefinition(ctx, v.formId, { schema: v.schema, uischema: v.uischema });
    res.json({ ...v, policy: { violations, notices } });
  });

  r.put('/:formId/versions/:version', requires('forms:write'), async (req, res) => {
    const n = versionParam(param(req, 'version'));
    if (n === null) throw new NotFoundError(`"${param(req, 'version')}" is not a version number.`);
    const expected = ifMatchRevision(req, 'draft');
    sendDraft(res, 200, await editDraft(ctx, accountOf(res), param(req, 'formId'), n, expected, req.body));
  });

  r.post('/:formId/versions/:version/publish', requires('forms:write'), async (req, res) => {
    const n = versionParam(param(req, 'version'));
    if (n === null) throw new NotFoundError(`"${param(req, 'version')}" is not a version number.`);
    const body = isObject(req.body) ? req.body : {};
    const published = await publishVersion(ctx, accountOf(res), param(req, 'formId'), n, {
      ...(typeof body.changeNote === 'string' ? { changeNote: body.changeNote } : {}),
      ...(req.get('if-match') !== undefined ? { expectedRevision: ifMatchRevision(req, 'draft') } : {}),
    });
    setEtag(res, published.revision);
    res.json(published);
  });

  r.post('/:formId/versions/:version/retire', requires('forms:write'), async (req, res) => {
    const n = versionParam(param(req, 'version'));
    if (n === null) throw new NotFoundError(`"${param(req, 'version')}" is not a version number.`);
    const retired = await retireVersion(ctx, accountOf(res), param(req, 'formId'), n);
    setEtag(res, retired.revision);
    res.json(retired);
  });

  r.get('/:formId/versions/:version/changes', requires('forms:read'), async (req, res) => {
    const account = accountOf(res);
    const q = new QueryReader(req);
    const from = q.int('from', 1, 999_999_999);
    q.done();
    const to = await visibleVersion(ctx, account, param(req, 'formId'), param(req, 'version'));
    const base = from !== undefined ? await visibleVersion(ctx, account, to.formId, String(from)) : await previousVersion(ctx, account, to);
    res.json({ formId: to.formId, from: base?.version ?? null, to: to.version, changes: base ? await compareVersions(ctx, to.formId, base.version, to.version) : [] });
  });

  // What publishing this version would break, for the designer's publish step: counts by which
  // answers drafts hold, never by what they say (see forms/impact.ts); logged.
  r.get('/:formId/versions/:version/impact', requires('forms:write'), async (req, res) => {
    const n = versionParam(param(req, 'version'));
    if (n === null) throw new NotFoundError(`"${param(req, 'version')}" is not a version number.`);
    res.json(await publishImpact(ctx, accountOf(res), param(req, 'formId'), n));
  });

  // "Try it": sample answers checked as a submit would check them; nothing is stored.
  r.post('/:formId/versions/:version/try', requires('forms:write'), async (req, res) => {
    const n = versionParam(param(req, 'version'));
    if (n === null) throw new NotFoundError(`"${param(req, 'version')}" is not a version number.`);
    const body = isObject(req.body) ? req.body : {};
    res.json({ errors: await trySample(ctx, param(req, 'formId'), n, body.data) });
  });

  r.get('/:formId/versions/:version/types.d.ts', requires('forms:types'), async (req, res) => {
    const v = await visibleVersion(ctx, accountOf(res), param(req, 'formId'), param(req, 'version'));
    let ts = types.get(v.hash);
    if (!ts) {
      const name = `${v.formId.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}V${v.version}`;
      ts = await compile(v.schema as never, name, {
        bannerComment: `/* Data of form "${v.formId}" version ${v.version} (${v.hash}). Generated by Caseforms. */`,
        additionalProperties: false,
        // A list of up to 50 rows is an array, not a union of 50 tuples.
        ignoreMinAndMaxItems: true,
        // Definitions are checked to hold only local references; never fetch or read anything.
        $refOptions: { resolve: { external: false, file: false, http: false } } as never,
      });
      types.set(v.hash, ts);
    }
    setEtag(res, v.revision);
    res.type('application/typescript; charset=utf-8').send(ts);
  });

  return r;
}

/** The version before `v` that the caller can see, if any. */
async function previousVersion(ctx: EngineContext, account: Account, v: FormVersion): Promise<FormVersion | null> {
  const versions = await ctx.store.listVersions(v.formId);
  return versions.find((x) => x.version < v.version && canSee(account, x)) ?? null;
}
