/**
 * The JSON Schema half of the definition policy: walks an untrusted schema, records every
 * violation with a pointer and a sentence, and fills in the defaults the policy promises
 * (maxLength, maxItems, additionalProperties: false), saying so.
 * It mutates the copy it is given; index.ts hands it a clone.
 */
import type { FieldError } from '../errors.js';
import { SCHEMA_DIALECT, type JsonObject } from '../forms/model.js';
import { LOCAL_REF, isObject, own, resolveRef } from '../forms/schema-paths.js';
import { joinPointer } from '../json/pointer.js';
import { checkCompareRules } from './compare.js';
import {
  CONDITION_KEYWORDS,
  FIELD_KEYWORDS,
  FORMATS,
  REF_KEYWORDS,
  ROOT_KEYWORDS,
  SUBSCHEMA_LISTS,
  SUBSCHEMA_SINGLES,
  TYPES,
  WORDED_FORMATS,
  keywordWords,
} from './keywords.js';
import { LIMITS } from './limits.js';
import { fieldNameProblem } from './names.js';
import { patternProblem } from './patterns.js';
import { isDate } from '../validation/formats.js';
import { OPTION_LIST_KEYWORD, listRefProblem } from '../forms/option-lists.js';
import type { ControlInfo } from './uischema.js';
import { checkCalculations } from './calculations.js';
import { CARRY_KEYWORD } from '../forms/carry-forward.js';
import { checkCarryShape, checkCarryTargets } from './carry-forward.js';
import { PREFILL_KEYWORD } from '../forms/prefill.js';
import { checkPrefillShape, checkPrefillTargets } from './prefill.js';
import { checkReview } from './review.js';
import { checkSchedule } from './schedule.js';
import type { Form } from '../forms/model.js';
import { ACTIONS_KEYWORD } from '../forms/review.js';
import { DEFAULT_UPLOAD_MAX_BYTES, FILES_KEY } from '../files/model.js';
import { checkFilesPlaces, checkFilesQuestion } from './files.js';

interface ConditionOptions {
  /** UI rule conditions run in the browser's regex engine, so they may not test patterns. */
  allowPattern?: boolean;
}

export class SchemaChecker {
  readonly violations: FieldError[] = [];
  readonly notices: FieldError[] = [];
  private objectsClosed = 0;

  /**
   * @param root the schema (a copy; defaults are written into it)
   * @param controls what the layout says of each node it shows (label; long text gets a bigger default maxLength)
   * @param base pointer prefix of the schema inside the definition (`/schema`)
   */
  constructor(
    readonly root: JsonObject,
    private readonly controls: ReadonlyMap<object, ControlInfo>,
    private readonly base = '/schema',
    /** The form's id: a carry-forward naming it is checked against this definition. */
    private readonly formId?: string,
    /** The form's subject settings, when known: a schedule per child or per worker needs them. */
    private readonly subject?: Form['subject'] | null,
    /** The server's most bytes per uploaded file (CASEFORMS_UPLOAD_MAX_MB): no files question may allow more. */
    private readonly uploadMaxBytes: number = DEFAULT_UPLOAD_MAX_BYTES,
  ) {}

  violation(pointer: string, message: string): void {
    this.violations.push({ pointer: this.base + pointer, message });
  }

  notice(pointer: string, message: string): void {
    this.notices.push({ pointer: this.base + pointer, message });
  }

