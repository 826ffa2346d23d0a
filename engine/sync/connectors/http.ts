/**
 * The HTTP/JSON connector kind: POSTs each record's envelope to the ICS supplier's endpoint or the
 * council's integration middleware, signed, with an idempotency key, and reads back the
 * receiver's record id.
 *
 * ## What the receiver gets (one request per record)
 *
 *     POST <url>
 *     Content-Type: application/json
 *     Accept: application/json, application/problem+json
 *     Idempotency-Key: "<submissionId>"
 *     Caseforms-Signature: t=<unix seconds>,v1=<64 lowercase hex digits>
 *     Caseforms-Delivery: <submissionId>:<connector id>
 *     Caseforms-Attempt: <1 for the first delivery, 2 for the first retry, …>
 *     User-Agent: caseforms-sync/1
 *     (any extra static headers configured on the connector)
 *
 *     <the envelope (schemas/engine/ics-envelope.schema.json) as JSON, UTF-8>
 *
 * `Idempotency-Key` follows the IETF httpapi Idempotency-Key draft: a Structured Field string (so
 * in double quotes) holding the submission id, the same on every redelivery. A receiver must
 * create at most one record per key; asked again with the same key and body it should answer as
 * the first time (same record id); with the same key and a different body, 422.
 *
 * ## Verifying `Caseforms-Signature`
 *
 * 1. Keep the raw request body bytes; do not re-serialise parsed JSON.
 * 2. Split the header on `,` into `key=value` pairs: `t` is the signing time in Unix seconds,
 *    `v1` the signature (accept any of several `v1` values; ignore unknown keys).
 * 3. Reject (401) when `t` is more than 300 seconds (5 minutes) away from your clock: an old
 *    request replayed, or a badly wrong clock.
 * 4. Compute HMAC-SHA256 with the shared secret (its UTF-8 bytes) as the key over the bytes of
 *    `<t>.` followed by the raw body, as lowercase hex, and compare it with `v1` in constant
 *    time (e.g. `crypto.timingSafeEqual`, `hmac.compare_digest`). Reject (401) when none matches.
 *
 * For example, in Node.js:
 *
 *     const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
 *
 * ## What the receiver should answer
 *
 * - 2xx (201 when created, 200 for a repeat): delivered. A JSON body `{ "recordId": "…" }` (or
 *   `{ "id": … }`) is kept as the delivery's result; any other body is fine too.
 * - 408, 425, 429, 5xx: tried again later, no sooner than `Retry-After` (seconds or an HTTP date)
 *   when given (capped at one hour).
 * - other 4xx: refused for good (the entry is dead-lettered, for IT to look at and replay). An RFC
 *   9457 `application/problem+json` body's `title` and `detail` (up to 200 characters each) are
 *   shown as the reason; nothing else of any answer is ever kept.
 * - 3xx: not followed; refused with the location, so that the connector is pointed at it directly.
 *
 * The secret is read from the environment variable the settings name, at every delivery, so that
 * rotating it needs no restart. It is never logged or put in a reason. Only variables whose names
 * start with CASEFORMS_SECRET_ can be named, so a connector cannot read (or probe) any other
 * server variable.
 *
 * ## Where it may send
 *
 * Only to destinations the server's configuration allows (CASEFORMS_SYNC_HTTP_ALLOW, see
 * ../destinations.ts): checked when the connector is saved, and again at every connection, on the
 * address actually connected to.
 */
