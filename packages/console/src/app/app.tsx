/** The console's shell: sign-in, navigation by scope, and the view of the current address. */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ApiClient, createApiClient } from './api.ts';
import { Field, Link, Loading, ProblemNotice } from './components.tsx';
import { matchRoute, type Route, useLocation } from './router.ts';
import { detectScope, forgetKey, type Scope, scopeAllows, storedKey, storeKey } from './session.ts';
import { DeadLettersView } from './views/dead-letters.tsx';
import { DiffView } from './views/diff.tsx';
import { KeysView } from './views/keys.tsx';
import { PlaygroundView } from './views/playground.tsx';
import { RegistriesView } from './views/registries.tsx';
import { SchemaView } from './views/schema.tsx';

export interface Session {
  api: ApiClient;
  scope: Scope;
  can: (needed: Scope) => boolean;
  /** Whether a key listed with this public prefix is the one signed in. */
  isSignedInKey: (prefix: string) => boolean;
}

interface NavItem {
  to: string;
  label: string;
  needs: Scope;
  views: Route['view'][];
}

const NAV: NavItem[] = [
  { to: '/', label: 'Overview', needs: 'read', views: ['overview'] },
  { to: '/registries', label: 'Registries', needs: 'read', views: ['registries', 'schema', 'diff'] },
  { to: '/playground', label: 'Playground', needs: 'validate', views: ['playground'] },
  { to: '/dead-letters', label: 'Dead letters', needs: 'write', views: ['dead-letters'] },
  { to: '/keys', label: 'Keys', needs: 'admin', views: ['keys'] },
];

export function App() {
  const [key, setKey] = useState<string | null>(storedKey);
  const [scope, setScope] = useState<Scope | undefined>();
  const [error, setError] = useState<unknown>();
  const signOut = () => {
    forgetKey();
    setKey(null);
    setScope(undefined);
    setError(undefined);
  };
  // a key refused later (revoked meanwhile) signs out and says why
  const api = useMemo(
    () =>
      key
        ? createApiClient(key, (problem) => {
            signOut();
            setError(problem);
          })
        : undefined,
    [key],
  );

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    detectScope(api).then(
      (found) => !cancelled && setScope(found),
      (problem: unknown) => {
        if (cancelled) return;
        forgetKey();
        setKey(null);
        setError(problem);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (!api) {
    return (
      <SignIn
        error={error}
        onKey={(entered) => {
          setError(undefined);
          storeKey(entered);
          setKey(entered);
        }}
      />
    );
  }
  if (!scope) return <Loading />;
  const signedIn = key;
  const session: Session = {
    api,
    scope,
    can: (needed) => scopeAllows(scope, needed),
    isSignedInKey: (prefix) => signedIn !== null && prefix.length > 0 && signedIn.startsWith(prefix),
  };
  return <Shell session={session} onSignOut={signOut} />;
}

/** Marked once the sign-in form is on screen: the console's time to first render, read by its browser test. */
export const SIGN_IN_MARK = 'schemagate:sign-in-visible';

function SignIn(props: { error: unknown; onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  useEffect(() => {
    if (performance.getEntriesByName(SIGN_IN_MARK).length === 0) performance.mark(SIGN_IN_MARK);
  }, []);
  return (
    <main class="sign-in">
      <h1>schemagate console</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const entered = value.trim();
          if (entered) props.onKey(entered);
        }}
      >
        <Field
          id="api-key"
          label="API key"
          hint="Kept in this tab only (sessionStorage), sent as a Bearer header."
        >
          <input
            id="api-key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            aria-describedby="api-key-hint"
            value={value}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </Field>
        <button type="submit">Sign in</button>
      </form>
      <ProblemNotice error={props.error} />
    </main>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const location = useLocation();
  const route = matchRoute(location.path);
  const allowed = NAV.filter((item) => session.can(item.needs));
  const item = NAV.find((entry) => entry.views.includes(route.view));
  useEffect(() => {
    const heading = document.querySelector('main h1');
    document.title = `${heading?.textContent ?? 'schemagate'} · schemagate console`;
  });
  // after a navigation, keyboard and screen-reader users start at the new view, not on the link they left
  const firstPath = useRef(location.path);
  useEffect(() => {
    if (location.path !== firstPath.current) document.getElementById('main')?.focus();
    firstPath.current = '';
  }, [location.path]);
  let content: ComponentChildren;
  if (route.view === 'not-found') content = <NotFound />;
  else if (item && !session.can(item.needs)) {
    content = <NotAllowed scope={session.scope} needs={item.needs} first={allowed[0]} />;
  } else {
    content = renderRoute(route, session, location.query);
  }
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">schemagate</span>
        <nav aria-label="Console">
          <ul>
            {allowed.map((entry) => (
              <li key={entry.to}>
                <Link to={entry.to} current={entry === item}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          Scope: <strong>{session.scope}</strong>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}

function renderRoute(route: Route, session: Session, query: URLSearchParams): ComponentChildren {
  switch (route.view) {
    case 'overview':
      return <LazyOverview session={session} />;
    case 'registries':
      return <RegistriesView session={session} query={query} />;
    case 'schema':
      return <SchemaView session={session} registry={route.registry} name={route.name} query={query} />;
    case 'diff':
      return <DiffView session={session} registry={route.registry} name={route.name} query={query} />;
    case 'playground':
      return <PlaygroundView session={session} />;
    case 'dead-letters':
      return <DeadLettersView session={session} query={query} />;
    case 'keys':
      return <KeysView session={session} />;
    default:
      return <NotFound />;
  }
}

type OverviewComponent = typeof import('./views/overview.tsx').OverviewView;

/** The overview and its charting code come in a chunk of their own, fetched the first time it is shown. */
function LazyOverview({ session }: { session: Session }) {
  const [View, setView] = useState<OverviewComponent>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./views/overview.tsx').then(
      (module) => setView(() => module.OverviewView),
      (problem: unknown) => setError(problem),
    );
  }, []);
  if (error) return <ProblemNotice error={error} />;
  return View ? <View session={session} /> : <Loading />;
}

function NotAllowed(props: { scope: Scope; needs: Scope; first: NavItem | undefined }) {
  return (
    <section>
      <h1>Not available to this key</h1>
      <p>
        This view needs a key of scope <code>{props.needs}</code>; yours is <code>{props.scope}</code>.
      </p>
      {props.first && (
        <p>
          Go to <Link to={props.first.to}>{props.first.label}</Link>.
        </p>
      )}
    </section>
  );
}

const NotFound = () => (
  <section>
    <h1>Not found</h1>
    <p>
      No console page here. Go to the <Link to="/registries">registries</Link>.
    </p>
  </section>
);
