import type { Config } from '../config.ts';
import type { Metrics } from '../metrics/index.ts';
import type { ApiKeyPrincipal } from '../middleware/auth.ts';
import { KeyRateLimiter, type RateLimitView } from './key-rate-limiter.ts';
import { LoadShedder } from './load-shedding.ts';
import type { RateLimit } from './token-bucket.ts';

/** The limits the server enforces besides body and batch sizes; `/v1/quotas` shows the caller its own. */
export interface ServerLimits {
  /** Every key's requests (none in `SCHEMAGATE_AUTH=off`). */
  rate: KeyRateLimiter;
  /** Every key's registrations, a bucket of `perMinute` refilled over a minute; null: not limited. */
  registrations: KeyRateLimiter | null;
  registration: { maxSchemaBytes: number; maxVersionsPerSchema: number; perMinute: number | null };
  shedding: LoadShedder;
}

export interface ServerLimitsOptions {
  /** A monotonic clock in milliseconds for the buckets. */
  now?: () => number;
  /** The event-loop lag in seconds. */
  lagSeconds: () => number;
}

/** The default bucket: `SCHEMAGATE_RATE_LIMIT` a second, bursts of `SCHEMAGATE_RATE_BURST` (default: 2 s worth). */
export function defaultRateLimit(config: Config): RateLimit | null {
  const perSecond = config.SCHEMAGATE_RATE_LIMIT;
  if (perSecond <= 0) return null;
  return { perSecond, burst: config.SCHEMAGATE_RATE_BURST ?? Math.max(1, Math.ceil(perSecond * 2)) };
}

export function createServerLimits(
  config: Config,
  metrics: Metrics,
  options: ServerLimitsOptions,
): ServerLimits {
  const perMinute = config.SCHEMAGATE_REGISTRATIONS_PER_MINUTE;
  const now = options.now;
  return {
    rate: new KeyRateLimiter({
      defaults: defaultRateLimit(config),
      throttled: metrics.throttled.series(['rate_limit']),
      ...(now ? { now } : {}),
    }),
    registrations:
      perMinute > 0
        ? new KeyRateLimiter({
            defaults: { perSecond: perMinute / 60, burst: perMinute },
            throttled: metrics.throttled.series(['registration_limit']),
            policyName: 'registrations',
            detail: (_, seconds) =>
              `This key may register ${perMinute} versions a minute (registrationsPerMinute); retry in ${seconds} s`,
            ...(now ? { now } : {}),
          })
        : null,
    registration: {
      maxSchemaBytes: config.SCHEMAGATE_MAX_SCHEMA_BYTES,
      maxVersionsPerSchema: config.SCHEMAGATE_MAX_VERSIONS_PER_SCHEMA,
      perMinute: perMinute > 0 ? perMinute : null,
    },
    shedding: new LoadShedder({
      thresholdMs: config.SCHEMAGATE_SHED_LAG_MS,
      lagSeconds: options.lagSeconds,
      throttled: metrics.throttled.series(['overload']),
    }),
  };
}

const OFF: RateLimitView = {
  source: 'off',
  perSecond: null,
  burst: null,
  remaining: null,
  policy: null,
  perReplica: true,
};

/** What `/v1/quotas` adds for the calling key: its bucket, the registration limits and the shedding threshold. */
export function quotasFor(
  limits: ServerLimits,
  principal: ApiKeyPrincipal | undefined,
  authDisabled: boolean,
) {
  return {
    rateLimit: principal && !authDisabled ? limits.rate.view(principal) : OFF,
    registration: authDisabled ? { ...limits.registration, perMinute: null } : limits.registration,
    shedding: { lagMs: limits.shedding.thresholdMs },
  };
}