import { createHmac } from 'node:crypto';
import http, { STATUS_CODES, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { DestinationRefused, guardedLookup, hostProblem, HTTP_ALLOW_VARIABLE } from '../destinations.js';
import type { Connector, ConnectorDriver, ConnectorEnv, ConnectorKind, DeliveryItem, DeliveryOutcome, EnvelopeDocument } from '../model.js';
import { DEFAULT_LINK_DAYS, MAX_LINK_DAYS, linkSecret } from '../../documents/links.js';
import { PUBLIC_URL_ENV } from '../../documents/source.js';

export const USER_AGENT = 'caseforms-sync/1';
/** A shared secret shorter than this is refused by `check`. */
export const MIN_SECRET_LENGTH = 32;
/** How far a signature's time may be from the receiver's clock (documented for receivers). */
export const SIGNATURE_TOLERANCE_S = 300;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONCURRENCY = 8;
/** At most this much of an answer is read. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/** At most this much of a problem's title and of its detail is quoted in a reason. */
const MAX_TEXT_REASON = 200;
/** The only environment variables a connector may name for its secret. */
export const SECRET_PREFIX = 'CASEFORMS_SECRET_';
const SECRET_ENV_SOURCE = `^${SECRET_PREFIX}[A-Z0-9_]{1,48}$`;
const STOPPED = 'Stopped before an answer';

/** The connector's settings once defaults are applied. */
export interface HttpSettings {
  url: string;
  secretEnv: string;
  timeoutMs: number;
  headers: Record<string, string>;
  concurrency: number;
  /** 'links': each envelope carries a signed, expiring download link to the record's PDF. */
  documents: 'none' | 'links';
  /** How long those links work, from the record's last change. */
  documentLinkDays: number;
}

/** Headers the connector sets itself, and ones that must not be set by hand (framing, hop-by-hop, credentials). */
const OWN_HEADERS = ['Content-Type', 'Accept', 'Idempotency-Key', 'User-Agent', 'Caseforms-Signature', 'Caseforms-Delivery', 'Caseforms-Attempt'];
const FORBIDDEN_HEADERS = [
  'Host', 'Content-Length', 'Content-Encoding', 'Transfer-Encoding', 'Connection', 'Keep-Alive', 'Proxy-Connection',
  'Upgrade', 'TE', 'Trailer', 'Expect', 'Authorization', 'Proxy-Authorization', 'Cookie',
];

/** A regular expression source matching `word` in any letter case (JSON Schema patterns have no `i` flag). */
function anyCase(word: string): string {
  return word.replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

const RESERVED_HEADER_PATTERN = `^(?:(?:${[...OWN_HEADERS, ...FORBIDDEN_HEADERS].map(anyCase).join('|')})$|${anyCase('Caseforms')}-)`;

const settingsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'HTTP/JSON connector settings',
  description: 'Where records are POSTed as JSON, and how the requests are signed.',
  type: 'object',
  additionalProperties: false,
  required: ['url', 'secretEnv'],
  properties: {
    url: {
      type: 'string',
      title: 'Receiver URL',
      description:
        'The full http:// or https:// address each record is POSTed to (redirects are not followed, so give the final address). ' +
        'No user name or password in it: secrets belong in environment variables. Use https:// outside a trusted network. ' +
        `Its host must be one the server's ${HTTP_ALLOW_VARIABLE} setting allows; loopback, private and link-local addresses only when that setting lists them.`,
      pattern: '^https?://[^\\s/?#]+(?:[/?#]\\S*)?$',
      maxLength: 2048,
    },
    secretEnv: {
      type: 'string',
      title: 'Signing secret variable',
      description:
        `The name of the environment variable, on the server running the sync, that holds the secret shared with the receiver ` +
        `(at least 32 random characters); it starts with ${SECRET_PREFIX}, e.g. ${SECRET_PREFIX}ICS. Each request is signed with it (the Caseforms-Signature header). The secret itself is never stored here.`,
      pattern: SECRET_ENV_SOURCE,
      'x-format-message': `The signing secret variable must start with ${SECRET_PREFIX} followed by capital letters, digits or underscores, like ${SECRET_PREFIX}ICS: only variables with that prefix can hold connector secrets.`,
    },
    timeoutMs: {
      type: 'integer',
      title: 'Timeout (milliseconds)',
      description: 'How long to wait for the receiver to answer one record before trying again later.',
      minimum: 1000,
      maximum: 120000,
      default: DEFAULT_TIMEOUT_MS,
    },
    headers: {
      type: 'object',
      title: 'Extra headers',
      description:
        'Fixed headers sent with every request, e.g. a routing header the middleware needs. ' +
        'They cannot replace the headers the connector sets (Content-Type, Idempotency-Key, Caseforms-…, User-Agent, Accept), ' +
        'nor be Host, Content-Length, Connection and the like, nor carry credentials (Authorization, Cookie): secrets belong in environment variables.',
      maxProperties: 20,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9-]{0,63}$', not: { pattern: RESERVED_HEADER_PATTERN } },
      additionalProperties: { type: 'string', maxLength: 1024, pattern: '^[\\x20-\\x7E]*$' },
    },
    concurrency: {
      type: 'integer',
      title: 'Requests at once',
      description: 'How many records are sent at the same time (records about one child are always sent one after another, in order).',
      minimum: 1,
      maximum: 32,
      default: DEFAULT_CONCURRENCY,
    },
    documents: {
      type: 'string',
      title: 'Documents',
      description:
        '"links": each record is sent with `documents`, a signed download link to its PDF for the child’s file and to each uploaded file the mapping sends (as: files) (GET them without signing in, before they expire); "none" (the default): fields only (uploaded files by their names). ' +
        'Links need the server’s CASEFORMS_DOCUMENT_LINK_SECRET and CASEFORMS_PUBLIC_URL.',
      enum: ['none', 'links'],
      default: 'none',
    },
    documentLinkDays: {
      type: 'integer',
      title: 'Link lifetime (days)',
      description: 'How many days a document link works, from the record’s last change (submit, resubmit or sign-off).',
      minimum: 1,
      maximum: MAX_LINK_DAYS,
      default: DEFAULT_LINK_DAYS,
    },
  },
} as const;

