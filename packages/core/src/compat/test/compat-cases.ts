/**
 * Schema pairs with the breaking change types expected when the second replaces the first. `backward`
 * lists what breaks a reader of the new schema reading old data, `forward` the reverse; an empty list
 * means compatible. `lenient` overrides both under the lenient policy when it differs.
 */
export interface CompatCase {
  name: string;
  old: unknown;
  new: unknown;
  backward: string[];
  forward: string[];
  lenient?: { backward: string[]; forward: string[] };
  format?: 'jsonschema' | 'openapi3';
  references?: Array<{ uri: string; schema: unknown }>;
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});
const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  obj(properties, { additionalProperties: false, ...extra });
const S = { type: 'string' };
const I = { type: 'integer' };
const N = { type: 'number' };
const B = { type: 'boolean' };
const D4 = 'http://json-schema.org/draft-04/schema#';
const D7 = 'http://json-schema.org/draft-07/schema#';
const D19 = 'https://json-schema.org/draft/2019-09/schema';
const none: string[] = [];

function c(
  name: string,
  old: unknown,
  next: unknown,
  backward: string[],
  forward: string[],
  extra: Partial<CompatCase> = {},
): CompatCase {
  return { name, old, new: next, backward, forward, ...extra };
}

export const CASES: CompatCase[] = [
  // identical and annotation-only
  c('identical object', obj({ a: S }), obj({ a: S }), none, none),
  c('description changed', { ...S, description: 'x' }, { ...S, description: 'y' }, none, none),
  c('title added', S, { ...S, title: 'Name' }, none, none),
  c('default changed', { ...I, default: 1 }, { ...I, default: 2 }, none, none),
  c('vendor keyword added', S, { ...S, 'x-owner': 'team' }, none, none),
  c(
    'anything to empty schema',
    obj({ a: S }),
    {},
    none,
    ['TYPE_NARROWED', 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    {
      lenient: { backward: none, forward: ['TYPE_NARROWED'] },
    },
  ),
  c('empty to false', {}, false, ['TYPE_NARROWED'], none),
  // types
  c('string to number', S, N, ['TYPE_CHANGED'], ['TYPE_CHANGED']),
  c('integer to number', I, N, none, ['TYPE_NARROWED']),
  c('string to string|null', S, { type: ['string', 'null'] }, none, ['TYPE_NARROWED']),
  c('string|null to string', { type: ['string', 'null'] }, S, ['TYPE_NARROWED'], none),
  c('type added to untyped', {}, S, ['TYPE_NARROWED'], none),
  c('type removed', B, {}, none, ['TYPE_NARROWED']),
  c('boolean to integer', B, I, ['TYPE_CHANGED'], ['TYPE_CHANGED']),
  c(
    'number|string to number|boolean',
    { type: ['number', 'string'] },
    { type: ['number', 'boolean'] },
    ['TYPE_CHANGED'],
    ['TYPE_CHANGED'],
  ),
  // strings
  c('maxLength decreased', { ...S, maxLength: 10 }, { ...S, maxLength: 5 }, ['MAX_LENGTH_DECREASED'], none),
  c('maxLength increased', { ...S, maxLength: 5 }, { ...S, maxLength: 10 }, none, ['MAX_LENGTH_DECREASED']),
  c('maxLength added', S, { ...S, maxLength: 5 }, ['MAX_LENGTH_ADDED'], none),
  c('maxLength removed', { ...S, maxLength: 5 }, S, none, ['MAX_LENGTH_ADDED']),
  c('minLength increased', { ...S, minLength: 1 }, { ...S, minLength: 3 }, ['MIN_LENGTH_INCREASED'], none),
  c('minLength added', S, { ...S, minLength: 2 }, ['MIN_LENGTH_ADDED'], none),
  c('minLength 0 added', S, { ...S, minLength: 0 }, none, none),
  c('pattern added', S, { ...S, pattern: '^[a-z]+$' }, ['PATTERN_ADDED'], none),
  c(
    'pattern changed',
    { ...S, pattern: '^a' },
    { ...S, pattern: '^b' },
    ['PATTERN_CHANGED'],
    ['PATTERN_CHANGED'],
  ),
  c('pattern removed', { ...S, pattern: '^a' }, S, none, ['PATTERN_ADDED']),
  c('format added', S, { ...S, format: 'email' }, ['FORMAT_ADDED'], none),
  c(
    'format changed',
    { ...S, format: 'email' },
    { ...S, format: 'uuid' },
    ['FORMAT_CHANGED'],
    ['FORMAT_CHANGED'],
  ),
  // numbers
  c('maximum decreased', { ...N, maximum: 10 }, { ...N, maximum: 5 }, ['MAXIMUM_DECREASED'], none),
  c('maximum added', N, { ...N, maximum: 5 }, ['MAXIMUM_ADDED'], none),
  c('maximum removed', { ...N, maximum: 5 }, N, none, ['MAXIMUM_ADDED']),
  c('minimum increased', { ...I, minimum: 0 }, { ...I, minimum: 1 }, ['MINIMUM_INCREASED'], none),
  c('minimum decreased', { ...I, minimum: 1 }, { ...I, minimum: 0 }, none, ['MINIMUM_INCREASED']),
  c(
    'exclusiveMaximum added at same bound',
    { ...N, maximum: 10 },
    { ...N, exclusiveMaximum: 10 },
    ['EXCLUSIVE_MAXIMUM_ADDED'],
    none,
  ),
  c('maximum to wider exclusiveMaximum', { ...N, maximum: 10 }, { ...N, exclusiveMaximum: 11 }, none, [
    'MAXIMUM_ADDED',
  ]),
  c(
    'exclusiveMinimum increased',
    { ...N, exclusiveMinimum: 0 },
    { ...N, exclusiveMinimum: 5 },
    ['EXCLUSIVE_MINIMUM_INCREASED'],
    none,
  ),
  c(
    'draft-04 exclusiveMaximum boolean added',
    { $schema: D4, ...N, maximum: 10 },
    { $schema: D4, ...N, maximum: 10, exclusiveMaximum: true },
    ['EXCLUSIVE_MAXIMUM_ADDED'],
    none,
  ),
  c('multipleOf added', I, { ...I, multipleOf: 5 }, ['MULTIPLE_OF_ADDED'], none),
  c('multipleOf reduced to a divisor', { ...I, multipleOf: 10 }, { ...I, multipleOf: 5 }, none, [
    'MULTIPLE_OF_EXPANDED',
  ]),
  c(
    'multipleOf changed',
    { ...I, multipleOf: 3 },
    { ...I, multipleOf: 5 },
    ['MULTIPLE_OF_EXPANDED'],
    ['MULTIPLE_OF_CHANGED'],
  ),
  c('multipleOf removed', { ...N, multipleOf: 0.5 }, N, none, ['MULTIPLE_OF_ADDED']),
  // enums and const
  c('enum narrowed', { enum: ['a', 'b', 'c'] }, { enum: ['a', 'b'] }, ['ENUM_ARRAY_NARROWED'], none),
  c('enum extended', { enum: ['a'] }, { enum: ['a', 'b'] }, none, ['ENUM_ARRAY_NARROWED']),
  c(
    'enum changed',
    { enum: ['a', 'b'] },
    { enum: ['a', 'c'] },
    ['ENUM_ARRAY_CHANGED'],
    ['ENUM_ARRAY_CHANGED'],
  ),
  c('enum added', S, { ...S, enum: ['a'] }, ['ENUM_ARRAY_NARROWED'], none),
  c('enum removed', { ...S, enum: ['a'] }, S, none, ['ENUM_ARRAY_NARROWED']),
  c('const changed', { const: 'v1' }, { const: 'v2' }, ['ENUM_ARRAY_CHANGED'], ['ENUM_ARRAY_CHANGED']),
  c('const to enum containing it', { const: 'v1' }, { enum: ['v1', 'v2'] }, none, ['ENUM_ARRAY_NARROWED']),
  c('boolean to enum of both', B, { ...B, enum: [true, false] }, none, none),
  c(
    'object enum value removed',
    { enum: [{ a: 1 }, { a: 2 }] },
    { enum: [{ a: 1 }] },
    ['ENUM_ARRAY_NARROWED'],
    none,
  ),
  // open content model properties
  c(
    'optional property added to open',
    obj({ a: S }),
    obj({ a: S, b: I }),
    ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    none,
    {
      lenient: { backward: none, forward: none },
    },
  ),
  c(
    'optional property removed from open',
    obj({ a: S, b: I }),
    obj({ a: S }),
    none,
    ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    {
      lenient: { backward: none, forward: none },
    },
  ),
  c('property with empty schema added to open', obj({ a: S }), obj({ a: S, b: {} }), none, none),
  c(
    'required property added to open',
    obj({ a: S }),
    obj({ a: S, b: I }, { required: ['b'] }),
    ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'REQUIRED_ATTRIBUTE_ADDED'],
    none,
    {
      lenient: { backward: ['REQUIRED_ATTRIBUTE_ADDED'], forward: none },
    },
  ),
  c(
    'existing property made required',
    obj({ a: S }),
    obj({ a: S }, { required: ['a'] }),
    ['REQUIRED_ATTRIBUTE_ADDED'],
    none,
  ),
  c(
    'required with default added',
    obj({ a: { ...S, default: 'x' } }),
    obj({ a: { ...S, default: 'x' } }, { required: ['a'] }),
    none,
    none,
  ),
  c('required removed', obj({ a: S }, { required: ['a'] }), obj({ a: S }), none, [
    'REQUIRED_ATTRIBUTE_ADDED',
  ]),
  c(
    'property type narrowed',
    obj({ a: { type: ['string', 'null'] } }),
    obj({ a: S }),
    ['TYPE_NARROWED'],
    none,
  ),
  c(
    'nested property maxLength',
    obj({ a: obj({ b: { ...S, maxLength: 9 } }) }),
    obj({ a: obj({ b: { ...S, maxLength: 3 } }) }),
    ['MAX_LENGTH_DECREASED'],
    none,
  ),
  c(
    'nested required added',
    obj({ a: obj({ b: S }) }, { required: ['a'] }),
    obj({ a: obj({ b: S }, { required: ['b'] }) }, { required: ['a'] }),
    ['REQUIRED_ATTRIBUTE_ADDED'],
    none,
  ),
  // closed content model
  c('optional property added to closed', closed({ a: S }), closed({ a: S, b: I }), none, [
    'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  ]),
  c(
    'required property added to closed',
    closed({ a: S }),
    closed({ a: S, b: I }, { required: ['b'] }),
    ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'],
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c(
    'required property with default added to closed',
    closed({ a: S }),
    closed({ a: S, b: { ...I, default: 0 } }, { required: ['b'] }),
    none,
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c(
    'property removed from closed',
    closed({ a: S, b: I }),
    closed({ a: S }),
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    none,
  ),
  c(
    'property renamed in closed',
    closed({ a: S }),
    closed({ b: S }),
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c('property with false added to closed', closed({ a: S }), closed({ a: S, b: false }), none, none),
  c('open to closed', obj({ a: S }), closed({ a: S }), ['ADDITIONAL_PROPERTIES_REMOVED'], none, {
    lenient: { backward: none, forward: none },
  }),
  c('closed to open', closed({ a: S }), obj({ a: S }), none, ['ADDITIONAL_PROPERTIES_REMOVED'], {
    lenient: { backward: none, forward: none },
  }),
  c(
    'draft-07 closed property removed',
    { $schema: D7, ...closed({ a: S, b: S }) },
    { $schema: D7, ...closed({ a: S }) },
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    none,
  ),
  c(
    'unevaluatedProperties false like closed',
    obj({ a: S, b: I }, { unevaluatedProperties: false }),
    obj({ a: S }, { unevaluatedProperties: false }),
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    none,
  ),
  c(
    'unevaluatedProperties over allOf changed',
    {
      allOf: [obj({ a: S }), { required: ['a'] }],
      properties: { x: {} },
      anyOf: [obj({ a: S }), obj({ b: S })],
      unevaluatedProperties: false,
    },
    {
      allOf: [obj({ a: S }), { required: ['a'] }],
      properties: { x: {} },
      anyOf: [obj({ a: S }), obj({ c: S })],
      unevaluatedProperties: false,
    },
    ['UNDECIDED'],
    ['UNDECIDED'],
  ),
  // partially open content model
  c(
    'property added covered by additionalProperties schema',
    obj({ a: S }, { additionalProperties: S }),
    obj({ a: S, b: { ...S, maxLength: 5 } }, { additionalProperties: S }),
    ['PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'MAX_LENGTH_ADDED'],
    none,
    {
      lenient: { backward: none, forward: none },
    },
  ),
  c(
    'property added wider than additionalProperties',
    obj({ a: S }, { additionalProperties: S }),
    obj({ a: S, b: { type: ['string', 'null'] } }, { additionalProperties: S }),
    none,
    ['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_NARROWED'],
  ),
  c(
    'property removed covered by patternProperties',
    obj({ s_a: S }, { patternProperties: { '^s_': S }, additionalProperties: false }),
    obj({}, { patternProperties: { '^s_': S }, additionalProperties: false }),
    none,
    none,
  ),
  c(
    'property removed not covered by patternProperties',
    obj({ n_a: I }, { patternProperties: { '^s_': S }, additionalProperties: false }),
    obj({}, { patternProperties: { '^s_': S }, additionalProperties: false }),
    ['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'TYPE_NARROWED'],
    none,
  ),
  c(
    'patternProperties schema narrowed',
    obj({}, { patternProperties: { '^s_': S } }),
    obj({}, { patternProperties: { '^s_': { ...S, maxLength: 2 } } }),
    ['MAX_LENGTH_ADDED'],
    none,
  ),
  c(
    'patternProperties added to open',
    obj({ a: S }),
    obj({ a: S }, { patternProperties: { '^n_': I } }),
    ['TYPE_NARROWED'],
    none,
    { lenient: { backward: none, forward: none } },
  ),
  c(
    'additionalProperties schema narrowed',
    obj({}, { additionalProperties: { type: ['string', 'integer'] } }),
    obj({}, { additionalProperties: S }),
    ['ADDITIONAL_PROPERTIES_NARROWED', 'TYPE_NARROWED'],
    none,
    { lenient: { backward: none, forward: none } },
  ),
  c(
    'additionalProperties schema extended',
    obj({}, { additionalProperties: S }),
    obj({}, { additionalProperties: true }),
    none,
    ['ADDITIONAL_PROPERTIES_NARROWED', 'TYPE_NARROWED'],
    { lenient: { backward: none, forward: none } },
  ),
  c(
    'additionalProperties false to schema',
    closed({ a: S }),
    obj({ a: S }, { additionalProperties: I }),
    none,
    ['ADDITIONAL_PROPERTIES_REMOVED'],
    { lenient: { backward: none, forward: none } },
  ),
  // property counts and dependencies
  c(
    'maxProperties decreased',
    obj({}, { maxProperties: 5 }),
    obj({}, { maxProperties: 2 }),
    ['MAX_PROPERTIES_DECREASED'],
    none,
  ),
  c('minProperties added', obj({}), obj({}, { minProperties: 1 }), ['MIN_PROPERTIES_ADDED'], none),
  c('minProperties removed', obj({}, { minProperties: 1 }), obj({}), none, ['MIN_PROPERTIES_ADDED']),
  c(
    'dependentRequired added',
    obj({ a: S, b: S }),
    obj({ a: S, b: S }, { dependentRequired: { a: ['b'] } }),
    ['DEPENDENCY_ARRAY_ADDED'],
    none,
  ),
  c(
    'dependentRequired extended',
    obj({ a: S, b: S, c: S }, { dependentRequired: { a: ['b'] } }),
    obj({ a: S, b: S, c: S }, { dependentRequired: { a: ['b', 'c'] } }),
    ['DEPENDENCY_ARRAY_EXTENDED'],
    none,
  ),
  c(
    'draft-07 dependencies array removed',
    { $schema: D7, ...obj({ a: S, b: S }, { dependencies: { a: ['b'] } }) },
    { $schema: D7, ...obj({ a: S, b: S }) },
    none,
    ['DEPENDENCY_ARRAY_ADDED'],
  ),
  c(
    'draft-07 dependency schema added',
    { $schema: D7, ...obj({ a: S, b: S }) },
    { $schema: D7, ...obj({ a: S, b: S }, { dependencies: { a: { required: ['b'] } } }) },
    ['DEPENDENCY_SCHEMA_ADDED'],
    none,
  ),
  c(
    'dependentSchemas narrowed',
    obj({ a: S }, { dependentSchemas: { a: obj({ b: S }) } }),
    obj({ a: S }, { dependentSchemas: { a: obj({ b: { ...S, maxLength: 1 } }) } }),
    ['MAX_LENGTH_ADDED'],
    none,
  ),
  // arrays
  c(
    'items type narrowed',
    { type: 'array', items: { type: ['string', 'integer'] } },
    { type: 'array', items: S },
    ['TYPE_NARROWED'],
    none,
  ),
  c('items added', { type: 'array' }, { type: 'array', items: S }, ['TYPE_NARROWED'], none),
  c(
    'maxItems decreased',
    { type: 'array', maxItems: 5 },
    { type: 'array', maxItems: 3 },
    ['MAX_ITEMS_DECREASED'],
    none,
  ),
  c(
    'minItems increased',
    { type: 'array', minItems: 0 },
    { type: 'array', minItems: 2 },
    ['MIN_ITEMS_INCREASED'],
    none,
  ),
  c('minItems removed', { type: 'array', minItems: 2 }, { type: 'array' }, none, ['MIN_ITEMS_ADDED']),
  c(
    'uniqueItems added',
    { type: 'array', items: I },
    { type: 'array', items: I, uniqueItems: true },
    ['UNIQUE_ITEMS_ADDED'],
    none,
  ),
  c(
    'tuple item added to open',
    { type: 'array', prefixItems: [S] },
    { type: 'array', prefixItems: [S, I] },
    ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL'],
    none,
  ),
  c(
    'tuple item added to closed',
    { type: 'array', prefixItems: [S], items: false },
    { type: 'array', prefixItems: [S, I], items: false },
    none,
    ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c(
    'tuple item removed from closed',
    { type: 'array', prefixItems: [S, I], items: false },
    { type: 'array', prefixItems: [S], items: false },
    ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    none,
  ),
  c(
    'tuple item removed from open',
    { type: 'array', prefixItems: [S, I] },
    { type: 'array', prefixItems: [S] },
    none,
    ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL'],
  ),
  c(
    'tuple item covered by rest schema',
    { type: 'array', prefixItems: [S], items: I },
    { type: 'array', prefixItems: [S, { ...I, minimum: 0 }], items: I },
    ['ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'MINIMUM_ADDED'],
    none,
  ),
  c(
    'draft-07 additionalItems removed',
    { $schema: D7, type: 'array', items: [S] },
    { $schema: D7, type: 'array', items: [S], additionalItems: false },
    ['ADDITIONAL_ITEMS_REMOVED'],
    none,
  ),
  c(
    'draft-07 additionalItems narrowed',
    { $schema: D7, type: 'array', items: [S], additionalItems: { type: ['string', 'integer'] } },
    { $schema: D7, type: 'array', items: [S], additionalItems: S },
    ['ADDITIONAL_ITEMS_NARROWED', 'TYPE_NARROWED'],
    none,
  ),
  c('contains added', { type: 'array' }, { type: 'array', contains: S }, ['UNDECIDED'], none),
  // combinators
  c('anyOf branch added', { anyOf: [S, I] }, { anyOf: [S, I, B] }, none, [
    'SUM_TYPE_NARROWED',
    'TYPE_CHANGED',
  ]),
  c(
    'anyOf branch removed',
    { anyOf: [S, I, B] },
    { anyOf: [S, I] },
    ['SUM_TYPE_NARROWED', 'TYPE_CHANGED'],
    none,
  ),
  c('single type to anyOf containing it', S, { anyOf: [S, I] }, none, ['SUM_TYPE_NARROWED', 'TYPE_CHANGED']),
  c('type union to anyOf', { type: ['string', 'integer'] }, { anyOf: [S, I] }, none, none),
  c('oneOf disjoint branch added', { oneOf: [S, I] }, { oneOf: [S, I, B] }, none, [
    'SUM_TYPE_NARROWED',
    'TYPE_CHANGED',
  ]),
  c(
    'oneOf overlapping branch added',
    { oneOf: [S, I] },
    { oneOf: [S, I, N] },
    ['UNDECIDED'],
    ['SUM_TYPE_NARROWED', 'TYPE_CHANGED'],
  ),
  c(
    'oneOf branches discriminated by const',
    { oneOf: [closed({ kind: { const: 'a' }, x: S }, { required: ['kind'] })] },
    {
      oneOf: [
        closed({ kind: { const: 'a' }, x: S }, { required: ['kind'] }),
        closed({ kind: { const: 'b' }, y: I }, { required: ['kind'] }),
      ],
    },
    none,
    ['SUM_TYPE_NARROWED', 'ENUM_ARRAY_CHANGED', 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c(
    'anyOf branch narrowed inside',
    { anyOf: [{ ...S, maxLength: 10 }, I] },
    { anyOf: [{ ...S, maxLength: 5 }, I] },
    ['SUM_TYPE_NARROWED', 'MAX_LENGTH_DECREASED'],
    none,
  ),
  c(
    'allOf branch added',
    { allOf: [obj({ a: S })] },
    { allOf: [obj({ a: S }), { required: ['a'] }] },
    ['REQUIRED_ATTRIBUTE_ADDED'],
    none,
  ),
  c(
    'allOf branch removed',
    { allOf: [obj({ a: S }), { required: ['a'] }] },
    { allOf: [obj({ a: S })] },
    none,
    ['REQUIRED_ATTRIBUTE_ADDED'],
  ),
  c(
    'allOf merged into one schema',
    { allOf: [{ type: 'object', properties: { a: S } }, { required: ['a'] }] },
    obj({ a: S }, { required: ['a'] }),
    none,
    none,
  ),
  c('allOf with closed branch', { allOf: [closed({ a: S })] }, { allOf: [closed({ a: S, b: S })] }, none, [
    'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  ]),
  c('not added', S, { ...S, not: { const: 'x' } }, ['NOT_TYPE_EXTENDED'], none),
  c('not removed', { ...S, not: { const: 'x' } }, S, none, ['NOT_TYPE_EXTENDED']),
  c('not widened', { not: { enum: ['a'] } }, { not: { enum: ['a', 'b'] } }, ['NOT_TYPE_EXTENDED'], none),
  c(
    'if/then changed',
    conditional(obj({ a: { const: 1 } }), { required: ['b'] }),
    conditional(obj({ a: { const: 1 } }), { required: ['c'] }),
    ['UNDECIDED'],
    ['UNDECIDED'],
  ),
  // references
  c(
    'local $ref target narrowed',
    { $defs: { id: S }, ...obj({ id: { $ref: '#/$defs/id' } }) },
    { $defs: { id: { ...S, maxLength: 3 } }, ...obj({ id: { $ref: '#/$defs/id' } }) },
    ['MAX_LENGTH_ADDED'],
    none,
  ),
  c(
    'draft-04 definitions ref',
    { $schema: D4, definitions: { n: I }, ...obj({ n: { $ref: '#/definitions/n' } }) },
    { $schema: D4, definitions: { n: N }, ...obj({ n: { $ref: '#/definitions/n' } }) },
    none,
    ['TYPE_NARROWED'],
  ),
  c(
    'inline schema replaced by equal $ref',
    obj({ a: S }),
    { $defs: { s: S }, ...obj({ a: { $ref: '#/$defs/s' } }) },
    none,
    none,
  ),
  c(
    'recursive schema unchanged elsewhere',
    { $defs: { node: obj({ next: { $ref: '#/$defs/node' }, v: I }) }, $ref: '#/$defs/node' },
    { $defs: { node: obj({ next: { $ref: '#/$defs/node' }, v: I }) }, $ref: '#/$defs/node', title: 'List' },
    none,
    none,
  ),
  c(
    'recursive schema narrowed',
    { $defs: { node: obj({ next: { $ref: '#/$defs/node' }, v: N }) }, $ref: '#/$defs/node' },
    { $defs: { node: obj({ next: { $ref: '#/$defs/node' }, v: I }) }, $ref: '#/$defs/node' },
    ['TYPE_NARROWED'],
    none,
  ),
  c(
    'mutually recursive schemas',
    {
      $defs: { a: obj({ b: { $ref: '#/$defs/b' } }), b: obj({ a: { $ref: '#/$defs/a' }, s: S }) },
      $ref: '#/$defs/a',
    },
    {
      $defs: {
        a: obj({ b: { $ref: '#/$defs/b' } }),
        b: obj({ a: { $ref: '#/$defs/a' }, s: { ...S, minLength: 1 } }),
      },
      $ref: '#/$defs/a',
    },
    ['MIN_LENGTH_ADDED'],
    none,
  ),
  c(
    '2019-09 $ref with sibling',
    { $schema: D19, $defs: { s: S }, $ref: '#/$defs/s' },
    { $schema: D19, $defs: { s: S }, $ref: '#/$defs/s', maxLength: 4 },
    ['MAX_LENGTH_ADDED'],
    none,
  ),
  c(
    'registry reference narrowed',
    obj({ money: { $ref: 'https://schemas.example.com/money-v1.json' } }),
    obj({ money: { $ref: 'https://schemas.example.com/money-v2.json' } }),
    ['REQUIRED_ATTRIBUTE_ADDED'],
    none,
    {
      references: [
        {
          uri: 'https://schemas.example.com/money-v1.json',
          schema: { $id: 'https://schemas.example.com/money-v1.json', ...obj({ amount: N, currency: S }) },
        },
        {
          uri: 'https://schemas.example.com/money-v2.json',
          schema: {
            $id: 'https://schemas.example.com/money-v2.json',
            ...obj({ amount: N, currency: S }, { required: ['currency'] }),
          },
        },
      ],
    },
  ),
  // OpenAPI 3 (EventBridge)
  c(
    'openapi3 detail property type narrowed',
    openApi({ status: { type: 'string', nullable: true } }),
    openApi({ status: { type: 'string' } }),
    ['TYPE_NARROWED'],
    none,
    { format: 'openapi3' },
  ),
  c(
    'openapi3 detail property added',
    openApi({ a: S }),
    openApi({ a: S, b: I }),
    ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    none,
    {
      format: 'openapi3',
      lenient: { backward: none, forward: none },
    },
  ),
  c(
    'openapi3 required detail added',
    openApi({ a: S }),
    openApi({ a: S }, ['a']),
    ['REQUIRED_ATTRIBUTE_ADDED'],
    none,
    { format: 'openapi3' },
  ),
  // events shaped like the registry's users write them
  c(
    'EventBridge envelope: detail-type const changed',
    envelope('OrderPlaced', obj({ orderId: S })),
    envelope('OrderCreated', obj({ orderId: S })),
    ['ENUM_ARRAY_CHANGED'],
    ['ENUM_ARRAY_CHANGED'],
  ),
  c(
    'CloudEvent: data property added optional, closed data',
    cloudEvent(closed({ orderId: S })),
    cloudEvent(closed({ orderId: S, coupon: S })),
    none,
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
  ),
  c(
    'CloudEvent: data amount minimum raised',
    cloudEvent(obj({ amount: { ...N, minimum: 0 } })),
    cloudEvent(obj({ amount: { ...N, exclusiveMinimum: 0 } })),
    ['EXCLUSIVE_MINIMUM_ADDED'],
    none,
  ),
  c(
    'array of objects: nested closed removal',
    { type: 'array', items: closed({ a: S, b: S }) },
    { type: 'array', items: closed({ a: S }) },
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'],
    none,
  ),
  c(
    'date-time string to integer timestamp',
    obj({ at: { ...S, format: 'date-time' } }),
    obj({ at: I }),
    ['TYPE_CHANGED'],
    ['TYPE_CHANGED'],
  ),
  c('nullable via anyOf', obj({ a: S }), obj({ a: { anyOf: [S, { type: 'null' }] } }), none, [
    'SUM_TYPE_NARROWED',
    'TYPE_CHANGED',
  ]),
  c(
    'enum of statuses extended in nested object',
    obj({ order: obj({ status: { enum: ['NEW', 'PAID'] } }) }),
    obj({ order: obj({ status: { enum: ['NEW', 'PAID', 'SHIPPED'] } }) }),
    none,
    ['ENUM_ARRAY_NARROWED'],
  ),
  c('integer maximum raised', { ...I, maximum: 100 }, { ...I, maximum: 1000 }, none, ['MAXIMUM_DECREASED']),
  c('minLength decreased', { ...S, minLength: 3 }, { ...S, minLength: 1 }, none, ['MIN_LENGTH_INCREASED']),
  c('maxProperties removed', obj({}, { maxProperties: 3 }), obj({}), none, ['MAX_PROPERTIES_ADDED']),
  c('uniqueItems removed', { type: 'array', uniqueItems: true }, { type: 'array' }, none, [
    'UNIQUE_ITEMS_ADDED',
  ]),
  c(
    'two breaking changes at once',
    obj({ a: { ...S, maxLength: 5 }, b: I }),
    obj({ a: { ...S, maxLength: 3 }, b: { ...I, minimum: 0 } }),
    ['MAX_LENGTH_DECREASED', 'MINIMUM_ADDED'],
    none,
  ),
  c('number to integer', N, I, ['TYPE_NARROWED'], none),
];

function openApi(detail: Record<string, unknown>, required?: string[]) {
  return {
    openapi: '3.0.0',
    info: { version: '1.0.0', title: 'Event' },
    paths: {},
    components: {
      schemas: {
        AWSEvent: {
          type: 'object',
          required: ['detail-type', 'source', 'detail'],
          properties: {
            detail: { $ref: '#/components/schemas/Detail' },
            'detail-type': { type: 'string' },
            source: { type: 'string' },
          },
        },
        Detail: { type: 'object', properties: detail, ...(required ? { required } : {}) },
      },
    },
  };
}

function envelope(detailType: string, detail: unknown) {
  return obj(
    { source: { const: 'shop.orders' }, 'detail-type': { const: detailType }, detail },
    { required: ['source', 'detail-type', 'detail'] },
  );
}

function cloudEvent(data: unknown) {
  return obj(
    { specversion: { const: '1.0' }, type: { const: 'com.shop.order.placed' }, id: S, data },
    { required: ['specversion', 'type', 'id', 'data'] },
  );
}

// Built from entries: an object literal with a `then` key reads like a thenable to linters and to await.
function conditional(condition: unknown, consequence: unknown) {
  return Object.fromEntries([
    ['if', condition],
    ['then', consequence],
  ]);
}
