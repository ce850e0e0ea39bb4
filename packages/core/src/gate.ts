/**
 * What the gate decides, written once: which schema an event routes to, what a version's state means for
 * validation, and the shape of the verdict. The server's `POST /v1/validate`, the SDK's `createValidator`,
 * `parseEvent` and the helpers over generated bindings all decide through this module.
 */
import { isPlainObject } from './dialect.ts';
import type { RouteKeys } from './route-keys.ts';
import { findOutOfRangeNumbers } from './storable-json.ts';
import type { ValidationError } from './validation-error.ts';

/** One reason an event was refused: `path` is a JSON Pointer into the event. */
export type ValidationIssue = ValidationError;

/** The gate's verdict on one event: the schema version it was checked against (null where none), and why not. */
export interface GateResult<Version extends number | string = number | string> {
  valid: boolean;
  registry: string | null;
  schema: string | null;
  version: Version | null;
  errors: ValidationIssue[];
  /** E.g. the version is deprecated. */
  warnings?: string[];
}

/**
 * Why an event could not be validated at all. The server answers these as problems (404, 409, 422); in a
 * batch, and from the SDK, they are a result with `valid: false` and one issue whose keyword is the code.
 */
export type RefusalCode = 'no_schema_for_event' | 'ambiguous_route' | 'version_disabled';

export interface GateRefusal {
  code: RefusalCode;
  detail: string;
}

/** A refusal as a verdict: `valid: false`, one issue at the event's root whose keyword is the refusal's code. */
export function refusalResult<Version extends number | string>(
  refusal: GateRefusal,
  at: { registry?: string | null; schema?: string | null; version?: Version | null } = {},
): GateResult<Version> {
  return {
    valid: false,
    registry: at.registry ?? null,
    schema: at.schema ?? null,
    version: at.version ?? null,
    errors: [{ path: '', keyword: refusal.code, message: refusal.detail, schemaPath: '' }],
  };
}

/**
 * The verdict on an event holding a number JSON cannot write back (±Infinity, what `JSON.parse` makes of `1e400`,
 * or NaN), or `undefined` when it holds none. The server refuses such an event before routing it
 * (`number_out_of_range`, 422; in a batch, one issue per number with that keyword), since stored or forwarded it
 * would read back as `null`; the SDK refuses it the same way, so that a local check does not pass what the gate
 * will not take. Walks the whole event.
 */
