import { jitteredBackoff, parseRetryAfter, type RetryPolicy, retryableStatuses } from './retry-policy.ts';
import type { RouteLike } from './route-types.ts';
import { type ProblemDetails, SchemagateError } from './schemagate-error.ts';

/** Waits `ms` milliseconds; rejects early when `signal` aborts. Injectable so tests need not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TransportOptions {
  baseUrl: string;
  key: string | undefined;
  fetch: typeof globalThis.fetch;
  retry: RetryPolicy;
  timeoutMs: number;
  sleep: Sleep;
  random: () => number;
  now: () => number;
}

export interface CallInput {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, text for text bodies, undefined for 204/304. */
  body: unknown;
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Fills `{name}` placeholders of a declared path; each value is one encoded path segment. */
export function expandPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function buildUrl(baseUrl: string, route: RouteLike, input: CallInput): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + expandPath(route.path, input.params));
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** A response body as the client reads it: JSON when it says so, else text; undefined for none. */
export async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The problem document of a failed answer, or one made of what a proxy or crashed server said instead. */
export function problemOf(status: number, statusText: string, body: unknown): ProblemDetails {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    const candidate = body as Partial<ProblemDetails>;
    return {
      ...candidate,
      type: candidate.type ?? 'about:blank',
      title: candidate.title ?? statusText,
      status: typeof candidate.status === 'number' ? candidate.status : status,
      code: candidate.code as string,
    };
  }
  // A proxy or a crashed server can answer without a problem document; keep what it said.
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    code: `http_${status}`,
    ...(typeof body === 'string' && body !== '' ? { detail: body.slice(0, 500) } : {}),
  };
}

function localProblem(code: 'timeout' | 'network_error', detail: string): ProblemDetails {
  return {
    type: 'about:blank',
    title: code === 'timeout' ? 'Timeout' : 'Network error',
    status: 0,
    code,
    detail,
  };
}

/**
 * Sends one declared route, retrying a 429/503 within the policy, and returns the 2xx or 304 answer.
 * Anything else becomes a {@link SchemagateError}.
 */
export async function send(
  options: TransportOptions,
  route: RouteLike,
  input: CallInput,
): Promise<RawResponse> {
  const url = buildUrl(options.baseUrl, route, input);
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json, text/plain',
  };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, input.headers);
  const payload = input.body === undefined ? undefined : JSON.stringify(input.body);

  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    let response: Response;
    let body: unknown;
    try {
      response = await options.fetch(url, {
        method: route.method.toUpperCase(),
        headers,
        body: payload,
        signal,
      });
      body = await readBody(response);
    } catch (error) {
      if (input.signal?.aborted) throw input.signal.reason;
      if (timeout.aborted) {
        throw new SchemagateError(
          localProblem('timeout', `no answer from ${url} within ${options.timeoutMs} ms`),
          {
            cause: error,
          },
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new SchemagateError(localProblem('network_error', `${url}: ${reason}`), { cause: error });
    }

    if ((response.status >= 200 && response.status < 300) || response.status === 304) {
      return { status: response.status, headers: response.headers, body };
    }
    const error = new SchemagateError(problemOf(response.status, response.statusText, body));
    if (!retryableStatuses.has(response.status) || attempt >= options.retry.retries) throw error;
    const asked = parseRetryAfter(response.headers.get('retry-after'), options.now());
    // Waiting less than the server asked would only earn another refusal, so give up instead.
    if (asked !== undefined && asked > options.retry.maxDelayMs) throw error;
    await options.sleep(asked ?? jitteredBackoff(attempt, options.retry, options.random), input.signal);
  }
}
