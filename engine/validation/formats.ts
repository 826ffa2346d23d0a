/**
 * The formats form fields may use. `date` and `date-time` come from ajv-formats (real calendar
 * dates; date-times carry a time zone). `time` is a wall-clock time as a time input gives it
 * (`14:30` or `14:30:05`). `email` uses a pattern redos-detector proves unambiguous
 * (tests/unit/validation/formats.test.ts pins that), so it is safe on a backtracking engine.
 */
import type { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default;

export const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/;
export const EMAIL = new RegExp("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$", 'u');

export function addFormFormats(ajv: Ajv): void {
  addFormats(ajv, { mode: 'full', formats: ['date', 'date-time'], keywords: false });
  ajv.addFormat('time', { type: 'string', validate: (s: string) => TIME.test(s) });
  ajv.addFormat('email', { type: 'string', validate: (s: string) => s.length <= 320 && EMAIL.test(s) });
}