  check(): void {
    const root = this.root;
    const dialect = own(root, '$schema');
    if (dialect === undefined) {
      root.$schema = SCHEMA_DIALECT;
      this.notice('', `The schema did not say which JSON Schema version it uses, so draft-07 (${SCHEMA_DIALECT}) has been set.`);
    } else if (dialect !== SCHEMA_DIALECT && dialect !== SCHEMA_DIALECT.replace(/#$/, '')) {
      this.violation('/$schema', `Forms are written in JSON Schema draft-07: "$schema" must be "${SCHEMA_DIALECT}".`);
    }
    if (own(root, 'type') !== 'object') this.violation('/type', 'The form as a whole must be an object with fields ("type": "object").');

    const defs = own(root, 'definitions');
    if (defs !== undefined) {
      if (!isObject(defs)) this.violation('/definitions', '"definitions" must be an object of named, reusable field definitions.');
      else
        for (const [name, def] of Object.entries(defs)) {
          const problem = fieldNameProblem(name);
          if (problem) this.violation(joinPointer('/definitions', name), problem.replace('field name', 'definition name'));
          this.field(def, joinPointer('/definitions', name), name);
        }
    }
    this.field(root, '', 'the form', true);
    this.checkRefCycles();
    checkCalculations(root, { violation: (p, m) => this.violation(p, m), notice: (p, m) => this.notice(p, m) }, (node, name) => this.labelOf(node, name));
    if (this.objectsClosed > 0) {
      this.notice(
        '',
        `Unknown fields are always rejected: "additionalProperties": false has been added to ${this.objectsClosed} object${this.objectsClosed === 1 ? '' : 's'}.`,
      );
    }
    if (this.violations.length === 0) this.checkShape();
    if (this.violations.length === 0) checkFilesPlaces(this, root);
    if (this.violations.length === 0) checkCarryTargets(this, root, this.formId);
    if (this.violations.length === 0) checkPrefillTargets(this, root);
    if (this.violations.length === 0) checkReview(this, root);
    if (this.violations.length === 0) checkSchedule(this, root, this.subject);
  }

  /** A schema at a place in the data. */
  private field(node: unknown, ptr: string, name: string, isRoot = false): void {
    if (!isObject(node)) {
      this.violation(ptr, `The definition of "${name}" must be a JSON object.`);
      return;
    }
    if (own(node, '$ref') !== undefined) {
      this.ref(node, ptr);
      return;
    }
    const label = this.labelOf(node, name);
    for (const key of Object.keys(node)) {
      if (FIELD_KEYWORDS.has(key) || (isRoot && ROOT_KEYWORDS.has(key))) continue;
      this.refuseKeyword(node, key, ptr, isRoot);
    }
    this.annotations(node, ptr);
    const type = own(node, 'type');
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
      this.violation(
        joinPointer(ptr, 'type'),
        type === undefined
          ? `"${label}" needs a type: one of ${TYPES.join(', ')}.`
          : `"${label}" has type ${JSON.stringify(type)}; a field has exactly one of these types: ${TYPES.join(', ')}.`,
      );
      return;
    }
    this.constraints(node, ptr, label, type);
    this.subschemas(node, ptr, node);

    if (type === 'string') this.stringDefaults(node, ptr, label);
    if (type === 'array') this.array(node, ptr, label);
    if (type === 'object') this.object(node, ptr, label);
    if (own(node, 'x-compare') !== undefined) {
      if (type !== 'object') this.violation(joinPointer(ptr, 'x-compare'), `Cross-field rules ("x-compare") belong on an object, not on "${label}".`);
      else checkCompareRules(this, node, ptr);
    }
    if (own(node, 'x-format-message') !== undefined) this.formatMessage(node, ptr, label);
    if (own(node, FILES_KEY) !== undefined) checkFilesQuestion(this, node, ptr, label, type, this.uploadMaxBytes);
    if (own(node, CARRY_KEYWORD) !== undefined && own(node, FILES_KEY) === undefined) checkCarryShape(this, node, ptr, label, type);
    if (own(node, PREFILL_KEYWORD) !== undefined && own(node, FILES_KEY) === undefined) checkPrefillShape(this, node, ptr, label, type);
    if (own(node, OPTION_LIST_KEYWORD) !== undefined) {
      const problem = listRefProblem(node, label);
      if (problem) this.violation(joinPointer(ptr, OPTION_LIST_KEYWORD), problem);
    }
    const dflt = own(node, 'default');
    if (dflt !== undefined && own(node, FILES_KEY) === undefined) {
      const problem = !matchesType(dflt, type) ? `is not ${aType(type)}` : valueProblem(node, dflt);
      if (problem) this.violation(joinPointer(ptr, 'default'), `The default value of "${label}" ${problem}.`);
    }
    const examples = own(node, 'examples');
    if (examples !== undefined && own(node, FILES_KEY) === undefined) {
      const at = joinPointer(ptr, 'examples');
      if (!Array.isArray(examples)) this.violation(at, '"examples" must be a list.');
      else if (examples.length > LIMITS.examples) this.violation(at, `"${label}" has ${examples.length.toLocaleString('en-GB')} examples; at most ${LIMITS.examples} are allowed.`);
      else
        examples.forEach((e, i) => {
          const problem = !matchesType(e, type) ? `is not ${aType(type)}` : valueProblem(node, e);
          if (problem) this.violation(joinPointer(at, i), `Example ${i + 1} of "${label}" ${problem}.`);
        });
    }
    const readOnly = own(node, 'readOnly');
    if (readOnly !== undefined && typeof readOnly !== 'boolean') this.violation(joinPointer(ptr, 'readOnly'), '"readOnly" must be true or false.');
    const formula = own(node, 'x-calculate');
    if (formula !== undefined && own(node, FILES_KEY) === undefined && typeof formula !== 'string') {
      this.violation(joinPointer(ptr, 'x-calculate'), `The formula ("x-calculate") of "${label}" must be text, like "workingDays(absence.firstDay, absence.lastDay)".`);
    }
  }

