/** Pieces every view uses: links, loading and problem notices, pagers and a JSON block with marked rows. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, isMissingRoute } from './api.ts';
import { type JsonRow, jsonRows, markedPointers } from './json-rows.ts';
import { href, isPlainClick, navigate } from './router.ts';

export function Link(props: { to: string; children: ComponentChildren; class?: string; current?: boolean }) {
  const onClick = (event: MouseEvent) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(props.to);
  };
  return (
    <a
      href={href(props.to)}
      onClick={onClick}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}

/** An API error as its problem's `detail` (and code), announced to screen readers. */
export function ProblemNotice({ error, what }: { error: unknown; what?: string }) {
  if (error === undefined || error === null) return null;
  if (isMissingRoute(error)) {
    return (
      <div class="notice" role="status">
        {what ?? 'This feature'} is not available on this server yet.
      </div>
    );
  }
  const problem = error instanceof ApiProblem ? error : undefined;
  return (
    <div class="problem" role="alert">
      <strong>{problem ? `${problem.status || 'Error'} ${problem.code}` : 'Error'}</strong>
      <span>: {problem ? problem.detail : error instanceof Error ? error.message : String(error)}</span>
      {problem && Array.isArray(problem.body.errors) && problem.body.errors.length > 0 && (
        <ul>
          {problem.body.errors.slice(0, 20).map((item, index) => (
            <li key={index}>{describeIssue(item)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function describeIssue(item: unknown): string {
  if (typeof item === 'object' && item !== null) {
    const { path, pointer, message } = item as Record<string, unknown>;
    const where = typeof path === 'string' ? path : typeof pointer === 'string' ? pointer : '';
    return `${where || '/'}: ${typeof message === 'string' ? message : JSON.stringify(item)}`;
  }
  return String(item);
}

export const Loading = () => (
  <p class="loading" role="status">
    Loading…
  </p>
);

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads with `load` whenever `deps` change; a result that arrives after a newer load started is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * Cursor paging: the cursors of the pages seen so far, so "Previous" goes back without the API keeping state.
 * `reset` starts again from the first page (when a filter changes).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors.at(-1);
  return {
    cursor,
    page: cursors.length,
    next: (nextCursor: string) => setCursors((list) => [...list, nextCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    reset: () => setCursors([undefined]),
  };
}

export function Pager(props: {
  page: number;
  nextCursor?: string | undefined;
  onNext: (c: string) => void;
  onPrevious: () => void;
}) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" onClick={props.onPrevious} disabled={props.page <= 1}>
        Previous page
      </button>
      <span>Page {props.page}</span>
      <button
        type="button"
        onClick={() => props.nextCursor && props.onNext(props.nextCursor)}
        disabled={!props.nextCursor}
      >
        Next page
      </button>
    </nav>
  );
}

/** A JSON value, pretty-printed; the rows of the values `marked` points at (see {@link markedPointers}) are highlighted. */
export function JsonBlock(props: { value: unknown; marked?: Iterable<string>; label: string }) {
  const rows = jsonRows(props.value);
  const marked = markedPointers(rows, props.marked ?? []);
  return (
    <figure class="json">
      <figcaption class="sr-only">{props.label}</figcaption>
      <pre>
        {rows.map((row: JsonRow, index) => {
          const isMarked = marked.has(row.pointer);
          return (
            <span
              key={index}
              class={isMarked ? 'row marked' : 'row'}
              data-pointer={row.pointer}
              title={isMarked ? `error at ${row.pointer || '/'}` : undefined}
            >
              {'  '.repeat(row.depth)}
              {row.text}
              {'\n'}
            </span>
          );
        })}
      </pre>
    </figure>
  );
}

export const formatDate = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/** A labelled form field: the label is a real `<label for>`, so the field is named for assistive tech. */
export function Field(props: { id: string; label: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

/** The value of the field an input or change event came from. */
export const fieldValue = (event: { currentTarget: { value: string } }): string => event.currentTarget.value;
