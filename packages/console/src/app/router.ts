/**
 * A router of a few lines over the History API: every view has a stable `/console/...` address that the server
 * answers with the same page, so a deep link or a reload lands on its view.
 */
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

export interface Location {
  /** The path below `/console`, starting with `/` (`/` for the overview). */
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  const { pathname, search } = window.location;
  const below = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return { path: below === '' ? '/' : below, query: new URLSearchParams(search) };
}

/** Goes to a console address (`/registries`, `/playground?x=1`); `replace` keeps the history entry. */
export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to === '/' ? '' : to}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

/** The console's address, re-rendering on navigation and on the browser's back and forward. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** The href of a console address, for links that still open in a new tab. */
export const href = (to: string): string => `${BASE}${to === '/' ? '' : to}`;

/** A click a link should handle itself: the main button, without a modifier that asks for a new tab. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** `/registries/{registry}/schemas/{name}` of a console address; names may hold `@` and `.`. */
export const schemaRoute = (registry: string, name: string): string =>
  `/registries/${encodeURIComponent(registry)}/schemas/${encodeURIComponent(name)}`;

export type Route =
  | { view: 'overview' }
  | { view: 'registries' }
  | { view: 'schema'; registry: string; name: string }
  | { view: 'diff'; registry: string; name: string }
  | { view: 'playground' }
  | { view: 'dead-letters' }
  | { view: 'keys' }
  | { view: 'not-found' };

/** Which view a console path shows. */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  const [first, registry, third, name, fifth] = parts;
  if (parts.length === 0) return { view: 'overview' };
  if (first === 'registries' && parts.length === 1) return { view: 'registries' };
  if (first === 'registries' && registry && third === 'schemas' && name) {
    const decoded = { registry: safeDecode(registry), name: safeDecode(name) };
    if (parts.length === 4) return { view: 'schema', ...decoded };
    if (parts.length === 5 && fifth === 'diff') return { view: 'diff', ...decoded };
  }
  if (parts.length === 1 && first === 'playground') return { view: 'playground' };
  if (parts.length === 1 && first === 'dead-letters') return { view: 'dead-letters' };
  if (parts.length === 1 && first === 'keys') return { view: 'keys' };
  return { view: 'not-found' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
