/**
 * Stands in for ajv in the practitioners' app (runtime/vite.config.ts). Nothing there validates
 * or compiles schemas with ajv: answers are checked by the server, display rules by the engine's
 * interpreter (engine/forms/visibility.ts, given to JSON Forms as its `ajv`). Only JSON Forms'
 * fallback for a missing `ajv` and ajv-formats' keyword code refer to it, and neither runs; so the
 * app does not carry ajv's compiler (~140 KB), and if one ever did run it would say why here.
 */
const why = 'ajv is not part of the practitioners’ app: pass the engine’s rule interpreter as <JsonForms ajv={…}> (runtime/renderers/conditions.ts).';

export default class Ajv {
  constructor() {
    throw new Error(why);
  }
}

export class KeywordCxt {
  constructor() {
    throw new Error(why);
  }
}
