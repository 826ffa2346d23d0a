/**
 * Checks the engine's own inputs (new forms, definitions, submissions) against the schemas in
 * schemas/engine. These schemas are ours, not analysts', so the stock ajv setup is fine here.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidRequestError } from '../errors.js';
import type { JsonObject } from '../forms/model.js';
import { fieldFacts } from './index.js';
import { toFieldErrors, type FieldFacts } from './messages.js';
import type { AccountInput } from '../../schemas/generated/account-input.js';
import type { AccountUpdate } from '../../schemas/generated/account-update.js';
import type { DefinitionInput } from '../../schemas/generated/definition-input.js';
import type { SignIn } from '../../schemas/generated/sign-in.js';
import type { TokenInput } from '../../schemas/generated/token-input.js';
import type { FormInput } from '../../schemas/generated/form-input.js';
import type { FormUpdate } from '../../schemas/generated/form-update.js';
import type { FormTemplate } from '../../schemas/generated/template.js';
import type { SubmissionInput } from '../../schemas/generated/submission-input.js';
import type { ConnectorInput } from '../../schemas/generated/connector-input.js';
import type { ConnectorUpdate } from '../../schemas/generated/connector-update.js';
import type { MappingInput } from '../../schemas/generated/mapping-input.js';
import type { IcsEnvelope } from '../../schemas/generated/ics-envelope.js';
import type { OptionListInput } from '../../schemas/generated/option-list-input.js';
import type { OptionListChange } from '../../schemas/generated/option-list-change.js';
import type { DirectoryChild } from '../../schemas/generated/child.js';
import type { DirectoryWorker } from '../../schemas/generated/worker.js';
import type { DirectoryTeam } from '../../schemas/generated/team.js';
import type { DirectoryManifest } from '../../schemas/generated/directory-manifest.js';
import { addFormFormats } from './formats.js';

const SCHEMAS = ['form-input', 'form-update', 'definition-input', 'submission-input', 'template', 'account-input', 'account-update', 'token-input', 'sign-in', 'connector-input', 'connector-update', 'mapping-input', 'ics-envelope', 'option-list-input', 'option-list-change', 'child', 'worker', 'team', 'directory-manifest'] as const;
export type EngineSchemaName = (typeof SCHEMAS)[number];

interface Inputs {
  'form-input': FormInput;
  'form-update': FormUpdate;
  'definition-input': DefinitionInput;
  'submission-input': SubmissionInput;
  template: FormTemplate;
  'account-input': AccountInput;
  'account-update': AccountUpdate;
  'token-input': TokenInput;
  'sign-in': SignIn;
  'connector-input': ConnectorInput;
  'connector-update': ConnectorUpdate;
  'mapping-input': MappingInput;
  'ics-envelope': IcsEnvelope;
  'option-list-input': OptionListInput;
  'option-list-change': OptionListChange;
  child: DirectoryChild;
  worker: DirectoryWorker;
  team: DirectoryTeam;
  'directory-manifest': DirectoryManifest;
}

export function loadEngineSchema(name: EngineSchemaName): JsonObject {
  return JSON.parse(readFileSync(new URL(`../../schemas/engine/${name}.schema.json`, import.meta.url), 'utf8')) as JsonObject;
}

let compiled: Map<EngineSchemaName, { validate: ValidateFunction; facts: FieldFacts }> | null = null;

function validators() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, messages: false, ownProperties: true });
    // The directory's rows have dates and email addresses, checked as form answers' are.
    addFormFormats(ajv);
    const schemas = SCHEMAS.map((n) => [n, loadEngineSchema(n)] as const);
    for (const [, s] of schemas) ajv.addSchema(s);
    compiled = new Map(schemas.map(([n, s]) => [n, { validate: ajv.getSchema(s.$id as string)!, facts: fieldFacts({ schema: s, uischema: {} }) }]));
  }
  return compiled;
}

/** The compiled schema itself, for callers that word its errors their own way (engine/directory/import.ts). */
export function engineValidator<N extends EngineSchemaName>(name: N): (value: unknown) => { ok: true; value: Inputs[N] } | { ok: false; errors: ErrorObject[] } {
  const v = validators().get(name)!.validate;
  return (value) => (v(value) ? { ok: true, value: value as Inputs[N] } : { ok: false, errors: [...(v.errors ?? [])] });
}

/** Returns `value` typed when it matches the named schema; otherwise InvalidRequestError listing every problem. */
export function checkInput<N extends EngineSchemaName>(name: N, value: unknown, what: string): Inputs[N] {
  const v = validators().get(name)!;
  if (v.validate(value)) return value as Inputs[N];
  // Not a form someone fills in: a name it does not take is one to leave out, in the request's own words.
  const facts: FieldFacts = { ...v.facts, unknownField: (name) => `"${name}" is not part of the ${what}: leave it out, or check its spelling.` };
  throw new InvalidRequestError(`The ${what} is not valid.`, toFieldErrors(v.validate.errors ?? [], facts, value));
}
