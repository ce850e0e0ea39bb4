/** Dead letters: filter by registry, schema and reason, inspect one (its event with error paths marked), replay one or all that match. */
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import type { Session } from '../app.tsx';
import {
  Field,
  fieldValue,
  formatDate,
  JsonBlock,
  Loading,
  Pager,
  ProblemNotice,
  useAsync,
  useCursorPages,
} from '../components.tsx';
import { navigate } from '../router.ts';
import type { DeadLetter, Page, ReplayDeadLettersResult } from '../types.ts';

const PAGE_SIZE = 25;

export function DeadLettersView({ session, query: params }: { session: Session; query: URLSearchParams }) {
  const filters = {
    registry: params.get('registry') ?? '',
    schema: params.get('schema') ?? '',
    reason: params.get('reason') ?? '',
  };
  const pages = useCursorPages();
  const [open, setOpen] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const list = useAsync(
    () =>
      session.api.request<Page<DeadLetter>>(
        'GET',
        `/v1/dead-letters${query({ ...filters, limit: PAGE_SIZE, cursor: pages.cursor })}`,
      ),
    [filters.registry, filters.schema, filters.reason, pages.cursor],
  );
  const setFilter = (name: keyof typeof filters, value: string) => {
    pages.reset();
    navigate(`/dead-letters${query({ ...filters, [name]: value })}`, true);
  };
  const act = async (work: () => Promise<string>) => {
    setError(undefined);
    setMessage('');
    try {
      setMessage(await work());
    } catch (problem) {
      setError(problem);
    }
    list.reload();
  };
  const replayOne = (letter: DeadLetter) =>
    act(async () => {
      await session.api.request('POST', `/v1/dead-letters/${encodeURIComponent(letter.id)}/replay`);
      return `Dead letter ${letter.id} was replayed.`;
    });
  const remove = (letter: DeadLetter) =>
    act(async () => {
      await session.api.request('DELETE', `/v1/dead-letters/${encodeURIComponent(letter.id)}`);
      return `Dead letter ${letter.id} was deleted.`;
    });
  const replayAll = () =>
    act(async () => {
      const body: Record<string, string> = {};
      for (const [name, value] of Object.entries(filters)) if (value) body[name] = value;
      // one call does a bounded amount of work; while more match it hands back a cursor to go on from
      let replayed = 0;
      let stillInvalid = 0;
      let cursor: string | undefined;
      do {
        const done: ReplayDeadLettersResult = await session.api.request('POST', '/v1/dead-letters/replay', {
          ...body,
          ...(cursor ? { cursor } : {}),
        });
        replayed += done.replayed;
        stillInvalid += done.stillInvalid;
        cursor = done.nextCursor;
      } while (cursor);
      return `Replayed ${replayed}; ${stillInvalid} still invalid.`;
    });

  return (
    <section>
      <h1>Dead letters</h1>
      <form class="filters" aria-label="Filter dead letters" onSubmit={(e) => e.preventDefault()}>
        <Field id="dl-registry" label="Registry">
          <input
            id="dl-registry"
            value={filters.registry}
            onChange={(e) => setFilter('registry', fieldValue(e))}
          />
        </Field>
        <Field id="dl-schema" label="Schema">
          <input id="dl-schema" value={filters.schema} onChange={(e) => setFilter('schema', fieldValue(e))} />
        </Field>
        <Field id="dl-reason" label="Reason">
          <select id="dl-reason" value={filters.reason} onChange={(e) => setFilter('reason', fieldValue(e))}>
            <option value="">any</option>
            <option value="invalid">invalid</option>
            <option value="forward_failed">forward_failed</option>
          </select>
        </Field>
        <button type="button" onClick={replayAll} disabled={!list.data || list.data.items.length === 0}>
          Replay all matching
        </button>
      </form>
      <p role="status" class="saved">
        {message}
      </p>
      <ProblemNotice error={error} />
      <ProblemNotice error={list.error} what="Dead letters" />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          {list.data.items.length === 0 && <p>No dead letters match.</p>}
          <ul class="letters">
            {list.data.items.map((letter) => (
              <li key={letter.id}>
                <div class="letter-head">
                  <span class={`reason ${letter.reason}`}>{letter.reason}</span>
                  <span>
                    {letter.registry}/{letter.schema ?? '?'}
                    {letter.version !== null ? ` v${letter.version}` : ''}
                  </span>
                  <span>{formatDate(letter.createdAt)}</span>
                  <span>
                    {letter.errors.length} error{letter.errors.length === 1 ? '' : 's'}
                  </span>
                  <button
                    type="button"
                    aria-expanded={open === letter.id}
                    onClick={() => setOpen(open === letter.id ? undefined : letter.id)}
                  >
                    {open === letter.id ? 'Close' : 'Inspect'} <span class="sr-only">{letter.id}</span>
                  </button>
                  <button type="button" onClick={() => replayOne(letter)}>
                    Replay <span class="sr-only">{letter.id}</span>
                  </button>
                  <button type="button" class="danger" onClick={() => remove(letter)}>
                    Delete <span class="sr-only">{letter.id}</span>
                  </button>
                </div>
                {open === letter.id && <Inspect letter={letter} />}
              </li>
            ))}
          </ul>
          <Pager
            page={pages.page}
            nextCursor={list.data.nextCursor}
            onNext={pages.next}
            onPrevious={pages.previous}
          />
        </>
      )}
    </section>
  );
}

function Inspect({ letter }: { letter: DeadLetter }) {
  const event = parseEvent(letter.event);
  return (
    <div class="inspect">
      <p>
        <code>{letter.id}</code> · attempts {letter.attempts}
        {letter.idempotencyKey ? ` · idempotency key ${letter.idempotencyKey}` : ''}
      </p>
      {letter.lastError && <p class="problem">Last error: {letter.lastError}</p>}
      {letter.errors.length > 0 && (
        <ul class="errors">
          {letter.errors.map((issue, index) => (
            <li key={index}>
              <code>{issue.path || '/'}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
      <JsonBlock
        value={event}
        marked={new Set(letter.errors.map((issue) => issue.path))}
        label={`Event of dead letter ${letter.id}`}
      />
    </div>
  );
}

/** The API keeps the event's text as it was accepted; show it as JSON when it parses. */
function parseEvent(event: unknown): unknown {
  if (typeof event !== 'string') return event;
  try {
    return JSON.parse(event);
  } catch {
    return event;
  }
}
