import {
  type CompatibilityLimits,
  type CompiledValidator,
  estimateValidationMs,
  findOutOfRangeNumbers,
  type GateResult,
  measureEvent,
  measureSchemaCost,
  type ReferencedSchema,
  SchemaCompileError,
  type SchemaInput,
  screenEvent,
  type ValidationError,
  type ValidatorCache,
  validatorKey,
  versionResult,
  versionStatePolicy,
} from '@schemagate/core';
import { AppError } from '../errors.ts';
import type { CounterSeries } from '../metrics/fast-metrics.ts';
import type { Metrics } from '../metrics/index.ts';
import { unstorableProblem } from '../unstorable-problem.ts';
import {
  budgetExceeded,
  compilesInPool,
  inlineTextLimit,
  pooledSchema,
  schemaTooComplex,
  type ValidationPlan,
  type WorkBudget,
} from './budget.ts';
import type { RouteIndex, RouteTarget } from './route-index.ts';
import type { VersionView, VersionViews } from './version-views.ts';
import { type WorkPool, type WorkPoolLimits, workProblem } from './work-pool.ts';

/**
 * An estimate this many times over the budget is refused at once: estimates are upper bounds, so past twice the
 * budget the pool would most likely spend its whole time limit (and a worker) to say the same.
 */
const HOPELESS_FACTOR = 2;
/** A batch lets other requests in after this long on the event loop. */
const BATCH_SLICE_MS = 10;
/**
 * The registry and schema labels of an event refused before it reached a schema. Registry and schema names can't
 * hold the parentheses, so no registered name shares its series.
 */
export const UNKNOWN_LABEL = '(unknown)';
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ValidationTarget {
  registry?: string;
  schema?: string;
  version?: number | 'latest';
}

/** The registries the caller may route to (a key's `registries`); null or absent: every registry. */
export type Reach = ReadonlySet<string> | null | undefined;

/**
 * The view the previous event of a batch was checked against. Events of one batch mostly share a schema: the next
 * event routed to the same schema and version reuses the view instead of looking it up again. Reused only within
 * one turn of the event loop, during which no write can drop the view: the batch forgets it whenever it waits.
 */
interface RecentView {
  registry?: string;
  name?: string;
  version?: number | 'usable';
  view?: VersionView;
}

/** Records the second opinions of a schema's patterns in the pool; whether it recorded any. */
export type SecondOpinions = (
  input: SchemaInput,
  references: readonly ReferencedSchema[],
) => Promise<boolean>;

/** Core's verdict; the server's versions are numbered. */
export type ValidateResult = GateResult<number>;

export interface Quotas {
  maxBodyBytes: number;
  maxDepth: number;
  batch: { maxEvents: number; maxBytes: number };
  /** What work may cost: `schema` and `validation` (other kinds of work add their own entry). */
  limits: WorkBudget & {
    /** The engine's limits of one compatibility check, and the pool's hard limit around it. */
    compatibility: Required<CompatibilityLimits> & { hardLimitMs: number };
    pool: WorkPoolLimits;
  };
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
  readonly #refusals: CounterSeries;
  readonly #budget: WorkBudget;
  readonly #pool: WorkPool | undefined;
  readonly #secondOpinions: SecondOpinions | undefined;

  constructor(deps: {
    views: VersionViews;
    routes: RouteIndex;
    cache: ValidatorCache;
    metrics: Metrics;
    quotas: Quotas;
    /** Where costly validations and large schemas go; without one they are refused past the inline budget. */
    pool?: WorkPool;
    /** Records the second opinions a compile of this schema lacked (see `RegistryService.secondOpinions`). */
    secondOpinions?: SecondOpinions;
  }) {
    this.#views = deps.views;
    this.#routes = deps.routes;
    this.#cache = deps.cache;
    this.#metrics = deps.metrics;
    this.#refusals = deps.metrics.validations.series([UNKNOWN_LABEL, UNKNOWN_LABEL, 'unroutable']);
    this.quotas = deps.quotas;
    this.#budget = deps.quotas.limits;
    this.#pool = deps.pool;
    this.#secondOpinions = deps.secondOpinions;
  }

