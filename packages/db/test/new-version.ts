import type { NewVersion } from '../src/index.ts';

/** A registration of distinct, small content `n` into `registry/name`. */
export const newVersion = (
  registry: string,
  name: string,
  n: number,
  extra: Partial<NewVersion> = {},
): NewVersion => ({
  registry,
  name,
  format: 'jsonschema',
  dialect: '2020-12',
  fingerprint: `fp-${n}`,
  content: { type: 'object', 'x-n': n, zebra: 1, apple: 2 },
  routeKeys: {},
  references: [],
  ...extra,
});
