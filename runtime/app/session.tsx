/** Who is signed in, loaded once; the CSRF token goes to the API client. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, setCsrfToken } from '../api/client.js';
import type { Account, SessionInfo } from '../api/types.js';

interface SessionValue {
  account: Account | null;
  loading: boolean;
  /** Loads the session again (after signing in). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const res = await api.get<SessionInfo>('/api/session');
      setCsrfToken(res.body.csrfToken ?? null);
      setAccount(res.body.account ?? null);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      setCsrfToken(null);
      setAccount(null);
    } finally {
      setLoading(false);
    }
  }, []);

  const signOut = useCallback(async () => {
    await api.delete('/api/session').catch(() => {});
    setCsrfToken(null);
    setAccount(null);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return <SessionContext.Provider value={{ account, loading, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession needs a SessionProvider');
  return s;
}
