/**
 * The definition policy: analyst-authored definitions are untrusted input. `checkDefinition`
 * never throws on bad input; it returns every violation (with a JSON Pointer into the
 * definition and a sentence an analyst understands), the notices about defaults it applied,
 * and the normalized definition (defaults filled in) that is what gets stored and published.
 */
import type { FieldError } from '../errors.js';
import type { Form, FormDefinition, JsonObject } from '../forms/model.js';
import { isObject } from '../forms/schema-paths.js';
import { tooDeep } from '../json/limits.js';
import { LIMITS } from './limits.js';
import { SchemaChecker } from './schema.js';
import { UiSchemaChecker, controlInfo } from './uischema.js';

export interface PolicyReport {
  /** False when the definition cannot even be kept as a draft (not objects, too big, too deep). */
  storable: boolean;
  violations: FieldError[];
  notices: FieldError[];
  normalized: FormDefinition;
}

export { LIMITS } from './limits.js';

/** `formId`: the form's id (a carry-forward from it is checked against this definition). `subject`: the form's subject settings (a schedule per child or worker needs them; left out, not checked). `publishing`: also refuse what a draft may hold while it is built but a published version may not (a page with nothing on it). `uploadMaxBytes`: the server's most bytes per uploaded file (DEFAULT_UPLOAD_MAX_BYTES when left out). */
export function checkDefinition(definition: unknown, options: { publishing?: boolean; formId?: string; subject?: Form['subject'] | null; uploadMaxBytes?: number } = {}): PolicyReport {
  const empty: FormDefinition = { schema: {}, uischema: {} };
  const input = isObject(definition) ? definition : {};
  const fail = (pointer: string, message: string): PolicyReport => ({
    storable: false,
    violations: [{ pointer, message }],
    notices: [],
    normalized: { schema: isObject(input.schema) ? input.schema : {}, uischema: isObject(input.uischema) ? input.uischema : {} },
  });
  if (!isObject(definition)) return { ...fail('', 'A form definition is an object with a "schema" and a "uischema".'), normalized: empty };
  if (!isObject(definition.schema)) return fail('/schema', 'The definition needs a "schema" object (the fields).');
  if (!isObject(definition.uischema)) return fail('/uischema', 'The definition needs a "uischema" object (the layout).');

  let json: string;
  try {
    json = JSON.stringify({ schema: definition.schema, uischema: definition.uischema });
  } catch {
    return fail('', 'The definition is not plain JSON.');
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > LIMITS.definitionBytes) {
    return fail('', `The definition is ${Math.ceil(bytes / 1024)} KiB; at most ${LIMITS.definitionBytes / 1024} KiB is allowed. Split the form into smaller forms.`);
  }
  if (tooDeep(definition, LIMITS.jsonDepth)) return fail('', `The definition is nested more than ${LIMITS.jsonDepth} levels deep.`);

  // Work on a copy: defaults are written into it, the caller's object stays as it was.
  const copy = JSON.parse(json) as { schema: JsonObject; uischema: JsonObject };
  const schemaChecker = new SchemaChecker(copy.schema, controlInfo(copy.schema, copy.uischema), '/schema', options.formId, options.subject, options.uploadMaxBytes);
  schemaChecker.check();
  const uiChecker = new UiSchemaChecker(copy.schema);
  uiChecker.check(copy.uischema, { coverage: schemaChecker.violations.length === 0 });
  return {
    storable: true,
    violations: [...schemaChecker.violations, ...uiChecker.violations, ...(options.publishing ? uiChecker.emptyPages.map((v) => ({ ...v, pointer: '/uischema' + v.pointer })) : [])],
    notices: [...schemaChecker.notices, ...uiChecker.notices],
    normalized: copy,
  };
}
