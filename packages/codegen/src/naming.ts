import type { BindingInput } from './binding-input.ts';

/**
 * Identifiers the generated module declares itself, plus global types a schema type must not shadow.
 * A schema whose type name would be one of these gets the suffix `Event`.
 */
const RESERVED_TYPE_NAMES = new Set([
  'EventBridgeEvent',
  'OptionalEnvelopeFields',
  'ValidationIssue',
  'SchemaValidationError',
  'SchemaTypes',
  'SchemaName',
  'SchemaBinding',
  'Array',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Promise',
  'Record',
  'RegExp',
  'Set',
  'String',
  'Symbol',
]);

/** `order-placed.v2` -> `OrderPlacedV2`: words split on anything but letters and digits, first letters raised. */
export function toPascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * The TypeScript type name for a schema name, before collisions are considered:
 * the part after the last `@` (EventBridge's `source@DetailType` convention) or the whole name,
 * in PascalCase; `Schema` in front when it would start with a digit or be empty; `Event` after
 * when it would shadow a name the module or the language already uses.
 *
 * @example typeNameForSchema('orders@OrderPlaced') // 'OrderPlaced'
 * @example typeNameForSchema('aws.ec2@EC2 Instance State-change Notification') // 'EC2InstanceStateChangeNotification'
 */
export function typeNameForSchema(schemaName: string): string {
  const at = schemaName.lastIndexOf('@');
  const detail = at >= 0 && at < schemaName.length - 1 ? schemaName.slice(at + 1) : schemaName;
  let name = toPascalCase(detail);
  if (name === '' || /^[0-9]/.test(name)) name = `Schema${name}`;
  if (RESERVED_TYPE_NAMES.has(name)) name = `${name}Event`;
  return name;
}

/** The key that identifies an input within one generation run. */
export function bindingKey(input: Pick<BindingInput, 'registry' | 'name' | 'version'>): string {
  return `${input.registry}/${input.name}/${input.version}`;
}

/**
 * Type names for a whole set, unique within it. Collisions are settled in steps, each applied only to
 * the names that still collide: (1) older versions of a schema present with a newer one get `V<version>`;
 * (2) two schemas with the same detail part are qualified with their source part
 * (`billing@Paid` and `orders@Paid` -> `BillingPaid`, `OrdersPaid`); (3) same names in different
 * registries are qualified with the registry; (4) anything left gets a counter, in sorted input order.
 */
export function assignTypeNames(inputs: readonly BindingInput[]): Map<string, string> {
  const newestVersion = new Map<string, BindingInput['version']>();
  for (const input of inputs) {
    const schemaKey = `${input.registry}/${input.name}`;
    const seen = newestVersion.get(schemaKey);
    if (seen === undefined || compareVersions(input.version, seen) > 0)
      newestVersion.set(schemaKey, input.version);
  }
  const candidates = inputs.map((input) => {
    const isNewest = newestVersion.get(`${input.registry}/${input.name}`) === input.version;
    const versionSuffix = isNewest ? '' : `V${toPascalCase(String(input.version))}`;
    return { input, base: typeNameForSchema(input.name), versionSuffix, qualifier: '' };
  });

  const nameOf = (c: (typeof candidates)[number]) => `${c.qualifier}${c.base}${c.versionSuffix}`;
  const qualifyCollisions = (qualify: (input: BindingInput) => string) => {
    for (const group of collisionGroups(candidates, nameOf)) {
      for (const c of group) c.qualifier = qualify(c.input) + c.qualifier;
    }
  };
  qualifyCollisions((input) => {
    const at = input.name.lastIndexOf('@');
    return at > 0 ? toPascalCase(input.name.slice(0, at)) : '';
  });
  qualifyCollisions((input) => toPascalCase(input.registry));

  const names = new Map<string, string>();
  for (const group of collisionGroups(candidates, nameOf)) {
    group.forEach((c, index) => {
      if (index > 0) c.versionSuffix += String(index + 1);
    });
  }
  for (const c of candidates) names.set(bindingKey(c.input), nameOf(c));
  return names;
}

function collisionGroups<T extends { input: BindingInput }>(items: T[], nameOf: (item: T) => string): T[][] {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    const name = nameOf(item);
    byName.set(name, [...(byName.get(name) ?? []), item]);
  }
  return [...byName.values()]
    .filter((group) => group.length > 1)
    .map((group) => group.sort((a, b) => compareInputs(a.input, b.input)));
}

/** Numeric versions compare as numbers, anything else as text, so `10` sorts after `9`. */
export function compareVersions(a: BindingInput['version'], b: BindingInput['version']): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The order generated code follows, whatever order the inputs came in. */
export function compareInputs(a: BindingInput, b: BindingInput): number {
  if (a.registry !== b.registry) return a.registry < b.registry ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return compareVersions(a.version, b.version);
}
