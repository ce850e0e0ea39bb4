import { type Result, type Router, UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';

/** The literal start of a route's path, up to its first parameter or wildcard. */
const literalHead = (path: string): string => {
  const dynamic = path.search(/[:*]/);
  return dynamic === -1 ? path : path.slice(0, dynamic);
};

/**
 * hono's RegExpRouter matches a path with one regular expression per method, but it cannot hold a literal segment
 * beside a parameter at the same place for the same method (`POST /v1/dead-letters/replay` beside
 * `POST /v1/dead-letters/{id}/replay`). With one such pair, hono's default SmartRouter falls back to its TrieRouter
 * for every route, and the hot routes pay a walk of the path segment by segment on every request (a version read
 * 0.6 µs instead of 0.09 µs). This router gives the paths under `triePrefixes` to a TrieRouter and every other path
 * to a RegExpRouter: a request's path is matched by one of them only, and a route that could match paths of both
 * (its parameters or wildcard start before a prefix ends) is added to both, so every route is found as before.
 *
 * @example
 * new OpenAPIHono({ router: new SplitRouter(['/v1/dead-letters/']) })
 */
export class SplitRouter<T> implements Router<T> {
  readonly name = 'SplitRouter';
  readonly #fast = new RegExpRouter<T>();
  readonly #trie = new TrieRouter<T>();
  readonly #prefixes: readonly string[];

  constructor(triePrefixes: readonly string[]) {
    this.#prefixes = triePrefixes;
  }

  #underPrefix(path: string): boolean {
    for (const prefix of this.#prefixes) if (path.startsWith(prefix)) return true;
    return false;
  }

  add(method: string, path: string, handler: T): void {
    if (this.#underPrefix(path)) {
      this.#trie.add(method, path, handler);
      return;
    }
    const head = literalHead(path);
    if (head !== path && this.#prefixes.some((prefix) => prefix.startsWith(head))) {
      this.#trie.add(method, path, handler);
    }
    try {
      this.#fast.add(method, path, handler);
    } catch (error) {
      if (!(error instanceof UnsupportedPathError)) throw error;
      throw new Error(
        `${method} ${path}: hono's RegExpRouter cannot hold this path beside the others; add its prefix to the SplitRouter's trie prefixes (app.ts)`,
        { cause: error },
      );
    }
  }

  match(method: string, path: string): Result<T> {
    return this.#underPrefix(path) ? this.#trie.match(method, path) : this.#fast.match(method, path);
  }
}
