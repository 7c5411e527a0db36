import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';

/** Where the UI is mounted; every app path is relative to it (`/documents` → `/admin/documents`). */
export const BASE_PATH = '/admin';

interface RouterValue {
  /** The current path below BASE_PATH, always starting with `/` (`/`, `/documents/abc`). */
  path: string;
  /** The query string of the current URL. */
  search: URLSearchParams;
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

function currentPath(): string {
  const { pathname } = window.location;
  const rest = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  return rest === '' ? '/' : rest;
}

/** A History API router: no hash URLs, back/forward work, the server falls back to index.html. */
export function Router(props: { children: ReactNode }): ReactNode {
  const [location, setLocation] = useState(() => ({
    path: currentPath(),
    search: window.location.search,
  }));

  useEffect(() => {
    const onPop = (): void => setLocation({ path: currentPath(), search: window.location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((to: string, options?: { replace?: boolean }) => {
    const url = BASE_PATH + (to.startsWith('/') ? to : `/${to}`);
    if (options?.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setLocation({ path: currentPath(), search: window.location.search });
  }, []);

  const value = useMemo(
    () => ({ path: location.path, search: new URLSearchParams(location.search), navigate }),
    [location, navigate],
  );
  return <RouterContext.Provider value={value}>{props.children}</RouterContext.Provider>;
}

/** The router state (current path, query, navigate). */
export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter() used outside <Router>');
  return value;
}

/** Matches `pattern` (`/documents/:id`) against `path`; the named segments, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An in-app link: a real `<a href>` (middle-click, copy link work) that navigates without a reload. */
export function Link({ to, onClick, ...rest }: LinkProps): ReactNode {
  const { navigate, path } = useRouter();
  const href = BASE_PATH + (to.startsWith('/') ? to : `/${to}`);
  const handle = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const current = path === to || (to !== '/' && path.startsWith(`${to}/`));
  return <a href={href} aria-current={current ? 'page' : undefined} onClick={handle} {...rest} />;
}
