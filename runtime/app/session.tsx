/**
 * Who is signed in, and for how long. Loaded once; the CSRF token goes to the API client.
 *
 * A session ends after a spell without activity (and, whatever happens, after its longest
 * lifetime). People are warned two minutes before and can stay signed in (WCAG 2.2.1). If it
 * ends anyway, they sign in again where they are — nothing on the page is lost, and saves
 * waiting on this device go up as soon as they have.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, NetworkError, holdWrites, SESSION_ENDED, SESSION_EXPIRY, SESSION_RESTORED, api, serverTime, setCsrfToken, type Problem } from '../api/client.js';
import type { Account, SessionInfo } from '../api/types.js';
import { localDrafts } from '../form/local-drafts.js';
import { SessionEndedDialog, SessionTimeoutWarning } from './session-dialogs.js';
import { getEarly, SESSION_PATH } from './early.js';
import { forget, recall, remember, rememberExpiry } from './remembered.js';

interface SessionValue {
  account: Account | null;
  loading: boolean;
  /** The session ended while someone was signed in: they are asked to sign in again in place. */
  expired: boolean;
  /** Loads the session again (after signing in). */
  refresh(): Promise<void>;
  /**
   * Ends the session and wipes this device's copies (the sign-out page deals with unsent changes
   * first). False when the server cannot be reached: then nothing is wiped, because the session
   * would live on in the browser's cookie for the next person at this computer. A single sign-on
   * session answers where to go to sign out of the council account too (`logoutUrl`).
   */
  signOut(): Promise<false | { logoutUrl: string | null }>;
  /** The session was signed in through single sign-on: signing in again goes there, not to a password. */
  viaSso: boolean;
  /** Opens the "sign in again" dialog (after it was closed). */
  askToSignIn(): void;
  /** Why the last session ended, in plain words, when the server said (for the sign-in page). */
  endedDetail: string | null;
  /**
   * The service could not be reached when last asked who is signed in. With `account`, the app
   * opened as the person signed in on this device (./remembered.ts): their records open from
   * this device's copies, and what they type waits here until the service is back.
   */
  offline: boolean;
}

/** While the service cannot be reached, how often to ask again (also whenever the browser says it is online). */
export const OFFLINE_RETRY_MS = 15_000;

const SessionContext = createContext<SessionValue | null>(null);

/** How long before the end the warning comes: two minutes, or a third of a short idle time. */
export function warnBefore(idleMs: number): number {
  return Math.min(2 * 60_000, idleMs / 3);
}

interface Timing {
  /** When the session ends without activity (ms since the epoch, this device's clock). */
  expiresAt: number;
  /** The latest it can last. */
  absoluteExpiresAt: number;
  /** How long a spell without activity may last. */
  idleMs: number;
}