  /**
   * One event; routing and state problems are errors (4xx), a contract break is `valid: false`. Answers without a
   * promise while the event's route and version are cached. `shallow` says the caller has already proven that the
   * event nests no deeper than `quotas.maxDepth` and holds no number out of range (as `textNestsAtMost` and
   * `textMayHoldOutOfRangeNumber` tell from the body's text), so it is not walked again. `textLength` bounds the event's JSON text (the body's length will do): an event short enough
   * for its schema is validated at once, a longer one is measured first (see {@link ValidationPlan}).
   */
  validateOne(
    event: unknown,
    target: ValidationTarget,
    shallow = false,
    textLength = Number.POSITIVE_INFINITY,
    reach?: Reach,
  ): ValidateResult | Promise<ValidateResult> {
    try {
      const result = this.#validate(
        event,
        target,
        shallow,
        textLength,
        this.#budget.validation.budgetMs,
        reach,
      );
      if (!(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        this.#refused(error);
        throw error;
      });
    } catch (error) {
      this.#refused(error);
      throw error;
    }
  }

  /**
   * Counts an event refused before a verdict (no such schema, a disabled version, too deep...) under one series: the
   * names it asked for are the caller's, and a label per name would let any caller grow the metrics without end.
   * Answers whether the error is such a refusal (a 4xx), which a batch reports in the event's place.
   */
  #refused(error: unknown): error is AppError {
    if (!(error instanceof AppError) || error.status >= 500) return false;
    this.#refusals.count++;
    return true;
  }

  /**
   * Many events, results in request order; an event that can't be routed, or is over the budget on its own, fails
   * alone. `textLength` is the body's length, which bounds every event's. The batch lets other requests in every
   * few milliseconds, and one whose own work (the turns it gives others not counted) runs past the validation
   * budget is refused (422). `target` is every event's, or (an array) each event's own, as the gate's batch
   * entries name theirs.
   */
  async validateMany(
    events: readonly unknown[],
    target: ValidationTarget | readonly ValidationTarget[],
    textLength = Number.POSITIVE_INFINITY,
    reach?: Reach,
  ): Promise<ValidateResult[]> {
    const results: ValidateResult[] = new Array(events.length);
    const { budgetMs } = this.#budget.validation;
    // the batch's own work: its turns on the event loop and the waits for its events, not the turns it gives others
    let spent = 0;
    let turnStarted = performance.now();
    let now = turnStarted;
    const each = Array.isArray(target) ? (target as readonly ValidationTarget[]) : undefined;
    const recent: RecentView = {};
    for (let i = 0; i < events.length; i++) {
      const at = each ? each[i]! : (target as ValidationTarget);
      try {
        const left = budgetMs - spent - (now - turnStarted);
        const result = this.#validate(events[i], at, false, textLength, left, reach, recent);
        if (result instanceof Promise) {
          recent.view = undefined;
          results[i] = await result;
        } else {
          results[i] = result;
        }
      } catch (error) {
        if (!this.#refused(error)) throw error;
        results[i] = {
          valid: false,
          registry: at.registry ?? null,
          schema: at.schema ?? null,
          version: null,
          errors: entryErrors(error),
        };
      }
      now = performance.now();
      if (spent + (now - turnStarted) > budgetMs && i + 1 < events.length) {
        throw budgetExceeded(
          budgetMs,
          `The batch was still validating after ${i + 1} of ${events.length} events`,
        );
      }
      if (now - turnStarted > BATCH_SLICE_MS) {
        spent += now - turnStarted;
        await nextTurn();
        recent.view = undefined;
        turnStarted = now = performance.now();
      }
    }
    return results;
  }

  /** Synchronous while routes and versions are cached, so a batch awaits nothing per event. */
  #validate(
    event: unknown,
    target: ValidationTarget,
    shallow: boolean,
    textLength: number,
    timeLeftMs: number,
    reach: Reach,
    recent?: RecentView,
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
    const routed = this.#routes.resolve(event, target, reach);
    // what was recent when the routes had to be loaded may not be by the time they are
    if (routed instanceof Promise)
      return routed.then((to) => this.#validateAt(to, event, target, textLength, timeLeftMs));
    return this.#validateAt(routed, event, target, textLength, timeLeftMs, recent);
  }

  #validateAt(
    to: RouteTarget,
    event: unknown,
    target: ValidationTarget,
    textLength: number,
    timeLeftMs: number,
    recent?: RecentView,
  ): ValidateResult | Promise<ValidateResult> {
    const version = typeof target.version === 'number' ? target.version : 'usable';
    if (
      recent?.view &&
      recent.registry === to.registry &&
      recent.name === to.name &&
      recent.version === version
    )
      return this.#check(recent.view, event, textLength, timeLeftMs);
    const view = this.#views.get(to.registry, to.name, version);
    if (view instanceof Promise)
      return view.then((loaded) => this.#check(loaded, event, textLength, timeLeftMs));
    if (recent) {
      recent.registry = to.registry;
      recent.name = to.name;
      recent.version = version;
      recent.view = view;
    }
    return this.#check(view, event, textLength, timeLeftMs);
  }

  #check(
    view: VersionView,
    event: unknown,
    textLength: number,
    timeLeftMs: number,
  ): ValidateResult | Promise<ValidateResult> {
    const { stored } = view;
    const { refusal } = versionStatePolicy(stored);
    if (refusal) throw new AppError(refusal.code, { detail: refusal.detail });
    const plan = view.plan ?? this.#plan(view);
    // the usual case: an event too short to be costly for its schema, validated on the spot
    if (textLength <= plan.inlineUpTo) return this.#result(view, this.#validator(view).validate(event));
    return this.#checkCostly(view, plan, event, timeLeftMs);
  }

  /** An event that may be costly: measured, then validated here, in the pool under the time limit, or refused. */
  #checkCostly(
    view: VersionView,
    plan: ValidationPlan,
    event: unknown,
    timeLeftMs: number,
  ): ValidateResult | Promise<ValidateResult> {
    const { inlineMs, budgetMs } = this.#budget.validation;
    const hopelessMs = budgetMs * HOPELESS_FACTOR;
    // the walk stops once the part it has measured is past hope: a huge array need not be walked to be refused
    const estimateMs = estimateValidationMs(
      plan.cost,
      measureEvent(event, { cost: plan.cost, ms: hopelessMs }),
    );
    if (!plan.compileInPool && estimateMs <= inlineMs) {
      return this.#result(view, this.#validator(view).validate(event));
    }
    const pool = this.#pool;
    if (!pool || estimateMs > hopelessMs || timeLeftMs <= 0) {
      throw budgetExceeded(budgetMs, `Validating this event could take about ${Math.ceil(estimateMs)} ms`);
    }
    const { stored, references } = view;
    plan.pooled ??= pooledSchema(
      validatorKey(stored.registry, stored.name, stored.version, stored.fingerprint),
      { format: stored.format, schema: stored.content },
      references,
    );
    const timeoutMs = Math.max(1, Math.min(budgetMs, Math.ceil(timeLeftMs)));
    return pool.run('validate', { ...plan.pooled, event }, { timeoutMs }).then(
      (errors) => this.#result(view, errors),
      (error) => {
        throw workProblem(error, 'validation_budget_exceeded');
      },
    );
  }

  /** Decided once per version: what the schema costs, and how long an event may be before it is measured. */
  #plan(view: VersionView): ValidationPlan {
    const { stored, references } = view;
    const { schema: limits, validation } = this.#budget;
    const { cost, violations } = measureSchemaCost(
      { format: stored.format, schema: stored.content },
      references,
      limits,
    );
    // a version registered before these limits (or under looser ones) is refused, not run
    if (violations.length > 0) throw schemaTooComplex(violations);
    const compileInPool = this.#pool !== undefined && compilesInPool(cost, limits);
    const plan: ValidationPlan = {
      cost,
      compileInPool,
      inlineUpTo: compileInPool ? -1 : inlineTextLimit(cost, validation.inlineMs),
    };
    view.plan = plan;
    return plan;
  }

  #result(view: VersionView, errors: ValidationError[] | null): ValidateResult {
    const { stored } = view;
    const { registry, name } = stored;
    view.outcomes ??= {
      valid: this.#metrics.validations.series([registry, name, 'valid']),
      invalid: this.#metrics.validations.series([registry, name, 'invalid']),
    };
    (errors ? view.outcomes.invalid : view.outcomes.valid).count++;
    return versionResult(stored, errors);
  }

  /** The view remembers its validator; the shared cache bounds how many stay compiled. */
  #validator(view: VersionView): CompiledValidator {
    if (view.validator) return view.validator;
    const { stored, references } = view;
    const key = validatorKey(stored.registry, stored.name, stored.version, stored.fingerprint);
    let validator = this.#cache.get(key);
    if (!validator) {
      try {
        validator = this.#cache.getOrCompile(key, () => ({
          input: { format: stored.format, schema: stored.content },
          references,
        }));
      } catch (error) {
        // a version stored before the registry refused what it holds (a maximum of 1e400 reads back as null)
        if (!(error instanceof SchemaCompileError)) throw error;
        throw new AppError(error.code, {
          detail: `Version ${stored.version} of ${stored.registry}/${stored.name} is stored but does not compile (${error.message}); register a corrected version`,
        });
      }
      this.#metrics.validatorCompiles.inc();
      this.#metrics.validatorCacheSize.set(this.#cache.size);
      this.#compileAgainAfterOpinions(view, key, validator);
    }
    view.validator = validator;
    return validator;
  }

  /**
   * A version compiled here without the second opinions of its patterns (after a restart: its registration recorded
   * them in another process) runs the patterns that need one on re2js, the slower engine. The pool is asked for them
   * in the background; once any is recorded, the next event compiles the version again, and the patterns the
   * opinions allow run natively. A version whose patterns need none asks nothing.
   */
  #compileAgainAfterOpinions(view: VersionView, key: string, validator: CompiledValidator): void {
    const ask = this.#secondOpinions;
    if (!ask) return;
    const { stored, references } = view;
    ask({ format: stored.format, schema: stored.content }, references).then(
      (recorded) => {
        if (!recorded) return;
        if (view.validator === validator) view.validator = undefined;
        if (this.#cache.get(key) === validator) this.#cache.deleteWhere((k) => k === key);
      },
      () => {},
    );
  }
}