  /** What the layout calls a field, else its title, else its name. */
  private labelOf(node: JsonObject, name: string): string {
    return this.controls.get(node)?.label ?? (typeof node.title === 'string' && node.title ? node.title : name);
  }

  /** What people are told when an answer does not match the field's pattern or format: short text, on a field that has one. */
  private formatMessage(node: JsonObject, ptr: string, label: string): void {
    const at = joinPointer(ptr, 'x-format-message');
    const message = own(node, 'x-format-message');
    const format = own(node, 'format');
    if (typeof message !== 'string' || message.trim() === '') this.violation(at, `The message for an answer to "${label}" in the wrong format must be text.`);
    else if (message.length > LIMITS.formatMessageLength) this.violation(at, `The message for an answer to "${label}" in the wrong format is longer than ${LIMITS.formatMessageLength} characters; say briefly what a right answer looks like.`);
    else if (own(node, 'pattern') === undefined && !(typeof format === 'string' && WORDED_FORMATS.has(format))) {
      this.violation(at, `"${label}" has a message for answers in the wrong format, but no pattern or format (such as an NHS number) for an answer to be wrong against.`);
    }
  }

  private refuseKeyword(node: JsonObject, key: string, ptr: string, isRoot: boolean): void {
    if (ROOT_KEYWORDS.has(key) && !isRoot) {
      this.violation(joinPointer(ptr, key), `"${key}" is only allowed at the top of the form's schema.`);
    } else if (key === 'additionalProperties' || key === 'default' || key === 'readOnly' || key === 'examples' || key === 'x-compare' || key === 'x-format-message' || key === 'x-calculate' || key === OPTION_LIST_KEYWORD || key === CARRY_KEYWORD || key === PREFILL_KEYWORD || key === ACTIONS_KEYWORD || key === FILES_KEY) {
      this.violation(joinPointer(ptr, key), `"${key}" belongs on a field itself, not inside a condition or option.`);
    } else {
      this.violation(joinPointer(ptr, key), `Forms cannot use ${keywordWords(key)} here: "${key}" is not among the schema keywords Caseforms allows.`);
    }
    void node;
  }