export function outOfRangeResult(
  event: unknown,
  at: { registry?: string | null; schema?: string | null } = {},
): GateResult | undefined {
  const found = findOutOfRangeNumbers(event);
  if (found.length === 0) return undefined;
  return {
    valid: false,
    registry: at.registry ?? null,
    schema: at.schema ?? null,
    version: null,
    errors: found.map(({ path, code, message }) => ({ path, keyword: code, message, schemaPath: '' })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Version states

/** The states that validate: `deprecated` with a warning. `disabled` refuses. */
export const USABLE_VERSION_STATES = ['active', 'deprecated'] as const;

/** True when a version in this state validates events. */
export function isUsableState(state: string): boolean {
  return (USABLE_VERSION_STATES as readonly string[]).includes(state);
}

/** A version as the policy reads it. */
export interface VersionIdentity {
  registry: string;
  name: string;
  version: number | string;
  state: string;
}

/**
 * What a version's state means for an event checked against it: a refusal (`disabled`), or the warnings the
 * verdict carries (`deprecated`: one; `active`: none).
 */
export function versionStatePolicy(
  version: VersionIdentity,
): { refusal: GateRefusal } | { refusal?: undefined; warnings: string[] } {
  // asked once or twice per validated event: the usual, active version builds no text
  if (version.state === 'active') return { warnings: [] };
  const label = `Version ${version.version} of ${version.registry}/${version.name}`;
  if (!isUsableState(version.state)) {
    return { refusal: { code: 'version_disabled', detail: `${label} is disabled` } };
  }
  return { warnings: version.state === 'deprecated' ? [`${label} is deprecated`] : [] };
}

/** The refusal when a schema has versions but none that validates. */
export function noUsableVersion(registry: string, name: string): GateRefusal {
  return { code: 'version_disabled', detail: `Every version of ${registry}/${name} is disabled` };
}

/**
 * The verdict for an event checked against a version: `errors` as the compiled validator found them (null or
 * empty for none), with the state's warnings; a disabled version is refused whatever the errors.
 */
export function versionResult<Version extends number | string>(
  version: VersionIdentity & { version: Version },
  errors: ValidationIssue[] | null,
): GateResult<Version> {
  const policy = versionStatePolicy(version);
  if (policy.refusal) {
    return refusalResult(policy.refusal, {
      registry: version.registry,
      schema: version.name,
      version: version.version,
    });
  }
  // one verdict per event of a batch: members written out, in the order the answer shows them
  const result: GateResult<Version> = {
    valid: !errors || errors.length === 0,
    registry: version.registry,
    schema: version.name,
    version: version.version,
    errors: errors ?? [],
  };
  if (policy.warnings.length > 0) result.warnings = policy.warnings;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Routing

/** What an event is routed by, by the first rule that applies to it. */
export type EventRoute =
  | { by: 'schema'; schema: string }
  | { by: 'envelope'; source: string; detailType: string }
  | { by: 'cloudevent'; type: string; dataschema?: string };

/**
 * The routing fields of an event: an explicit schema name first; else an EventBridge envelope (string `source`
 * and `detail-type`); else a CloudEvent (string `type` beside a `specversion`, and its `dataschema` when it is a
 * string). Undefined when none applies.
 */
export function eventRoute(
  event: unknown,
  explicit: { schema?: string | undefined } = {},
): EventRoute | undefined {
  if (explicit.schema !== undefined) return { by: 'schema', schema: explicit.schema };
  if (!isPlainObject(event)) return undefined;
  const { source, 'detail-type': detailType, type, dataschema } = event;
  if (typeof source === 'string' && typeof detailType === 'string') {
    return { by: 'envelope', source, detailType };
  }
  if (typeof type === 'string' && Object.hasOwn(event, 'specversion')) {
    return typeof dataschema === 'string'
      ? { by: 'cloudevent', type, dataschema }
      : { by: 'cloudevent', type };
  }
  return undefined;
}

/** A route in words, for a refusal that says it led nowhere or to several schemas. */
export function describeRoute(route: EventRoute): string {
  switch (route.by) {
    case 'schema':
      return `schema \`${route.schema}\``;
    case 'envelope':
      return `source \`${route.source}\` and detail-type \`${route.detailType}\``;
    case 'cloudevent':
      return route.dataschema === undefined
        ? `CloudEvents type \`${route.type}\``
        : `CloudEvents type \`${route.type}\` (dataschema \`${route.dataschema}\`)`;
  }
}

/** A schema that events may be routed to: its name, its route keys and what the caller wants back. */
export interface RouteEntry<Target> {
  registry: string;
  name: string;
  keys: RouteKeys;
  target: Target;
}

/** Where an event goes: one target, or the refusal (with the targets that matched, when several did). */
export type RouteMatch<Target> =
  | { ok: true; target: Target; route: EventRoute }
  | { ok: false; refusal: GateRefusal; candidates: Target[] };

const UNROUTABLE: GateRefusal = {
  code: 'no_schema_for_event',
  detail:
    'Name the schema, or send an EventBridge event (source, detail-type) or a CloudEvent (specversion, type)',
};

/**
 * The routing rule over a set of schemas, indexed once so that matching an event costs a few map lookups.
 *
 * An explicit schema name matches by name. An EventBridge envelope matches the schemas whose keys pin both its
 * `source` and its `detail-type`. A CloudEvent matches the schemas whose `$id` is its `dataschema`, or, when none
 * is, the schemas that pin its `type`. Exactly one match routes; none is `no_schema_for_event`, several are
 * `ambiguous_route` (name the registry or the schema). `where` narrows the entries first: to one registry, and to
 * the `registries` a caller may reach (a schema outside them matches as if it were not registered).
 */
export class RouteTable<Target> {
  readonly #byName = new Map<string, RouteEntry<Target>[]>();
  readonly #byEnvelope = new Map<string, Map<string, RouteEntry<Target>[]>>();
  readonly #byCloudEventType = new Map<string, RouteEntry<Target>[]>();
  readonly #bySchemaUri = new Map<string, RouteEntry<Target>[]>();

  constructor(entries: Iterable<RouteEntry<Target>>) {
    for (const entry of entries) {
      const { source, detailType, cloudEventType, schemaUri } = entry.keys;
      add(this.#byName, entry.name, entry);
      if (source !== undefined && detailType !== undefined) {
        let byDetailType = this.#byEnvelope.get(source);
        if (!byDetailType) {
          byDetailType = new Map();
          this.#byEnvelope.set(source, byDetailType);
        }
        add(byDetailType, detailType, entry);
      }
      if (cloudEventType !== undefined) add(this.#byCloudEventType, cloudEventType, entry);
      if (schemaUri !== undefined) add(this.#bySchemaUri, schemaUri, entry);
    }
  }

  match(
    event: unknown,
    explicit: { schema?: string | undefined } = {},
    where?: { registry?: string | undefined; registries?: ReadonlySet<string> | null | undefined },
  ): RouteMatch<Target> {
    const route = eventRoute(event, explicit);
    if (!route) return { ok: false, refusal: UNROUTABLE, candidates: [] };
    const registry = where?.registry;
    const registries = where?.registries;
    let found: readonly RouteEntry<Target>[];
    if (route.by === 'schema') found = narrowed(this.#byName.get(route.schema), registry, registries);
    else if (route.by === 'envelope') {
      const byDetailType = this.#byEnvelope.get(route.source)?.get(route.detailType);
      found = narrowed(byDetailType, registry, registries);
    } else {
      found =
        route.dataschema === undefined
          ? NONE
          : narrowed(this.#bySchemaUri.get(route.dataschema), registry, registries);
      if (found.length === 0) found = narrowed(this.#byCloudEventType.get(route.type), registry, registries);
    }
    if (found.length === 1) return { ok: true, target: found[0]!.target, route };
    const candidates = found.map((entry) => entry.target);
    if (found.length === 0) {
      const inRegistry = registry === undefined ? '' : ` in registry \`${registry}\``;
      return {
        ok: false,
        refusal: {
          code: 'no_schema_for_event',
          detail: `No schema is registered for ${describeRoute(route)}${inRegistry}`,
        },
        candidates,
      };
    }
    const names = found.map((entry) => `${entry.registry}/${entry.name}`).join(', ');
    return {
      ok: false,
      refusal: {
        code: 'ambiguous_route',
        detail: `Several schemas match ${describeRoute(route)} (${names}): name the registry or the schema`,
      },
      candidates,
    };
  }
}

const NONE: readonly never[] = [];

/**
 * The entries in `registry` (when named) and in `registries` (when the caller is held to some). Matched once per
 * event: with nothing to narrow by, the table's own list is answered as it is, not copied.
 */
function narrowed<Target>(
  found: readonly RouteEntry<Target>[] | undefined,
  registry: string | undefined,
  registries: ReadonlySet<string> | null | undefined,
): readonly RouteEntry<Target>[] {
  if (!found) return NONE;
  if (registry === undefined && !registries) return found;
  return found.filter(
    (entry) =>
      (registry === undefined || entry.registry === registry) &&
      (!registries || registries.has(entry.registry)),
  );
}

function add<Value>(map: Map<string, Value[]>, key: string, value: Value): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
