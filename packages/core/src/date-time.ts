import formatsModule from 'ajv-formats/dist/formats.js';

type FormatDefinition = { validate: (value: string) => boolean; compare: (a: string, b: string) => number };

/** ajv-formats' own `date-time` (full mode: RFC 3339, a time zone required, leap seconds honoured). */
export const libraryDateTime = formatsModule.fullFormats['date-time'] as FormatDefinition;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

const twoDigitsAt = (s: string, i: number): number => {
  const tens = digitAt(s, i);
  const ones = digitAt(s, i + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
};

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * `format: "date-time"` with exactly ajv-formats' answers, without its allocations. Timestamps of the usual shape,
 * `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm|±hhmm|±hh)`, are read character by character; anything else (a space
 * instead of `T`, a missing zone, stray characters) goes to ajv-formats' own check. A property test holds the two
 * to the same answers. ajv-formats splits, matches two regular expressions with captures and builds numbers from
 * the substrings: on every event carrying a timestamp, that was the costliest format check.
 */
export function isDateTime(s: string): boolean {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    (s.charCodeAt(10) | 32) !== 116 || // T or t
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  ) {
    return libraryDateTime.validate(s);
  }
  const century = twoDigitsAt(s, 0);
  const yearInCentury = twoDigitsAt(s, 2);
  const month = twoDigitsAt(s, 5);
  const day = twoDigitsAt(s, 8);
  const hour = twoDigitsAt(s, 11);
  const minute = twoDigitsAt(s, 14);
  const second = twoDigitsAt(s, 17);
  if (century < 0 || yearInCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return libraryDateTime.validate(s);
  }
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    // .fraction: one digit or more
    const start = ++i;
    while (digitAt(s, i) >= 0) i++;
    // no digit, or more than nanoseconds: ajv-formats reads "ss.fff…" as a float, and fifteen nines round it up
    // to 60, so long fractions get its answer, rounding included
    if (i === start || i - start > 9) return libraryDateTime.validate(s);
  }
  let sign = 1;
  let zoneHours = 0;
  let zoneMinutes = 0;
  const zone = s.charCodeAt(i);
  if ((zone | 32) === 122 && i === n - 1) {
    // Z or z
  } else if (zone === 43 || zone === 45) {
    sign = zone === 45 ? -1 : 1;
    zoneHours = twoDigitsAt(s, i + 1);
    const rest = n - i;
    if (rest === 6 && s.charCodeAt(i + 3) === 58) zoneMinutes = twoDigitsAt(s, i + 4);
    else if (rest === 5) zoneMinutes = twoDigitsAt(s, i + 3);
    else if (rest !== 3) return libraryDateTime.validate(s);
    if (zoneHours < 0 || zoneMinutes < 0) return libraryDateTime.validate(s);
  } else {
    return libraryDateTime.validate(s);
  }

  if (month < 1 || month > 12) return false;
  const lastDay = month === 2 && isLeapYear(century * 100 + yearInCentury) ? 29 : DAYS_IN_MONTH[month]!;
  if (day < 1 || day > lastDay) return false;
  if (zoneHours > 23 || zoneMinutes > 59) return false;
  // a fraction of nine digits or fewer never carries a second over: "ss.fff" < 60 exactly when ss < 60
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // a leap second is 23:59:60 in UTC
  const utcMinute = minute - zoneMinutes * sign;
  const utcHour = hour - zoneHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second <= 60;
}