  private ref(node: JsonObject, ptr: string): void {
    const ref = own(node, '$ref');
    for (const key of Object.keys(node)) {
      if (!REF_KEYWORDS.has(key)) {
        this.violation(joinPointer(ptr, key), `Beside "$ref" only a title, description or comment may be given ("${key}" would be ignored).`);
      }
    }
    this.annotations(node, ptr);
    if (typeof ref !== 'string' || !LOCAL_REF.test(ref)) {
      this.violation(joinPointer(ptr, '$ref'), 'A reference must point to a definition in this form, like "#/definitions/action"; references to other documents are not allowed.');
      return;
    }
    if (!resolveRef(this.root, { $ref: ref }) && !this.isCyclicRef(ref)) {
      this.violation(joinPointer(ptr, '$ref'), `The reference "${ref}" points to a definition that does not exist.`);
    }
  }

  private isCyclicRef(ref: string): boolean {
    const defs = own(this.root, 'definitions');
    const m = LOCAL_REF.exec(ref);
    return !!m && isObject(defs) && own(defs, m[1]!) !== undefined;
  }

  private annotations(node: JsonObject, ptr: string): void {
    for (const key of ['title', 'description', '$comment']) {
      const v = own(node, key);
      if (v === undefined) continue;
      if (typeof v !== 'string') this.violation(joinPointer(ptr, key), `"${key}" must be text.`);
      else if (v.length > LIMITS.textLength) this.violation(joinPointer(ptr, key), `"${key}" is longer than ${LIMITS.textLength} characters.`);
    }
  }

