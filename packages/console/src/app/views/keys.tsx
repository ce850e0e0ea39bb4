/** API keys (admin): create one with a scope, its registries and rate limit; revoke one. */
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import type { Session } from '../app.tsx';
import {
  Field,
  formatDate,
  Loading,
  Pager,
  ProblemNotice,
  useAsync,
  useCursorPages,
} from '../components.tsx';
import type { ApiKey, CreatedKey, Page } from '../types.ts';

const SCOPES = ['read', 'validate', 'write', 'admin'] as const;

export function KeysView({ session }: { session: Session }) {
  const pages = useCursorPages();
  const keys = useAsync(
    () => session.api.request<Page<ApiKey>>('GET', `/v1/keys${query({ limit: 50, cursor: pages.cursor })}`),
    [pages.cursor],
  );
  const [created, setCreated] = useState<CreatedKey>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [form, setForm] = useState({ scope: 'read', name: '', registries: '', perSecond: '', burst: '' });
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    setCreated(undefined);
    const body: Record<string, unknown> = { scope: form.scope };
    if (form.name.trim()) body.name = form.name.trim();
    const registries = form.registries
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (registries.length > 0) body.registries = registries;
    if (form.perSecond.trim() || form.burst.trim()) {
      body.rateLimit = { perSecond: Number(form.perSecond), burst: Number(form.burst) };
    }
    try {
      setCreated(await session.api.request<CreatedKey>('POST', '/v1/keys', body));
      keys.reload();
    } catch (problem) {
      setError(problem);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (
      !window.confirm(
        `Revoke key ${key.prefix}${key.name ? ` (${key.name})` : ''}? Clients using it stop at once.${
          session.isSignedInKey(key.prefix)
            ? ' It is the key you are signed in with: you will be signed out.'
            : ''
        }`,
      )
    )
      return;
    setError(undefined);
    try {
      await session.api.request('DELETE', `/v1/keys/${encodeURIComponent(key.id)}`);
      setMessage(`Key ${key.prefix} was revoked.`);
      keys.reload();
    } catch (problem) {
      setError(problem);
    }
  };

  return (
    <section>
      <h1>Keys</h1>
      <ProblemNotice error={keys.error} what="Keys over HTTP" />
      <form class="key-form" onSubmit={create} aria-labelledby="new-key">
        <h2 id="new-key">New key</h2>
        <Field id="key-scope" label="Scope">
          <select id="key-scope" value={form.scope} onChange={set('scope')}>
            {SCOPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id="key-name" label="Name">
          <input id="key-name" value={form.name} onInput={set('name')} />
        </Field>
        <Field id="key-registries" label="Registries" hint="Comma-separated; empty for every registry">
          <input
            id="key-registries"
            value={form.registries}
            onInput={set('registries')}
            aria-describedby="key-registries-hint"
          />
        </Field>
        <Field id="key-rate" label="Requests per second" hint="Empty for the server's default">
          <input
            id="key-rate"
            type="number"
            min="0"
            step="any"
            value={form.perSecond}
            onInput={set('perSecond')}
          />
        </Field>
        <Field id="key-burst" label="Burst">
          <input id="key-burst" type="number" min="1" step="1" value={form.burst} onInput={set('burst')} />
        </Field>
        <button type="submit">Create key</button>
      </form>
      {created && (
        <div class="notice" role="status">
          <p>
            Key created. Copy it now; it is not shown again: <code class="secret">{created.key}</code>
          </p>
        </div>
      )}
      <p role="status" class="saved">
        {message}
      </p>
      <ProblemNotice error={error} />
      {keys.loading && !keys.data && <Loading />}
      {keys.data && (
        <table class="list">
          <caption>Keys</caption>
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Registries</th>
              <th scope="col">Rate limit</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((key) => (
              <tr key={key.id}>
                <td>
                  <code>{key.prefix}</code>
                </td>
                <td>
                  {key.name}
                  {session.isSignedInKey(key.prefix) && <strong> (signed in with this key)</strong>}
                </td>
                <td>{key.scope}</td>
                <td>{key.registries ? key.registries.join(', ') : 'all'}</td>
                <td>
                  {key.rateLimit ? `${key.rateLimit.perSecond}/s, burst ${key.rateLimit.burst}` : 'default'}
                </td>
                <td>{formatDate(key.createdAt)}</td>
                <td>{formatDate(key.lastUsedAt)}</td>
                <td>
                  <button type="button" class="danger" onClick={() => revoke(key)}>
                    Revoke <span class="sr-only">{key.prefix}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {keys.data && (
        <Pager
          page={pages.page}
          nextCursor={keys.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
        />
      )}
    </section>
  );
}
