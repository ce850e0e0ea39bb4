import formatsModule from 'ajv-formats/dist/formats.js';

type FormatDefinition = {
  validate: (value: string) => boolean;
  compare: (a: string, b: string) => number | undefined;
};

/** ajv-formats' own `date-time` (full mode: RFC 3339, a time zone required, leap seconds honoured). */
export const libraryDateTime = formatsModule.fullFormats['date-time'] as FormatDefinition;

/**
 * `format: "date-time"` as JavaScript source: an expression that evaluates to `{ validate, compare }` and uses
 * nothing but the language itself. It is the one definition of the check: core evaluates it for every ajv
 * instance ({@link dateTimeFormat}) and codegen writes it verbatim into generated validators, so bindings need no
 * package of ours and cannot drift from the server. It is source text rather than a function's `toString()`
 * because a TypeScript loader changes what `toString()` gives (tsx minifies and wraps inner functions in
 * `__name`), and generated files must be the same bytes whoever generates them.
 *
 * `validate` gives exactly ajv-formats' answers (a property test holds the two together) without its allocations:
 * ajv-formats splits the text on `/t|\s/i`, matches two regular expressions with captures and builds numbers from
 * the substrings, which made it the costliest format check on every event carrying a timestamp. Here the text is
 * read character by character: `YYYY-MM-DD`, one separator (`T`, `t` or white space), `hh:mm:ss`, an optional
 * fraction, and a zone (`Z`, `z`, `±hh:mm`, `±hhmm` or `±hh`). `compare` orders two timestamps as ajv-formats
 * does (for `formatMinimum` and the like).
 */
export const DATE_TIME_FORMAT_SOURCE = String.raw`(() => {
  const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const WHITE_SPACE = /\s/;
  const digitAt = (s, i) => {
    const d = s.charCodeAt(i) - 48;
    return d >= 0 && d <= 9 ? d : -1;
  };
  const twoDigitsAt = (s, i) => {
    const tens = digitAt(s, i);
    const ones = digitAt(s, i + 1);
    return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
  };
  const isLeapYear = (year) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const validate = (s) => {
    const n = s.length;
    // the shortest is YYYY-MM-DDThh:mm:ssZ; "-" is 45, ":" is 58
    if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
      return false;
    }
    // T or t (116 once lower-cased), else white space: the text must split in two on exactly this character
    if ((s.charCodeAt(10) | 32) !== 116 && !WHITE_SPACE.test(s[10])) return false;
    const century = twoDigitsAt(s, 0);
    const yearInCentury = twoDigitsAt(s, 2);
    const month = twoDigitsAt(s, 5);
    const day = twoDigitsAt(s, 8);
    const hour = twoDigitsAt(s, 11);
    const minute = twoDigitsAt(s, 14);
    let second = twoDigitsAt(s, 17);
    if (century < 0 || yearInCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return false;
    }
    let i = 19;
    if (s.charCodeAt(i) === 46) {
      // ".", then one digit or more
      const start = ++i;
      while (digitAt(s, i) >= 0) i++;
      if (i === start) return false;
      // ajv-formats reads "ss.fff..." as one number: beyond nine digits, rounding can carry it to the next second
      if (i - start > 9) second = Number(s.slice(17, i));
    }
    let sign = 1;
    let zoneHours = 0;
    let zoneMinutes = 0;
    const zone = s.charCodeAt(i);
    if ((zone | 32) === 122) {
      // Z or z, and nothing after it
      if (i !== n - 1) return false;
    } else if (zone === 43 || zone === 45) {
      // + or -, then hh, hhmm or hh:mm
      sign = zone === 45 ? -1 : 1;
      zoneHours = twoDigitsAt(s, i + 1);
      const rest = n - i;
      if (rest === 6 && s.charCodeAt(i + 3) === 58) zoneMinutes = twoDigitsAt(s, i + 4);
      else if (rest === 5) zoneMinutes = twoDigitsAt(s, i + 3);
      else if (rest !== 3) return false;
      if (zoneHours < 0 || zoneMinutes < 0) return false;
    } else {
      return false;
    }
    if (month < 1 || month > 12) return false;
    const lastDay = month === 2 && isLeapYear(century * 100 + yearInCentury) ? 29 : DAYS_IN_MONTH[month];
    if (day < 1 || day > lastDay) return false;
    if (zoneHours > 23 || zoneMinutes > 59) return false;
    if (hour <= 23 && minute <= 59 && second < 60) return true;
    // a leap second is 23:59:60 in UTC
    const utcMinute = minute - zoneMinutes * sign;
    const utcHour = hour - zoneHours * sign - (utcMinute < 0 ? 1 : 0);
    return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
  };
  // undefined when either side is missing or not a date (the epoch itself included, as in ajv-formats)
  const compare = (a, b) => {
    if (!a || !b) return undefined;
    const left = new Date(a).valueOf();
    const right = new Date(b).valueOf();
    if (!left || !right) return undefined;
    return left - right;
  };
  return { validate, compare };
})()`;

/** The `date-time` format every ajv instance checks with: {@link DATE_TIME_FORMAT_SOURCE}, evaluated once. */
export const dateTimeFormat = new Function(`return ${DATE_TIME_FORMAT_SOURCE};`)() as FormatDefinition;

/** `format: "date-time"`: exactly ajv-formats' answers, without its allocations ({@link DATE_TIME_FORMAT_SOURCE}). */
export const isDateTime: (s: string) => boolean = dateTimeFormat.validate;