  /** Value keywords shared by fields and conditions. `type` is known only for fields. */
  private constraints(node: JsonObject, ptr: string, label: string, type?: string): void {
    const nonNegInt = ['minLength', 'maxLength', 'minItems', 'maxItems'];
    for (const key of nonNegInt) {
      const v = own(node, key);
      if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) {
        this.violation(joinPointer(ptr, key), `"${key}" of "${label}" must be a whole number, 0 or more.`);
      }
    }
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
      const v = own(node, key);
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) {
        this.violation(joinPointer(ptr, key), `"${key}" of "${label}" must be a number.`);
      }
    }
    for (const key of ['formatMinimum', 'formatMaximum']) {
      const v = own(node, key);
      if (v === undefined) continue;
      const which = key === 'formatMinimum' ? 'earliest' : 'latest';
      if (own(node, 'format') !== 'date') this.violation(joinPointer(ptr, key), `Only a date ("format": "date") can have an ${which} date; "${label}" is not one.`);
      else if (typeof v !== 'string' || !isDate(v)) this.violation(joinPointer(ptr, key), `The ${which} date of "${label}" must be a real day written YYYY-MM-DD, like "2024-04-01".`);
    }
    const [earliest, latest] = [own(node, 'formatMinimum'), own(node, 'formatMaximum')];
    if (typeof earliest === 'string' && typeof latest === 'string' && isDate(earliest) && isDate(latest) && earliest > latest) {
      this.violation(joinPointer(ptr, 'formatMinimum'), `The earliest date of "${label}" (${earliest}) is after its latest date (${latest}), so no date could be entered.`);
    }
    const multipleOf = own(node, 'multipleOf');
    // Steps far below a millionth (1e-320) only trip floating point, never mean anything on a form.
    if (multipleOf !== undefined && !(typeof multipleOf === 'number' && multipleOf >= LIMITS.smallestStep && multipleOf <= LIMITS.largestNumber)) {
      this.violation(joinPointer(ptr, 'multipleOf'), `The step ("multipleOf") of "${label}" must be a number from ${LIMITS.smallestStep} to ${LIMITS.largestNumber.toLocaleString('en-GB')}.`);
    }
    const pairs: Array<[string, string, string]> = [
      ['minLength', 'maxLength', 'length'],
      ['minItems', 'maxItems', 'number of rows'],
      ['minimum', 'maximum', 'value'],
    ];
    for (const [lo, hi, what] of pairs) {
      const a = own(node, lo);
      const b = own(node, hi);
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        this.violation(joinPointer(ptr, lo), `The smallest ${what} of "${label}" (${a}) is more than the largest (${b}), so nothing could be entered.`);
      }
    }
    const maxLength = own(node, 'maxLength');
    if (typeof maxLength === 'number' && maxLength > LIMITS.maxLengthCap) {
      this.violation(joinPointer(ptr, 'maxLength'), `"${label}" allows ${maxLength} characters; the most a field may allow is ${LIMITS.maxLengthCap.toLocaleString('en-GB')}.`);
    }
    const maxItems = own(node, 'maxItems');
    if (typeof maxItems === 'number' && maxItems > LIMITS.maxItemsCap) {
      this.violation(joinPointer(ptr, 'maxItems'), `"${label}" allows ${maxItems} rows; the most a list may allow is ${LIMITS.maxItemsCap}.`);
    }
    const uniqueItems = own(node, 'uniqueItems');
    if (uniqueItems !== undefined && typeof uniqueItems !== 'boolean') this.violation(joinPointer(ptr, 'uniqueItems'), '"uniqueItems" must be true or false.');

    const format = own(node, 'format');
    if (format !== undefined) {
      if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
        this.violation(joinPointer(ptr, 'format'), `The format ${JSON.stringify(format)} of "${label}" is not supported; use one of: ${FORMATS.join(', ')}.`);
      } else if (type !== undefined && type !== 'string') {
        this.violation(joinPointer(ptr, 'format'), `"${label}" has a format (${format}) but is not text.`);
      }
    }
    const pattern = own(node, 'pattern');
    if (pattern !== undefined) {
      const problem = typeof pattern === 'string' ? patternProblem(pattern) : 'The pattern must be text.';
      if (problem) this.violation(joinPointer(ptr, 'pattern'), `${problem} (in "${label}")`);
      else if (type !== undefined && type !== 'string') this.violation(joinPointer(ptr, 'pattern'), `"${label}" has a pattern but is not text.`);
    }
    const typeKw = own(node, 'type');
    if (type === undefined && typeKw !== undefined && !(typeof typeKw === 'string' && (TYPES as readonly string[]).includes(typeKw))) {
      this.violation(joinPointer(ptr, 'type'), `The type ${JSON.stringify(typeKw)} is not one of ${TYPES.join(', ')}.`);
    }
    const enumValues = own(node, 'enum');
    if (enumValues !== undefined) {
      if (!Array.isArray(enumValues) || enumValues.length === 0) {
        this.violation(joinPointer(ptr, 'enum'), `The list of allowed values of "${label}" must be a non-empty list.`);
      } else {
        if (enumValues.length > LIMITS.options) {
          this.violation(joinPointer(ptr, 'enum'), `"${label}" has ${enumValues.length} options; a list may have at most ${LIMITS.options}.`);
        }
        const seen = new Set(enumValues.map((v) => JSON.stringify(v)));
        if (seen.size !== enumValues.length) this.violation(joinPointer(ptr, 'enum'), `The options of "${label}" contain the same value twice.`);
        if (type) enumValues.forEach((v, i) => !matchesType(v, type) && this.violation(joinPointer(ptr, 'enum', i), `Option ${i + 1} of "${label}" is not ${aType(type)}.`));
      }
    }
    const constValue = own(node, 'const');
    if (constValue !== undefined && type && !matchesType(constValue, type)) {
      this.violation(joinPointer(ptr, 'const'), `The fixed value of "${label}" is not ${aType(type)}.`);
    }
  }

  /** allOf/anyOf/oneOf/not/if/then/else under `node`, which constrain `target` (the field). */
  private subschemas(node: JsonObject, ptr: string, target: JsonObject | null, options: ConditionOptions = {}): void {
    for (const key of SUBSCHEMA_LISTS) {
      const list = own(node, key);
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0) {
        this.violation(joinPointer(ptr, key), `"${key}" must be a non-empty list of conditions or options.`);
        continue;
      }
      if (list.length > LIMITS.options) this.violation(joinPointer(ptr, key), `"${key}" has ${list.length} entries; at most ${LIMITS.options} are allowed.`);
      list.forEach((sub, i) => this.condition(sub, joinPointer(ptr, key, i), target, options));
      if (key === 'oneOf' || key === 'anyOf') this.optionCodes(list, joinPointer(ptr, key));
    }
    for (const key of SUBSCHEMA_SINGLES) {
      const sub = own(node, key);
      if (sub !== undefined) this.condition(sub, joinPointer(ptr, key), target, options);
    }
  }

  /** In a list of options (`{ const, title }`), each code appears once. */
  private optionCodes(list: unknown[], ptr: string): void {
    const codes = list.filter((o) => isObject(o) && own(o, 'const') !== undefined).map((o) => JSON.stringify((o as JsonObject).const));
    if (new Set(codes).size !== codes.length) this.violation(ptr, 'Two options in this list have the same code; each option needs its own code.');
  }

  /** A subschema that constrains `target` without declaring anything new. */
  condition(node: unknown, ptr: string, target: JsonObject | null, options: ConditionOptions = {}): void {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      this.violation(ptr, 'A condition or option must be a JSON object.');
      return;
    }
    for (const key of Object.keys(node)) {
      if (!CONDITION_KEYWORDS.has(key)) this.refuseKeyword(node, key, ptr, false);
    }
    if (options.allowPattern === false && own(node, 'pattern') !== undefined) {
      this.violation(joinPointer(ptr, 'pattern'), 'Display rules cannot test a pattern; test for a value, a list of values or whether the field is answered.');
    }
    this.annotations(node, ptr);
    const label = target && typeof target.title === 'string' ? target.title : 'this field';
    this.constraints(node, ptr, label);
    const resolved = target ? resolveRef(this.root, target) : null;
    const targetProps = resolved ? own(resolved, 'properties') : undefined;
    const props = own(node, 'properties');
    if (props !== undefined) {
      if (!isObject(props)) this.violation(joinPointer(ptr, 'properties'), '"properties" must be an object.');
      else
        for (const [name, sub] of Object.entries(props)) {
          const declared = isObject(targetProps) ? own(targetProps, name) : undefined;
          if (declared === undefined) {
            this.violation(joinPointer(ptr, 'properties', name), `A condition refers to a field "${name}" that this part of the form does not have. Add the field to the form first; conditions cannot create fields.`);
          } else this.condition(sub, joinPointer(ptr, 'properties', name), resolveRef(this.root, declared), options);
        }
    }
    this.requiredList(node, ptr, isObject(targetProps) ? targetProps : null);
    const items = own(node, 'items');
    if (items !== undefined) {
      const targetItems = resolved ? own(resolved, 'items') : undefined;
      this.condition(items, joinPointer(ptr, 'items'), isObject(targetItems) ? resolveRef(this.root, targetItems) : null, options);
    }
    this.subschemas(node, ptr, resolved, options);
  }

  private requiredList(node: JsonObject, ptr: string, props: JsonObject | null): void {
    const required = own(node, 'required');
    if (required === undefined) return;
    if (!Array.isArray(required) || required.some((r) => typeof r !== 'string')) {
      this.violation(joinPointer(ptr, 'required'), '"required" must be a list of field names.');
      return;
    }
    if (new Set(required).size !== required.length) this.violation(joinPointer(ptr, 'required'), '"required" names the same field twice.');
    required.forEach((name, i) => {
      if (!props || own(props, name as string) === undefined) {
        this.violation(joinPointer(ptr, 'required', i), `"${name}" is marked required but there is no such field here.`);
      }
    });
  }

  private stringDefaults(node: JsonObject, ptr: string, label: string): void {
    if (own(node, 'maxLength') !== undefined) return;
    const long = this.controls.get(node)?.multi === true;
    const limit = long ? LIMITS.defaultLongTextMaxLength : LIMITS.defaultMaxLength;
    node.maxLength = limit;
    // Option lists, fixed values and date/time formats are bounded already: no need to tell anyone.
    const bounded = ['enum', 'const', 'oneOf', 'anyOf', 'x-calculate'].some((k) => own(node, k) !== undefined) || ['date', 'date-time', 'time'].includes(own(node, 'format') as string);
    if (!bounded) {
      this.notice(
        joinPointer(ptr, 'maxLength'),
        `"${label}" had no maximum length, so ${limit.toLocaleString('en-GB')} characters has been applied${long ? ' (long text)' : ''}.`,
      );
    }
  }

  private array(node: JsonObject, ptr: string, label: string): void {
    // A files question's rows are the fixed file schema, and its most files its own (policy/files.ts).
    if (own(node, FILES_KEY) !== undefined) return;
    const items = own(node, 'items');
    if (items === undefined) this.violation(joinPointer(ptr, 'items'), `The list "${label}" must say what each row holds ("items").`);
    else if (Array.isArray(items)) this.violation(joinPointer(ptr, 'items'), `The rows of "${label}" must all have the same shape: "items" is one definition, not a list.`);
    else this.field(items, joinPointer(ptr, 'items'), `${label} row`);
    if (own(node, 'maxItems') === undefined) {
      node.maxItems = LIMITS.defaultMaxItems;
      this.notice(joinPointer(ptr, 'maxItems'), `The list "${label}" had no maximum number of rows, so ${LIMITS.defaultMaxItems} has been applied.`);
    }
  }

  private object(node: JsonObject, ptr: string, label: string): void {
    const props = own(node, 'properties');
    if (props === undefined) node.properties = {};
    else if (!isObject(props)) this.violation(joinPointer(ptr, 'properties'), `The fields of "${label}" must be an object of named fields.`);
    else
      for (const [name, sub] of Object.entries(props)) {
        const problem = fieldNameProblem(name);
        if (problem) this.violation(joinPointer(ptr, 'properties', name), problem);
        this.field(sub, joinPointer(ptr, 'properties', name), name);
      }
    this.requiredList(node, ptr, isObject(node.properties) ? node.properties : null);
    const additional = own(node, 'additionalProperties');
    if (additional === undefined) {
      node.additionalProperties = false;
      this.objectsClosed++;
    } else if (additional !== false) {
      this.violation(joinPointer(ptr, 'additionalProperties'), `"${label}" must not accept fields it does not declare: "additionalProperties" can only be false.`);
    }
  }

  /** Definitions that reach themselves through references would make an endless form. */
  private checkRefCycles(): void {
    const defs = own(this.root, 'definitions');
    if (!isObject(defs)) return;
    const refsIn = (node: unknown, out: Array<{ name: string; ptr: string }>, ptr: string, depth = 0): void => {
      if (depth > LIMITS.jsonDepth) return;
      if (Array.isArray(node)) node.forEach((n, i) => refsIn(n, out, joinPointer(ptr, i), depth + 1));
      else if (isObject(node)) {
        const m = typeof node.$ref === 'string' ? LOCAL_REF.exec(node.$ref) : null;
        if (m) out.push({ name: m[1]!, ptr: joinPointer(ptr, '$ref') });
        for (const [k, v] of Object.entries(node)) if (k !== '$ref') refsIn(v, out, joinPointer(ptr, k), depth + 1);
      }
    };
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string): void => {
      state.set(name, 'visiting');
      const out: Array<{ name: string; ptr: string }> = [];
      refsIn(own(defs, name), out, joinPointer('/definitions', name));
      for (const r of out) {
        if (own(defs, r.name) === undefined) continue;
        if (state.get(r.name) === 'visiting') {
          this.violation(r.ptr, `The definition "${r.name}" refers back to itself, which would make an endless form.`);
        } else if (!state.has(r.name)) visit(r.name);
      }
      state.set(name, 'done');
    };
    for (const name of Object.keys(defs)) if (!state.has(name)) visit(name);
  }

  /** Field count and data nesting, over the form as used (references followed). */
  private checkShape(): void {
    let fields = 0;
    let deepest = { depth: 0, ptr: '' };
    let stopped = false;
    const walk = (node: unknown, depth: number, ptr: string): void => {
      if (stopped) return;
      const s = resolveRef(this.root, node);
      if (!s) return;
      if (s.type === 'object' || s.type === 'array') {
        if (depth > deepest.depth) deepest = { depth, ptr };
        if (depth > LIMITS.dataDepth) return;
      }
      if (s.type === 'array') walk(s.items, depth + 1, joinPointer(ptr, 'items'));
      if (s.type === 'object' && isObject(s.properties)) {
        for (const [name, sub] of Object.entries(s.properties)) {
          if (++fields > LIMITS.fields) {
            stopped = true;
            return;
          }
          walk(sub, depth + 1, joinPointer(ptr, 'properties', name));
        }
      }
    };
    walk(this.root, 1, '');
    if (stopped) this.violation('', `The form has more than ${LIMITS.fields.toLocaleString('en-GB')} fields; split it into smaller forms.`);
    if (deepest.depth > LIMITS.dataDepth) {
      this.violation(deepest.ptr, `Sections and lists are nested ${deepest.depth} deep here; at most ${LIMITS.dataDepth} levels are allowed.`);
    }
  }
}

