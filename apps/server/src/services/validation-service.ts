import {
  type CompiledValidator,
  findOutOfRangeNumbers,
  screenEvent,
  type ValidationError,
  type ValidatorCache,
  validatorKey,
} from '@schemagate/core';
import { AppError } from '../errors.ts';
import type { Metrics } from '../metrics/index.ts';
import { unstorableProblem } from '../unstorable-problem.ts';
import type { RouteIndex, RouteTarget } from './route-index.ts';
import type { VersionView, VersionViews } from './version-views.ts';

export interface ValidationTarget {
  registry?: string;
  schema?: string;
  version?: number | 'latest';
}

export interface ValidateResult {
  valid: boolean;
  registry: string | null;
  schema: string | null;
  version: number | null;
  errors: ValidationError[];
  warnings?: string[];
}

export interface Quotas {
  maxBodyBytes: number;
  maxDepth: number;
  batch: { maxEvents: number; maxBytes: number };
}

/** A batch entry's errors for a refusal: each place the problem names (a number out of range), or the refusal itself. */
function entryErrors(error: AppError): ValidationError[] {
  const named = (error.errors ?? []) as { path?: unknown; message?: unknown }[];
  if (named.length > 0 && named.every((e) => typeof e.path === 'string')) {
    return named.map((e) => ({
      path: e.path as string,
      keyword: error.code,
      message: String(e.message ?? error.message),
      schemaPath: '',
    }));
  }
  return [{ path: '', keyword: error.code, message: error.message, schemaPath: '' }];
}

/** Validates events against their schema's compiled validator, routing each to its schema first. */
export class ValidationService {
  readonly quotas: Quotas;
  readonly #views: VersionViews;
  readonly #routes: RouteIndex;
  readonly #cache: ValidatorCache;
  readonly #metrics: Metrics;

  constructor(deps: {
    views: VersionViews;
    routes: RouteIndex;
    cache: ValidatorCache;
    metrics: Metrics;
    quotas: Quotas;
  }) {
    this.#views = deps.views;
    this.#routes = deps.routes;
    this.#cache = deps.cache;
    this.#metrics = deps.metrics;
    this.quotas = deps.quotas;
  }

  /**
   * One event; routing and state problems are errors (4xx), a contract break is `valid: false`. Answers without a
   * promise while the event's route and version are cached. `shallow` says the caller has already proven that the
   * event nests no deeper than `quotas.maxDepth` and holds no number out of range (as `textNestsAtMost` and
   * `textMayHoldOutOfRangeNumber` tell from the body's text), so it is not walked again.
   */
  validateOne(
    event: unknown,
    target: ValidationTarget,
    shallow = false,
  ): ValidateResult | Promise<ValidateResult> {
    return this.#validate(event, target, shallow);
  }

  /** Many events, results in request order; an event that can't be routed fails alone. */
  async validateMany(events: unknown[], target: ValidationTarget): Promise<ValidateResult[]> {
    const results: ValidateResult[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      try {
        const result = this.#validate(events[i], target, false);
        results[i] = result instanceof Promise ? await result : result;
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        this.#metrics.validations.add(['', '', 'unroutable']);
        results[i] = {
          valid: false,
          registry: target.registry ?? null,
          schema: target.schema ?? null,
          version: null,
          errors: entryErrors(error),
        };
      }
    }
    return results;
  }

  /** Synchronous while routes and versions are cached, so a batch awaits nothing per event. */
  #validate(
    event: unknown,
    target: ValidationTarget,
    shallow: boolean,
  ): ValidateResult | Promise<ValidateResult> {
    if (event === undefined) throw new AppError('invalid_request', { detail: 'An event is missing' });
    if (!shallow) {
      // one walk for both: nesting past the limit, and a number JSON.parse read as ±Infinity
      const screen = screenEvent(event, this.quotas.maxDepth);
      if (screen === 'too_deep') {
        throw new AppError('too_deep', {
          detail: `Events may nest at most ${this.quotas.maxDepth} levels deep`,
        });
      }
      if (screen === 'number_out_of_range') throw unstorableProblem(findOutOfRangeNumbers(event), 'event');
    }
    const routed = this.#routes.resolve(event, target);
    if (routed instanceof Promise) return routed.then((to) => this.#validateAt(to, event, target));
    return this.#validateAt(routed, event, target);
  }

  #validateAt(
    to: RouteTarget,
    event: unknown,
    target: ValidationTarget,
  ): ValidateResult | Promise<ValidateResult> {
    const version = typeof target.version === 'number' ? target.version : 'usable';
    const view = this.#views.get(to.registry, to.name, version);
    if (view instanceof Promise) return view.then((loaded) => this.#check(loaded, event));
    return this.#check(view, event);
  }

  #check(view: VersionView, event: unknown): ValidateResult {
    const { stored } = view;
    const { registry, name } = stored;
    if (stored.state === 'disabled') {
      throw new AppError('version_disabled', {
        detail: `Version ${stored.version} of ${registry}/${name} is disabled`,
      });
    }
    const errors = this.#validator(view).validate(event);
    view.outcomes ??= {
      valid: this.#metrics.validations.series([registry, name, 'valid']),
      invalid: this.#metrics.validations.series([registry, name, 'invalid']),
    };
    (errors ? view.outcomes.invalid : view.outcomes.valid).count++;
    const result: ValidateResult = {
      valid: errors === null,
      registry,
      schema: name,
      version: stored.version,
      errors: errors ?? [],
    };
    if (stored.state === 'deprecated') {
      result.warnings = [`Version ${stored.version} of ${registry}/${name} is deprecated`];
    }
    return result;
  }

  /** The view remembers its validator; the shared cache bounds how many stay compiled. */
  #validator(view: VersionView): CompiledValidator {
    if (view.validator) return view.validator;
    const { stored, references } = view;
    const key = validatorKey(stored.registry, stored.name, stored.version, stored.fingerprint);
    let validator = this.#cache.get(key);
    if (!validator) {
      validator = this.#cache.getOrCompile(key, () => ({
        input: { format: stored.format, schema: stored.content },
        references,
      }));
      this.#metrics.validatorCompiles.inc();
      this.#metrics.validatorCacheSize.set(this.#cache.size);
    }
    view.validator = validator;
    return validator;
  }
}
