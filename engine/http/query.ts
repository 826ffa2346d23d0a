/** Reading query parameters strictly: a bad value is a 400 naming the parameter, never ignored. */
import type { Request } from 'express';
import { InvalidRequestError, type FieldError } from '../errors.js';

export class QueryReader {
  private readonly errors: FieldError[] = [];

  constructor(private readonly req: Request) {}

  private raw(name: string): string | undefined {
    const v = this.req.query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.errors.push({ pointer: `/query/${name}`, message: `Give "${name}" once, as a single value.` });
      return undefined;
    }
    return v;
  }

  string(name: string, pattern: RegExp, words: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!pattern.test(v)) this.errors.push({ pointer: `/query/${name}`, message: `"${name}" must be ${words}.` });
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^[0-9]+$/.test(v) || n < min || n > max) {
      this.errors.push({ pointer: `/query/${name}`, message: `"${name}" must be a whole number from ${min} to ${max}.` });
      return undefined;
    }
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!values.includes(v as T)) this.errors.push({ pointer: `/query/${name}`, message: `"${name}" must be one of: ${values.join(', ')}.` });
    return v as T;
  }

  time(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) || Number.isNaN(Date.parse(v))) {
      this.errors.push({ pointer: `/query/${name}`, message: `"${name}" must be a date (2026-03-27) or a date-time with a time zone (2026-03-27T14:30:00Z).` });
      return undefined;
    }
    return new Date(Date.parse(v)).toISOString();
  }

  /** A parameter that is well formed but does not fit the others. */
  refuse(name: string, message: string): void {
    this.errors.push({ pointer: `/query/${name}`, message });
  }

  /** Throws one 400 listing every bad parameter. */
  done(): void {
    if (this.errors.length) throw new InvalidRequestError('Some query parameters are not valid.', this.errors);
  }
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_/-]{0,63}$/;
export const FORM_ID = /^[a-z][a-z0-9-]{2,63}$/;

/** A path parameter that must be a positive version number; 404 otherwise (no such version). */
export function versionParam(value: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null;
}
