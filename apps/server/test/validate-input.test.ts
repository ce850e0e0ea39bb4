import { describe, expect, it } from 'vitest';
import { isEventOnly, route } from '../src/routes/validate/validate.ts';

const bodySchema = route.request.body.content['application/json'].schema;

describe('the `{ "event": … }` shortcut of POST /v1/validate', () => {
  it('takes only bodies the declared schema accepts unchanged', () => {
    const bodies = [
      '{"event": {"id": 1}}',
      '{"event": null}',
      '{"event": [1, 2]}',
      '{"event": "text"}',
      '{"event": 0}',
      '{"event": {"__proto__": {"x": 1}}}',
    ];
    for (const text of bodies) {
      const value = JSON.parse(text);
      expect(isEventOnly(value)).toBe(true);
      const checked = bodySchema.safeParse(value);
      expect(checked.success).toBe(true);
      expect(checked.data).toStrictEqual(value);
    }
  });

  it('leaves every other body to the declared schema', () => {
    const bodies = [
      '{}',
      '[]',
      'null',
      '"event"',
      '{"event": 1, "schema": "orders"}',
      '{"event": 1, "unknown": true}',
      '{"event": 1, "__proto__": {"event": 2}}',
      '{"__proto__": {"event": 2}}',
    ];
    for (const text of bodies) expect(isEventOnly(JSON.parse(text))).toBe(false);
  });
});