/** What is wrong with a receiver URL that its pattern cannot see; null when nothing. */
function urlProblem(url: unknown): string | null {
  if (typeof url !== 'string') return 'The URL is missing.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not a valid address.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  if (parsed.username || parsed.password) {
    return 'The URL contains a user name or password. Remove them: secrets belong in environment variables, and the receiver authenticates requests by their signature.';
  }
  return null;
}

/** What is wrong with the secret a variable holds; null when nothing. Never says the value. */
function secretProblem(name: string, value: string | undefined): string | null {
  if (value === undefined || value === '') return `The environment variable ${name} is not set on this server. Set it to a random secret of at least ${MIN_SECRET_LENGTH} characters, shared with the receiver.`;
  if (value.length < MIN_SECRET_LENGTH) return `The secret in ${name} is shorter than ${MIN_SECRET_LENGTH} characters. Use a longer random secret.`;
  return null;
}

async function check(settings: Record<string, unknown>, env: ConnectorEnv): Promise<Array<{ pointer: string; message: string }>> {
  const problems: Array<{ pointer: string; message: string }> = [];
  const url = urlProblem(settings.url) ?? hostProblem(env.destinations, new URL(settings.url as string));
  if (url) problems.push({ pointer: '/url', message: url });
  // Only a connector-secret variable is ever looked at (the schema has already refused other names).
  if (typeof settings.secretEnv === 'string' && new RegExp(SECRET_ENV_SOURCE).test(settings.secretEnv)) {
    const secret = secretProblem(settings.secretEnv, env.secrets[settings.secretEnv]);
    if (secret) problems.push({ pointer: '/secretEnv', message: secret });
  }
  if (settings.documents === 'links') {
    const key = linkSecret(env.secrets);
    if ('problem' in key) problems.push({ pointer: '/documents', message: key.problem });
    if (!/^https?:\/\/\S+$/.test((env.secrets[PUBLIC_URL_ENV] ?? '').trim())) problems.push({ pointer: '/documents', message: `The server has no ${PUBLIC_URL_ENV} (the address Caseforms is reached at): set it so that document links lead somewhere.` });
  }
  const headers = settings.headers;
  if (headers && typeof headers === 'object') {
    const seen = new Set<string>();
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) problems.push({ pointer: `/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `The header ${name} is given twice (header names ignore letter case).` });
      seen.add(lower);
    }
  }
  return problems;
}

/** The settings with defaults applied; throws when they are unusable (they are schema-checked when the connector is saved). */
export function httpSettings(connector: Pick<Connector, 'id' | 'settings'>): HttpSettings {
  const s = connector.settings;
  const problems = [urlProblem(s.url)];
  if (typeof s.secretEnv !== 'string' || !new RegExp(SECRET_ENV_SOURCE).test(s.secretEnv)) problems.push(`The signing secret variable must be named ${SECRET_PREFIX}…; rename the variable and change the connector.`);
  const found = problems.filter((p): p is string => p !== null);
  if (found.length > 0) throw new Error(`The settings of connector ${connector.id} are not usable: ${found.join(' ')}`);
  const int = (v: unknown, min: number, max: number, fallback: number) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fallback);
  const headers: Record<string, string> = {};
  if (s.headers && typeof s.headers === 'object') {
    const reserved = new RegExp(RESERVED_HEADER_PATTERN);
    for (const [name, value] of Object.entries(s.headers)) {
      if (typeof value === 'string' && !reserved.test(name)) headers[name] = value;
    }
  }
  return {
    url: s.url as string,
    secretEnv: s.secretEnv as string,
    timeoutMs: int(s.timeoutMs, 1000, 120_000, DEFAULT_TIMEOUT_MS),
    concurrency: int(s.concurrency, 1, 32, DEFAULT_CONCURRENCY),
    headers,
    documents: s.documents === 'links' ? 'links' : 'none',
    documentLinkDays: int(s.documentLinkDays, 1, MAX_LINK_DAYS, DEFAULT_LINK_DAYS),
  };
}

/** The `Caseforms-Signature` value for `body` signed at `t` (Unix seconds). */
export function signatureHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** An sf-string (RFC 8941): the value in double quotes, `\` and `"` escaped. */
function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Milliseconds to wait from a `Retry-After` value (delta-seconds or an HTTP date), capped at an hour; undefined when absent or garbage. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,12}$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms) starts with the day's name.
  if (!/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

/** Text fit for a reason: printable, whitespace collapsed, at most `max` characters. */
function plain(text: string, max: number): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** What the receiver answered (its body read separately, by readAnswer). */
interface Answer {
  status: number;
  statusText: string;
  header(name: string): string | null;
}

function answerOf(res: IncomingMessage): Answer {
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    header: (name) => {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

function statusLine(res: Answer): string {
  const phrase = STATUS_CODES[res.status] ?? plain(res.statusText, 60);
  return phrase ? `${res.status} ${phrase}` : String(res.status);
}

/** Reads at most MAX_ANSWER_BYTES of an answer as text; null when it cannot be read. Always releases the connection. */
async function readAnswer(res: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_ANSWER_BYTES) break;
    }
  } catch {
    res.destroy();
    return null;
  }
  // Leaving the loop early destroys the stream, which releases the connection.
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The receiver's record id from a 2xx answer: `recordId`, else `id`, when a string or number. */
function recordIdOf(body: Record<string, unknown> | null): string | number | undefined {
  for (const key of ['recordId', 'id']) {
    const v = body?.[key];
    if ((typeof v === 'string' && v.length > 0 && v.length <= 256) || (typeof v === 'number' && Number.isFinite(v))) return v;
  }
  return undefined;
}

/**
 * What a refusal says for itself: an RFC 9457 problem's title and detail, each trimmed. Nothing
 * else of an answer is quoted, so a reason never carries back what some other server said.
 */
function answerReason(res: Answer, text: string | null): string | null {
  const type = (res.header('content-type') ?? '').toLowerCase();
  if (!text || !/^application\/problem\+json\s*(?:;|$)/.test(type)) return null;
  const body = jsonObject(text);
  if (!body) return null;
  const str = (v: unknown) => (typeof v === 'string' ? plain(v, MAX_TEXT_REASON) : '');
  const title = str(body.title);
  const detail = str(body.detail);
  const parts = detail.startsWith(title) ? [detail] : [title, detail];
  return parts.filter(Boolean).join(' — ') || null;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The `code` of a network error (a wrapped one in `cause`; a dual-stack connect's, in `errors`). */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    e = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

/** A plain sentence for a request that got no answer. */
function networkReason(err: unknown, url: URL): string {
  if (err instanceof DestinationRefused) return err.message;
  const code = errorCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return `The ICS at ${url.host} refused the connection (nothing is listening there)`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'The connection was dropped before an answer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The ICS host name ${url.hostname} could not be found`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `The ICS at ${url.host} could not be reached (${code})`;
    case undefined:
      return 'The request to the ICS failed';
  }
  if (/CERT|TLS|SSL/.test(code)) return `The ICS's TLS certificate was not accepted (${code})`;
  if (code.startsWith('HPE_') || code.startsWith('UND_ERR_')) return `The ICS sent an answer that is not valid HTTP (${code})`;
  return `The request to the ICS failed (${code})`;
}

/** What an answer means for the record. */
function outcomeOf(res: Answer, text: string | null, url: URL, now: Date): DeliveryOutcome {
  const { status } = res;
  const line = statusLine(res);
  if (status >= 200 && status < 300) {
    const recordId = recordIdOf(jsonObject(text));
    return { outcome: 'delivered', result: recordId === undefined ? { status } : { status, recordId } };
  }
  if (status >= 300 && status < 400) {
    const location = res.header('location');
    let target: string | null = null;
    try {
      if (location) target = plain(new URL(location, url).href, 300);
    } catch {
      target = null;
    }
    return { outcome: 'rejected', reason: target ? `The ICS redirected to ${target}; configure the final URL` : `The ICS answered ${line} (a redirect); configure the final URL` };
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const after = retryAfterMs(res.header('retry-after'), now);
    return { outcome: 'retry', reason: `The ICS answered ${line}`, ...(after === undefined ? {} : { retryAfterMs: after }) };
  }
  const said = answerReason(res, text);
  return { outcome: 'rejected', reason: said ? `The ICS refused the record (${line}): ${said}` : `The ICS refused the record (${line})` };
}

/** POSTs `body` and resolves with the answer's head (its body still to read); rejects when there is no answer. */
function send(agent: http.Agent, url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request(url, { method: 'POST', agent, signal, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

function createDriver(connector: Connector, env: ConnectorEnv): ConnectorDriver {
  const settings = httpSettings(connector);
  const url = new URL(settings.url);
  // Every connection resolves its host through the destination check (../destinations.ts).
  const agentOptions = { keepAlive: true, lookup: guardedLookup(env.destinations) };
  const agent = url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);

  /** Sends one item; never throws. */
  async function post(item: DeliveryItem, secret: string, stop: AbortSignal): Promise<DeliveryOutcome> {
    if (stop.aborted) return { outcome: 'retry', reason: STOPPED };
    // A literal address is connected to without a look-up: judged here (with the host name rules).
    const refused = hostProblem(env.destinations, url);
    if (refused) return { outcome: 'retry', reason: refused };
    let envelope = item.envelope;
    if (settings.documents === 'links') {
      const link = env.documents ? await env.documents.link({ submissionId: envelope.submissionId, connector: connector.id }, settings.documentLinkDays).catch(() => null) : { problem: 'Documents are not available in this process.' };
      if (!link) return { outcome: 'retry', reason: 'Making the document link failed; it will be tried again.' };
      if ('problem' in link) return { outcome: 'retry', reason: link.problem };
      const docs: EnvelopeDocument[] = [{ kind: 'record-pdf', name: `${envelope.reference ?? envelope.submissionId}.pdf`, mediaType: 'application/pdf', url: link.url, expiresAt: link.expiresAt }];
      // Uploaded files the mapping sends (as: "files"): a link each, with its size and SHA-256 to check what arrives.
      for (const f of item.files ?? []) {
        const fileLink = await env.documents!.link({ submissionId: envelope.submissionId, fileId: f.file.id, connector: connector.id }, settings.documentLinkDays).catch(() => null);
        if (!fileLink) return { outcome: 'retry', reason: 'Making a file link failed; it will be tried again.' };
        if ('problem' in fileLink) return { outcome: 'retry', reason: fileLink.problem };
        docs.push({ kind: 'file', name: f.file.name, mediaType: f.file.mediaType, url: fileLink.url, expiresAt: fileLink.expiresAt, field: f.target, bytes: f.file.size, sha256: f.file.sha256 });
      }
      envelope = { ...envelope, documents: docs };
    }
    const body = JSON.stringify(envelope);
    const t = Math.floor(env.now().getTime() / 1000);
    const headers: Record<string, string> = {
      ...settings.headers,
      'Content-Type': 'application/json',
      Accept: 'application/json, application/problem+json',
      'Idempotency-Key': sfString(item.envelope.submissionId),
      'Caseforms-Signature': signatureHeader(secret, t, body),
      'Caseforms-Delivery': item.entry.id,
      'Caseforms-Attempt': String(item.entry.attempts),
      'User-Agent': USER_AGENT,
    };
    // One controller per request, aborted by the timeout or by the worker stopping, and unhooked
    // from the worker's signal when done. (Not AbortSignal.any: combining a long-lived signal
    // per call has leaked memory in Node, nodejs/node#55351.)
    const controller = new AbortController();
    let why: 'timeout' | 'stopped' | undefined;
    const onStop = () => {
      why ??= 'stopped';
      controller.abort();
    };
    const timer = setTimeout(() => {
      why ??= 'timeout';
      controller.abort();
    }, settings.timeoutMs);
    stop.addEventListener('abort', onStop, { once: true });
    try {
      const res = await send(agent, url, headers, body, controller.signal);
      // An answer that breaks off while being read still has its status: a 2xx is delivered.
      const text = await readAnswer(res);
      return outcomeOf(answerOf(res), text, url, env.now());
    } catch (err) {
      if (why === 'stopped' || stop.aborted) return { outcome: 'retry', reason: STOPPED };
      if (why === 'timeout') return { outcome: 'retry', reason: `No answer within ${seconds(settings.timeoutMs)}` };
      return { outcome: 'retry', reason: networkReason(err, url) };
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }

  return {
    async deliver(items: DeliveryItem[], signal: AbortSignal): Promise<DeliveryOutcome[]> {
      // Read at every delivery, so that a rotated secret needs no restart.
      const secret = env.secrets[settings.secretEnv];
      if (!secret) {
        const reason = `The signing secret is missing: the environment variable ${settings.secretEnv} is not set on this server`;
        return items.map(() => ({ outcome: 'retry', reason }));
      }
      const outcomes: DeliveryOutcome[] = new Array<DeliveryOutcome>(items.length);
      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          const i = next++;
          outcomes[i] = await post(items[i]!, secret, signal);
        }
      };
      await Promise.all(Array.from({ length: Math.min(settings.concurrency, items.length) }, lane));
      return outcomes;
    },
    async close() {
      agent.destroy();
    },
  };
}

export const httpConnector: ConnectorKind = {
  kind: 'http',
  description:
    'POSTs each record as JSON to an HTTPS endpoint of the ICS or the integration middleware, signed with a shared secret (Caseforms-Signature) ' +
    'and carrying the submission id as its Idempotency-Key; the receiver answers with its own record id.',
  settingsSchema,
  check,
  create: createDriver,
};
