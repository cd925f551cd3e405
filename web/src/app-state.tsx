// What every page shares: the categories, the server's health (active model), and the admin token of this browser tab.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Category, HealthResponse } from '../../src/serving/api-types';
import { api } from './api';
import { useI18n } from './i18n';

export interface AppState {
  categories: readonly Category[];
  health: HealthResponse | null;
  offline: boolean;
  /** Reloads the health (after an activation or a retraining). */
  refreshHealth(): Promise<void>;
  categoryName(code: number): string;
  /** Names from the top level down to the category, in the page's language where the taxonomy has it. */
  categoryPath(code: number): string[];
  adminToken: string;
  setAdminToken(token: string): void;
}

const TOKEN_KEY = 'prodclass.adminToken';

/**
 * The token of the link `npm start` prints (`/?token=...`, as Jupyter does): kept in this tab's session storage and
 * removed from the address bar at once, so that it is neither bookmarked nor shared with the URL.
 */
function tokenFromLink(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  return token || null;
}
const AppStateContext = createContext<AppState | null>(null);

export function AppStateProvider({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const [categories, setCategories] = useState<readonly Category[]>([]);
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [offline, setOffline] = useState(false);
  const [adminToken, setToken] = useState(() => tokenFromLink() ?? sessionStorage.getItem(TOKEN_KEY) ?? '');

  const refreshHealth = useCallback(async () => {
    try {
      setHealth(await api.health());
      setOffline(false);
    } catch {
      setOffline(true);
    }
  }, []);

  useEffect(() => {
    void refreshHealth();
    api.categories().then((r) => setCategories(r.categories), () => setOffline(true));
    const timer = setInterval(() => void refreshHealth(), 15_000);
    return () => clearInterval(timer);
  }, [refreshHealth]);

  const value = useMemo<AppState>(() => {
    const byCode = new Map(categories.map((c) => [c.code, c]));
    const categoryName = (code: number) => {
      const c = byCode.get(code);
      return c ? (c.names[lang] ?? c[lang] ?? c.name) : String(code);
    };
    return {
      categories,
      health,
      offline,
      refreshHealth,
      categoryName,
      categoryPath(code) {
        const path: string[] = [];
        for (let c = byCode.get(code); c; c = c.parent === null ? undefined : byCode.get(c.parent)) path.unshift(categoryName(c.code));
        return path.length > 0 ? path : [String(code)];
      },
      adminToken,
      setAdminToken(token) {
        sessionStorage.setItem(TOKEN_KEY, token);
        setToken(token);
      },
    };
  }, [categories, health, offline, refreshHealth, lang, adminToken]);
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const value = useContext(AppStateContext);
  if (!value) throw new Error('useAppState outside AppStateProvider');
  return value;
}
