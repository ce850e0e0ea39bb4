import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DATE_TIME_FORMAT_SOURCE, dateTimeFormat, isDateTime, libraryDateTime } from './date-time.ts';

const library = (s: string) => libraryDateTime.validate(s);

/** Strings near the RFC 3339 shape: mostly digits in the right places, with every kind of near miss. */
const nearDateTime = fc
  .tuple(
    fc.constantFrom('1999', '2000', '2024', '2100', '0000', '9999', '20x4'),
    fc.constantFrom('-'),
    fc.constantFrom('00', '01', '02', '06', '09', '12', '13', '1a'),
    fc.constantFrom('-', '/'),
    fc.constantFrom('00', '01', '28', '29', '30', '31', '32'),
    fc.constantFrom('T', 't', ' ', '\t', 'X', ''),
    fc.constantFrom('00', '12', '23', '24', '29'),
    fc.constantFrom(':'),
    fc.constantFrom('00', '58', '59', '60'),
    fc.constantFrom(':', ''),
    fc.constantFrom('00', '30', '59', '60', '61', '99', '6'),
    fc.constantFrom('', '.', '.0', '.123456', '.999999999', '.9999999999', '.999999999999999', '.9x'),
    fc.constantFrom(
      'Z',
      'z',
      '',
      '+00:00',
      '-00:00',
      '+01:00',
      '-01:00',
      '+23:59',
      '-23:59',
      '+24:00',
      '+05:60',
      '+0530',
      '-0530',
      '+05',
      '-05',
      '+5:30',
      '+05:3',
      '+05:30Z',
      'Zt',
      ' ',
    ),
  )
  .map((parts) => parts.join(''));

describe('isDateTime', () => {
  it('answers exactly as ajv-formats does, near the RFC 3339 shape', () => {
    fc.assert(
      fc.property(nearDateTime, (s) => {
        expect(isDateTime(s), s).toBe(library(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers exactly as ajv-formats does on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789-:.TtZz+ x'.split('')), maxLength: 32 }),
        (s) => {
          expect(isDateTime(s), s).toBe(library(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads the usual shapes itself, without asking ajv-formats', () => {
    const asked = vi.spyOn(libraryDateTime, 'validate');
    try {
      for (const s of ['2024-06-01T10:00:00Z', '2024-06-01T10:00:00.123+05:30', '2024-02-30T10:00:00-0800']) {
        isDateTime(s);
      }
      expect(asked).not.toHaveBeenCalled();
    } finally {
      asked.mockRestore();
    }
  });

  it.each([
    ['2024-02-29T12:00:00Z', true],
    ['2023-02-29T12:00:00Z', false],
    ['1900-02-29T12:00:00Z', false],
    ['2000-02-29T12:00:00.5+01:00', true],
    ['1998-12-31T23:59:60Z', true],
    ['1998-12-31T15:59:60.123-08:00', true],
    ['1998-12-31T23:59:60+01:00', false],
    ['1998-12-31T23:59:61Z', false],
    ['2024-06-01t10:00:00z', true],
    ['2024-06-01T10:00:00', false],
    ['2024-06-01 10:00:00Z', true],
    ['2024-06-01T10:00:00+0530', true],
    ['2024-06-01T10:00:00+05', true],
    ['2024-06-01T24:00:00Z', false],
    ['2024-13-01T10:00:00Z', false],
    // ajv-formats reads the seconds as a float, which fifteen nines round up to 60: kept, for the same answers
    ['1963-06-19T08:30:59.999999999999999Z', false],
    ['1963-06-19T08:30:59.999999999Z', true],
    // ajv-formats splits on /t|\s/i: any white space separates, and exactly one separator may occur
    ['2024-06-01\u00a010:00:00Z', true],
    ['2024-06-01\u202810:00:00Z', true],
    ['2024-06-01\n10:00:00Z', true],
    ['2024-06-01T10:00:00Z ', false],
    ['2024-06-01TT10:00:00Z', false],
    ['1998-12-31T23:59:60.99999999999999999Z', false],
    ['1998-12-31T23:59:60.9999999999Z', true],
    ['+02024-06-01T10:00:00Z', false],
    ['２０２４-06-01T10:00:00Z', false],
  ])('%s is %s', (s, expected) => {
    expect(isDateTime(s)).toBe(expected);
    expect(library(s)).toBe(expected);
  });
});

describe('dateTimeFormat.compare', () => {
  it('orders timestamps as ajv-formats does, including what it cannot read', () => {
    const timestamp = fc.oneof(
      fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(
        '',
        'not a date',
        '1970-01-01T00:00:00Z',
        '2024-06-01T10:00:00+05:30',
        '2024-06-01 10:00Z',
      ),
    );
    fc.assert(
      fc.property(timestamp, timestamp, (a, b) => {
        expect(dateTimeFormat.compare(a, b)).toBe(libraryDateTime.compare(a, b));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('DATE_TIME_FORMAT_SOURCE', () => {
  it('needs nothing but the language: it runs in a context with no globals of ours', () => {
    const format = runInNewContext(DATE_TIME_FORMAT_SOURCE, Object.create(null)) as typeof dateTimeFormat;
    for (const s of ['2024-06-01T10:00:00Z', '2024-02-30T10:00:00Z', '2024-06-01 10:00:00.5-08:00', 'x']) {
      expect(format.validate(s), s).toBe(library(s));
    }
    expect(format.compare('2024-06-01T10:00:00Z', '2024-06-01T09:00:00Z')).toBe(3_600_000);
  });
});