function timingOf(info: Pick<SessionInfo, 'expiresAt' | 'absoluteExpiresAt' | 'idleMinutes'>): Timing | null {
  if (!info.expiresAt) return null;
  const expiresAt = serverTime(info.expiresAt);
  return { expiresAt, absoluteExpiresAt: info.absoluteExpiresAt ? serverTime(info.absoluteExpiresAt) : expiresAt, idleMs: (info.idleMinutes ?? 30) * 60_000 };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [timing, setTiming] = useState<Timing | null>(null);
  const [viaSso, setViaSso] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  /** Why the session ended, in the server's plain words. */
  const [endedDetail, setEndedDetail] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const accountRef = useRef<Account | null>(null);
  accountRef.current = account;

  const refresh = useCallback(async () => {
    try {
      // The first time, the answer asked for as the app started (main.tsx).
      const res = await getEarly<SessionInfo>(SESSION_PATH, { refusalIsAnswer: true });
      setCsrfToken(res.body.csrfToken ?? null);
      holdWrites(false);
      const next = res.body.account ?? null;
      if (!next && res.body.ended) setEndedDetail(res.body.ended.detail);
      setOffline(false);
      if (!next && accountRef.current) {
        // Opened offline as the person signed in here, whose session ended meanwhile: they sign
        // in again where they are, and what they typed (kept on this device) goes up then.
        forget();
        setExpired(true);
        setDialogOpen(true);
        return;
      }
      setAccount(next);
      if (next) setViaSso(res.body.sso === true);
      const timing = res.body.via === 'session' ? timingOf(res.body) : null;
      setTiming(timing);
      setExpired(false);
      if (next && timing) remember({ account: next, ...timing });
      else forget();
      // Someone else's drafts never stay on a device another person signed in on.
      if (next) void localDrafts.keepOnly(next.id).catch(() => {});
    } catch (err) {
      if (err instanceof NetworkError) {
        // The service cannot be reached: carry on as the person signed in on this device, while
        // their session would have lasted; nobody, after that.
        setOffline(true);
        const kept = accountRef.current ? null : recall();
        if (kept) {
          holdWrites(true);
          setAccount(kept.account);
          setTiming({ expiresAt: kept.expiresAt, absoluteExpiresAt: kept.absoluteExpiresAt, idleMs: kept.idleMs });
        }
        return;
      }
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      forget();
      setCsrfToken(null);
      if (accountRef.current) {
        setExpired(true);
        setDialogOpen(true);
      } else setAccount(null);
    } finally {
      setLoading(false);
    }
  }, []);

  const signOut = useCallback(async () => {
    let logoutUrl: string | null = null;
    try {
      const res = await api.delete<{ logoutUrl?: string } | null>('/api/session');
      logoutUrl = res.body?.logoutUrl ?? null;
    } catch (err) {
      if (err instanceof NetworkError) return false as const;
      // Anything else (already signed out, say): the session is over either way.
    }
    forget();
    await localDrafts.clear().catch(() => {});
    setCsrfToken(null);
    setAccount(null);
    setTiming(null);
    setExpired(false);
    setDialogOpen(false);
    return { logoutUrl };
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Offline: ask again now and then, and as soon as the browser says it is back online.
  useEffect(() => {
    if (!offline) return;
    const again = () => void refresh();
    window.addEventListener('online', again);
    const id = setInterval(again, OFFLINE_RETRY_MS);
    return () => {
      window.removeEventListener('online', again);
      clearInterval(id);
    };
  }, [offline, refresh]);

  // A request refused because the session ended: ask to sign in again, here.
  useEffect(() => {
    const onEnded = (e: Event) => {
      if (!accountRef.current) return;
      setEndedDetail((e as CustomEvent<Problem>).detail?.type?.endsWith('session-expired') ? (e as CustomEvent<Problem>).detail.detail : null);
      setExpired(true);
      setDialogOpen(true);
    };
    // Every answer says when the session now ends (activity moves it on): the warning follows.
    const onExpiry = (e: Event) => {
      const endsAt = (e as CustomEvent<{ endsAt: number }>).detail.endsAt;
      setTiming((t) => (t ? { ...t, expiresAt: endsAt } : t));
      rememberExpiry(endsAt);
    };
    window.addEventListener(SESSION_ENDED, onEnded);
    window.addEventListener(SESSION_EXPIRY, onExpiry);
    return () => {
      window.removeEventListener(SESSION_ENDED, onEnded);
      window.removeEventListener(SESSION_EXPIRY, onExpiry);
    };
  }, []);

  // A clock for the warning, ticking only while one may be due within the next minutes.
  useEffect(() => {
    if (!timing || expired) return;
    const tick = () => setNow(Date.now());
    const untilWarning = timing.expiresAt - warnBefore(timing.idleMs) - Date.now();
    const id = untilWarning > 5000 ? setTimeout(tick, untilWarning - 1000) : setInterval(tick, 1000);
    return () => {
      clearTimeout(id as ReturnType<typeof setTimeout>);
      clearInterval(id as ReturnType<typeof setInterval>);
    };
  }, [timing, expired, now]);

  // Past the end: the session is over even if no request has said so yet.
  useEffect(() => {
    if (timing && account && !expired && now >= timing.expiresAt) {
      setExpired(true);
      setDialogOpen(true);
    }
  }, [timing, account, expired, now]);

  const stay = useCallback(async () => {
    try {
      const res = await api.post<SessionInfo>('/api/session/renew');
      setTiming((t) => timingOf(res.body) ?? t);
      setNow(Date.now());
    } catch {
      // Signed out meanwhile (the end event opens the dialog) or offline (the warning stays).
    }
  }, []);

  const signedInAgain = useCallback(async () => {
    await refresh();
    setDialogOpen(false);
    window.dispatchEvent(new Event(SESSION_RESTORED));
  }, [refresh]);

  const warning = timing && account && !expired && now >= timing.expiresAt - warnBefore(timing.idleMs) ? timing : null;
  return (
    <SessionContext.Provider value={{ account, loading, expired, refresh, signOut, viaSso, askToSignIn: () => setDialogOpen(true), endedDetail, offline }}>
      {children}
      {warning && <SessionTimeoutWarning endsAt={warning.expiresAt} canExtend={warning.expiresAt < warning.absoluteExpiresAt} now={now} onStay={() => void stay()} />}
      {expired && dialogOpen && account && <SessionEndedDialog account={account} viaSso={viaSso} reason={endedDetail} onSignedIn={() => void signedInAgain()} onClose={() => setDialogOpen(false)} />}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession needs a SessionProvider');
  return s;
}
