/** The Caseforms API from the browser: session cookie, CSRF token on writes, problem+json errors. */

export interface FieldError {
  pointer: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** The server answered with a refusal. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

/** The server could not be reached (offline, or it is down). */
export class NetworkError extends Error {}

let csrfToken: string | null = null;

/**
 * Window events about the session, for the session code and autosave: a request refused because
 * the session ended; a request that went through with the session (activity that keeps it alive);
 * the person signed in again after it ended.
 */
export const SESSION_ENDED = 'caseforms:session-ended';
export const SESSION_RESTORED = 'caseforms:session-restored';
/** An answer said when the session now ends (`detail.endsAt`: ms since the epoch, this device's clock). */
export const SESSION_EXPIRY = 'caseforms:session-expiry';

/** How far the server's clock is ahead of this device's (from answers' Date header). */
let skewMs = 0;

/** A time the server gave, on this device's clock (a laptop's clock may be minutes out). */
export function serverTime(iso: string): number {
  return Date.parse(iso) - skewMs;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Set while the app runs as the person signed in on this device without the service having said
 * so (opened offline, app/session.tsx): it has no CSRF token yet, so a write would only be refused.
 * Writes are then not sent, as if offline, and go once the session has been heard from.
 */
let writesHeld = false;

export function holdWrites(held: boolean): void {
  writesHeld = held;
}

export interface Reply<T> {
  body: T;
  etag: string | null;
  status: number;
}

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; ifMatch?: string; idempotencyKey?: string; signal?: AbortSignal; keepalive?: boolean; background?: boolean } = {},
): Promise<Reply<T>> {
  if (writesHeld && method !== 'GET') throw new NetworkError('The server cannot be reached.');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.idempotencyKey) headers['idempotency-key'] = `"${options.idempotencyKey}"`;
  // Made by the app on its own (a poll): does not keep the session alive.
  if (options.background) headers['caseforms-activity'] = 'background';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      // Lets a save finish when the page is closed or reloaded while it is on its way.
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError('The server cannot be reached.');
  }
  const body = answered(path, res.status, res.statusText, (name) => res.headers.get(name), await res.text());
  return { body: body as T, etag: res.headers.get('etag'), status: res.status };
}

/**
 * What every answer from the server tells the app, however it was asked (fetch, or an upload
 * sent with XMLHttpRequest for its progress): the server's clock and when the session ends; then
 * the body, or the refusal as an ApiError (a 401 also says the session ended).
 */
export function answered(path: string, status: number, statusText: string, header: (name: string) => string | null, text: string): unknown {
  const date = header('date');
  if (date && !Number.isNaN(Date.parse(date))) skewMs = Date.parse(date) - Date.now();
  const expires = header('caseforms-session-expires');
  if (expires && !Number.isNaN(Date.parse(expires))) window.dispatchEvent(new CustomEvent(SESSION_EXPIRY, { detail: { endsAt: serverTime(expires) } }));
  const body = text ? (JSON.parse(text) as unknown) : null;
  // Signing in and asking who is signed in answer 401 as a matter of course; anything else
  // refused with 401 means the session has ended.
  const aboutSession = path === '/api/session';
  if (status < 200 || status > 299) {
    const problem = (body && typeof body === 'object' ? body : { type: 'about:blank', title: statusText, status, detail: statusText }) as Problem;
    if (status === 401 && !aboutSession) window.dispatchEvent(new CustomEvent(SESSION_ENDED, { detail: problem }));
    throw new ApiError(status, problem);
  }
  return body;
}

/** The headers a write carries besides its body (the CSRF token), for writes not made with request(). */
export function writeHeaders(): Record<string, string> {
  if (writesHeld) throw new NetworkError('The server cannot be reached.');
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, signal ? { signal } : {}),
  /** A GET the app makes on its own (a poll, a check for changes): not activity that keeps a session alive. */
  poll: <T>(path: string) => request<T>('GET', path, { background: true }),
  post: <T>(path: string, body?: unknown, options: { ifMatch?: string; idempotencyKey?: string } = {}) => request<T>('POST', path, { ...options, ...(body !== undefined ? { body } : {}) }),
  put: <T>(path: string, body: unknown, options: { ifMatch?: string; keepalive?: boolean } = {}) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options: { ifMatch?: string } = {}) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options: { ifMatch?: string } = {}) => request<T>('DELETE', path, options),
};

/** `"3"` (a write's ETag) or `"3.<digest>"` (a read's) → 3. */
export function revisionOf(etag: string | null): number | null {
  const m = etag ? /^"(\d+)(?:\.[A-Za-z0-9_-]+)?"$/.exec(etag) : null;
  return m ? Number(m[1]) : null;
}
