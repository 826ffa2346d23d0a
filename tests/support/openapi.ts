/**
 * Checks real responses against the published OpenAPI document: every API test response goes
 * through `checkResponse`, so an undocumented status, field or media type fails the test.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { dereference } from '@readme/openapi-parser';
import { OPENAPI } from '../../engine/http/openapi.js';

const addFormats = addFormatsModule.default;

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};

let compiled: Promise<{ doc: Doc; ajv: Ajv2020; cache: Map<string, ValidateFunction> }> | null = null;

function load() {
  compiled ??= (async () => {
    const doc = (await dereference(structuredClone(OPENAPI) as never)) as unknown as Doc;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    return { doc, ajv, cache: new Map() };
  })();
  return compiled;
}

/** The documented path template a concrete path matches (`/api/forms/x/versions/2` → `/api/forms/{formId}/versions/{version}`). */
export function templateOf(paths: string[], actual: string): string | null {
  const parts = actual.split('?')[0]!.split('/');
  for (const t of paths) {
    const tp = t.split('/');
    if (tp.length === parts.length && tp.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? parts[i] !== '' : seg === parts[i]))) return t;
  }
  return null;
}

export async function documentedPaths(): Promise<Record<string, string[]>> {
  const { doc } = await load();
  return Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops)]));
}

/** Throws with the reasons when the response is not one the document describes. */
export async function checkResponse(method: string, url: string, status: number, contentType: string | null, body: unknown): Promise<void> {
  const { doc, ajv, cache } = await load();
  const path = new URL(url, 'http://x').pathname;
  const template = templateOf(Object.keys(doc.paths), path);
  if (!template) throw new Error(`OpenAPI: ${path} is not a documented path`);
  const op = doc.paths[template]![method.toLowerCase()];
  if (!op) throw new Error(`OpenAPI: ${method} ${template} is not documented`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`OpenAPI: ${method} ${template} does not document status ${status} (body: ${JSON.stringify(body).slice(0, 300)})`);
  if (!response.content) {
    if (body !== null && body !== '') throw new Error(`OpenAPI: ${method} ${template} ${status} has a body but documents none`);
    return;
  }
  const media = (contentType ?? '').split(';')[0]!.trim();
  const entry = response.content[media];
  if (!entry) throw new Error(`OpenAPI: ${method} ${template} ${status} does not document ${media} (documents ${Object.keys(response.content).join(', ')})`);
  if (!media.endsWith('json')) return;
  const key = `${method} ${template} ${status} ${media}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(entry.schema as object);
    cache.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(`OpenAPI: ${key} response does not match: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  }
}
