import { SchemagateError } from '@schemagate/sdk';
import { describe, expect, it } from 'vitest';
import type { Connection } from './connection.ts';
import { describeFailure } from './describe-failure.ts';

const url = 'http://127.0.0.1:8080';
const refused = (status: number, code: string, detail: string) =>
  new SchemagateError({ type: 'about:blank', title: 'Refused', status, code, detail });
const missing = refused(401, 'missing_key', 'Send the API key as `Authorization: Bearer <key>`');
const invalid = refused(401, 'invalid_key', 'Unknown or revoked API key');

const from = {
  none: { url, key: undefined, keySource: 'none', keyFile: '/srv/sg/data/admin.key' },
  file: { url, key: 'sg_file', keySource: 'file', keyFile: '/srv/sg/data/admin.key' },
  env: { url, key: 'sg_env', keySource: 'env' },
  flag: { url, key: 'sg_flag', keySource: 'flag' },
} satisfies Record<string, Connection>;

describe('describeFailure', () => {
  it('says where a key would have come from when none was found', () => {
    const message = describeFailure(missing, from.none);
    expect(message).toContain(`${url} refused the request (401 missing_key`);
    expect(message).toContain('no key was given and /srv/sg/data/admin.key was not found');
    expect(message).toMatch(/Pass --key, set SCHEMAGATE_KEY, or point --data \(SCHEMAGATE_DATA\)/);
  });

  it('names the refused key by where it came from, and what to do about it', () => {
    const file = describeFailure(invalid, from.file);
    expect(file).toContain('401 invalid_key: Unknown or revoked API key');
    expect(file).toContain('the key from the admin key file /srv/sg/data/admin.key was refused');
    expect(file).toContain('belongs to another data folder, or was revoked');
    expect(describeFailure(invalid, from.env)).toContain('the key from SCHEMAGATE_KEY was refused');
    expect(describeFailure(invalid, from.flag)).toContain('the key from --key was refused');
    expect(describeFailure(invalid, from.flag)).toContain('schemagate keys create');
  });

  it('tells a key that never arrived from a refused one', () => {
    const message = describeFailure(missing, from.flag);
    expect(message).toContain('the key from --key did not arrive as `Authorization: Bearer <key>`');
    expect(message).not.toContain('was refused');
  });

  it('explains a missing scope, and leaves other answers as the server put them', () => {
    expect(describeFailure(refused(403, 'forbidden', 'needs `write`'), from.env)).toBe(
      'the key from SCHEMAGATE_KEY lacks the scope this needs (403 forbidden: needs `write`)',
    );
    expect(describeFailure(refused(409, 'incompatible', 'breaks v1'), from.env)).toBe(
      '409 incompatible: breaks v1',
    );
  });
});