/**
 * Why a value (a default or an example) could never be a valid answer to `node` by the field's own
 * limits: too long or short, out of range, too many rows, not among its options, or too large to
 * keep in a definition. Null when it fits. Deeper rules (patterns, formats, rows' fields) are the
 * validator's.
 */
/** "a string", "an integer", "an object". */
const aType = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function valueProblem(node: JsonObject, value: unknown): string | null {
  if (JSON.stringify(value).length > LIMITS.textLength) return `is longer than ${LIMITS.textLength.toLocaleString('en-GB')} characters`;
  const n = (key: string) => (typeof own(node, key) === 'number' ? (own(node, key) as number) : undefined);
  if (typeof value === 'string') {
    const length = [...value].length;
    const [min, max] = [n('minLength'), n('maxLength')];
    if (max !== undefined && length > max) return `is ${length} characters long; the field allows ${max}`;
    if (min !== undefined && length < min) return `is ${length} characters long; the field needs at least ${min}`;
  }
  if (typeof value === 'number') {
    const [min, max, xmin, xmax] = [n('minimum'), n('maximum'), n('exclusiveMinimum'), n('exclusiveMaximum')];
    if ((min !== undefined && value < min) || (xmin !== undefined && value <= xmin)) return `is below the lowest value the field allows`;
    if ((max !== undefined && value > max) || (xmax !== undefined && value >= xmax)) return `is above the highest value the field allows`;
  }
  if (Array.isArray(value)) {
    const max = n('maxItems');
    if (max !== undefined && value.length > max) return `has ${value.length} rows; the field allows ${max}`;
  }
  const codes = optionValues(node);
  if (codes && !codes.has(JSON.stringify(value))) return 'is not one of its options';
  return null;
}

/** The values a choice allows (`enum`, or the `const` of each `oneOf`/`anyOf` option), or undefined for no list. */
function optionValues(node: JsonObject): Set<string> | undefined {
  const list = own(node, 'enum');
  if (Array.isArray(list)) return new Set(list.map((v) => JSON.stringify(v)));
  for (const key of ['oneOf', 'anyOf']) {
    const options = own(node, key);
    if (Array.isArray(options) && options.every((o) => isObject(o) && own(o, 'const') !== undefined)) return new Set(options.map((o) => JSON.stringify((o as JsonObject).const)));
  }
  return undefined;
}

export function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}
