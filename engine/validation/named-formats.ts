/**
 * Named formats: answers with a known shape that an analyst picks by name ("NHS number") instead
 * of writing a regular expression. Each is a real check, not only a shape — an NHS number's last
 * digit is its modulus 11 check digit, which no pattern can express. Each check looks at a
 * bounded number of characters (`maxLength`) before anything else, and its patterns are anchored
 * and unambiguous, so no answer can make it slow. People type these with spaces, hyphens and in
 * lower case as often as not (GOV.UK: "allow people to enter it with spaces"), so the checks
 * accept that and judge the characters that matter.
 */

export interface NamedFormat {
  /** The `format` keyword's value in the schema. */
  name: string;
  /** What an analyst calls it, in the designer's "Format" choice. */
  title: string;
  /** The thing itself, in a sentence ("an NHS number"). */
  noun: string;
  /** A right answer, shown in messages ("like 943 476 5919"). */
  example: string;
  /** The longest answer the check looks at (with spaces); anything longer is refused at once. */
  maxLength: number;
  validate(value: string): boolean;
}

/** The ICS's ids (person, worker): a letter or digit, then letters, digits, "/", "_" or "-"; at most 20 characters (shared/domain). */
const ICS_ID = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$/;

/** Spaces and hyphens people type between groups of characters. */
const SEPARATORS = /[\s-]/g;

/** Ten digits, the tenth the modulus 11 check digit of the first nine (NHS Digital's data dictionary). */
export function isNhsNumber(value: string): boolean {
  if (value.length > 14) return false;
  const digits = value.trim().replace(SEPARATORS, '');
  // Ten of one digit pass the check but are placeholders ("0000000000"), never issued.
  if (!/^[0-9]{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false; // no NHS number is issued with these first nine digits
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/**
 * A full UK postcode, as the government's data standard has it: an outward code (area letters,
 * district digits, an optional letter) and an inward code (a digit and two letters, never C, I,
 * K, M, O or V); and GIR 0AA.
 */
const POSTCODE = /^(?:GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;

export function isUkPostcode(value: string): boolean {
  if (value.length > 12) return false;
  return POSTCODE.test(value.toUpperCase().replace(/\s/g, ''));
}

/**
 * A National Insurance number: two letters, six digits and A, B, C or D (HMRC's rules: the first
 * letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; and BG, GB, KN, NK, NT,
 * TN and ZZ are never issued).
 */
const NI = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;
const NI_NEVER_ISSUED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function isNiNumber(value: string): boolean {
  if (value.length > 16) return false;
  const compact = value.trim().toUpperCase().replace(/\s/g, '');
  return NI.test(compact) && !NI_NEVER_ISSUED.has(compact.slice(0, 2));
}

/**
 * A UK telephone number, landline or mobile: 0 and 9 or 10 more digits, or the same after +44 or
 * 0044 (with or without the "(0)" people write after +44). Spaces, hyphens and brackets around
 * the area code are allowed.
 */
export function isUkPhone(value: string): boolean {
  if (value.length > 24) return false;
  const compact = value
    .trim()
    .replace(/^\+44\s*\(0\)/, '+44')
    .replace(/[\s()-]/g, '');
  return /^(?:\+44|0044|0)[1-9][0-9]{8,9}$/.test(compact);
}

export const isIcsId = (value: string): boolean => ICS_ID.test(value);

export const NAMED_FORMATS: readonly NamedFormat[] = [
  { name: 'ics-person-id', title: 'ICS person id', noun: 'an ICS person id', example: 'P1234567', maxLength: 20, validate: isIcsId },
  { name: 'ics-worker-id', title: 'ICS worker id', noun: 'an ICS worker id', example: 'W20931', maxLength: 20, validate: isIcsId },
  { name: 'nhs-number', title: 'NHS number', noun: 'an NHS number', example: '943 476 5919', maxLength: 14, validate: isNhsNumber },
  { name: 'uk-postcode', title: 'UK postcode', noun: 'a UK postcode', example: 'SW1A 2AA', maxLength: 12, validate: isUkPostcode },
  { name: 'ni-number', title: 'National Insurance number', noun: 'a National Insurance number', example: 'AB 12 34 56 C', maxLength: 16, validate: isNiNumber },
  { name: 'uk-phone', title: 'UK phone number', noun: 'a UK phone number', example: '01632 960 001', maxLength: 24, validate: isUkPhone },
];

const BY_NAME = new Map(NAMED_FORMATS.map((f) => [f.name, f]));

/** The named format called `name`, if there is one. */
export function namedFormat(name: unknown): NamedFormat | undefined {
  return typeof name === 'string' ? BY_NAME.get(name) : undefined;
}
