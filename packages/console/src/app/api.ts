/**
 * The console's only way to the server: same-origin `fetch` with the key as a Bearer header (never in a URL),
 * JSON in and out, and RFC 9457 problems turned into {@link ApiProblem} so views can show their `detail`.
 */

/** A problem answer of the API, or a failure to reach it. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail =
      typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : '';
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : `http_${status}`;
    this.detail = detail || `The server answered ${status}`;
    this.body = body;
  }
}

/** Whether an error says the route does not exist on this server (an older server, or a feature not built). */
export const isMissingRoute = (error: unknown): boolean =>
  error instanceof ApiProblem && error.status === 404 && /^No route for /.test(error.detail);

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  /** The raw text of a GET, e.g. `/metrics`. */
  text(path: string): Promise<string>;
}

/** Builds a client that sends `key`; `onUnauthorized` hears of a 401 (the key was revoked meanwhile). */
export function createApiClient(
  key: string,
  onUnauthorized: (problem: ApiProblem) => void = () => {},
): ApiClient {
  const send = async (method: Method, path: string, body?: unknown, retries = 2): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiProblem(0, {
        code: 'network_error',
        detail: `The server could not be reached (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    // throttled (429) or shedding load (503): wait as told, a few seconds at most, and ask again
    const wait = retryAfterMs(response);
    if (wait !== undefined && retries > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      return send(method, path, body, retries - 1);
    }
    if (!response.ok) {
      let problem: Record<string, unknown> = {};
      try {
        problem = (await response.json()) as Record<string, unknown>;
      } catch {
        problem = { detail: `The server answered ${response.status} ${response.statusText}` };
      }
      const failure = new ApiProblem(response.status, problem);
      if (response.status === 401) onUnauthorized(failure);
      throw failure;
    }
    return response;
  };
  return {
    async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
      const response = await send(method, path, body);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    async text(path: string): Promise<string> {
      return (await send('GET', path)).text();
    },
  };
}

const MAX_RETRY_WAIT_MS = 5000;

/** How long a 429 or 503 asks to wait (`Retry-After` in seconds), when it is short enough to wait here. */
function retryAfterMs(response: Response): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const seconds = Number(response.headers.get('retry-after'));
  if (!Number.isFinite(seconds) || seconds < 0 || seconds * 1000 > MAX_RETRY_WAIT_MS) return undefined;
  return seconds * 1000;
}

/** Runs `work` over `items`, at most `limit` at a time, results in order: a page of lookups does not burst. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `/v1/registries/{registry}/schemas/{name}` with each part escaped. */
export const schemaPath = (registry: string, name: string): string =>
  `/v1/registries/${encodeURIComponent(registry)}/schemas/${encodeURIComponent(name)}`;

/** A query string of the defined, non-empty values, with its `?` (or nothing). */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
