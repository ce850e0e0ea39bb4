/**
 * Every JSON-Schema-Test-Suite case that compileSchema is known to get wrong, with the reason. The runner checks
 * both ways: a case not listed must pass, and a listed case must still fail, so this list cannot go stale.
 */
import type { SuiteDraft } from './suite.ts';

/** Cases that share one reason. */
export interface SkipEntry {
  reason: string;
  /** Test ids as loadSuite builds them: `<file> :: <group> :: <test>`. */
  tests: string[];
}

/** Format gaps of ajv-formats that every draft's suite finds. */
const FORMAT_GAPS_ALL_DRAFTS: SkipEntry[] = [
  {
    reason:
      'ajv-formats date-time is laxer/stricter than RFC 3339 on these edge cases (offset without minutes, hour 24 leap second, 15-digit fraction)',
    tests: [
      'optional/format/date-time.json :: validation of date-time strings :: a numeric offset without minutes is invalid',
      'optional/format/date-time.json :: validation of date-time strings :: hour 24 is invalid even with a leap second',
      'optional/format/date-time.json :: validation of date-time strings :: a second fraction of fifteen nines is valid',
    ],
  },
  {
    reason: 'ajv-formats hostname refuses a trailing dot that the suite accepts',
    tests: ['optional/format/hostname.json :: validation of host names :: trailing dot'],
  },
  {
    reason: 'ajv-formats uri regex differs from RFC 3986 on these edge cases (port, IPv4 in IPv6, brackets)',
    tests: [
      'optional/format/uri.json :: validation of URIs :: non-numeric port is invalid',
      'optional/format/uri.json :: validation of URIs :: leading zero in an embedded IPv4 address is invalid',
      'optional/format/uri.json :: validation of URIs :: square brackets are not allowed in a path segment',
    ],
  },
];

/** draft-04 and draft-07 say keywords beside $ref are ignored; ajv applies them. */
const REF_SIBLING_KEYWORDS: SkipEntry = {
  reason: 'ajv applies keywords beside $ref; draft-04/07 say they are ignored',
  tests: ['ref.json :: ref overrides any sibling keywords :: ref valid, maxItems ignored'],
};

/** Failures that draft-07 and 2020-12 share (the same format and keyword gaps, in both suites). */
const SHARED_DRAFT7_AND_2020_12: SkipEntry[] = [
  {
    reason:
      'ajv: 1e308 / 0.123456789 overflows to Infinity, which its multipleOf check takes for a whole number',
    tests: [
      'multipleOf.json :: float division = inf :: always invalid, but naive implementations may raise an overflow error',
    ],
  },
  {
    reason:
      'ajv deliberately skips a `properties` entry named "__proto__" (its prototype-pollution guard), so that subschema is not applied',
    tests: [
      'properties.json :: properties whose names are Javascript object property names :: __proto__ not valid',
    ],
  },
  {
    reason: 'ajv-formats "regex" compiles without the u flag, where \\a is an identity escape',
    tests: [
      'optional/format/ecmascript-regex.json :: \\a is not an ECMA 262 control escape :: when used as a pattern',
    ],
  },
  {
    reason: 'ajv-formats checks hostname syntax only, not Punycode / IDNA rules of A-labels',
    tests: [
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: invalid Punycode',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: contains illegal char U+302E Hangul single dot tone mark',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Begins with a Spacing Combining Mark',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Begins with a Nonspacing Mark',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Begins with an Enclosing Mark',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Exceptions that are DISALLOWED, right-to-left chars',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Exceptions that are DISALLOWED, left-to-right chars',
      "optional/format/hostname.json :: validation of A-label (punycode) host names :: MIDDLE DOT with no preceding 'l'",
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: MIDDLE DOT with nothing preceding',
      "optional/format/hostname.json :: validation of A-label (punycode) host names :: MIDDLE DOT with no following 'l'",
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: MIDDLE DOT with nothing following',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Greek KERAIA not followed by Greek',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Greek KERAIA not followed by anything',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Hebrew GERESH not preceded by Hebrew',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Hebrew GERESH not preceded by anything',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Hebrew GERSHAYIM not preceded by Hebrew',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Hebrew GERSHAYIM not preceded by anything',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: KATAKANA MIDDLE DOT with no Hiragana, Katakana, or Han',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: KATAKANA MIDDLE DOT with no other characters',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: Arabic-Indic digits mixed with Extended Arabic-Indic digits',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: ZERO WIDTH JOINER not preceded by Virama',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: ZERO WIDTH JOINER not preceded by anything',
      'optional/format/hostname.json :: validation of A-label (punycode) host names :: contains "--" in the 3rd and 4th position',
    ],
  },
  {
    reason:
      'ajv-formats has no idn-email check: the format is unknown, ignored at validation and reported as a warning',
    tests: [
      'optional/format/idn-email.json :: validation of an internationalized e-mail addresses :: an invalid e-mail/idn e-mail address',
      'optional/format/idn-email.json :: validation of an internationalized e-mail addresses :: a fullwidth commercial at is not a local-part separator',
    ],
  },
  {
    reason:
      'ajv-formats has no idn-hostname check: the format is unknown, ignored at validation and reported as a warning',
    tests: [
      'optional/format/idn-hostname.json :: validation of internationalized host names :: illegal first char U+302E Hangul single dot tone mark',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: contains illegal char U+302E Hangul single dot tone mark',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: a single label of 64 characters is too long',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: invalid label, correct Punycode',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: invalid Punycode',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: U-label contains "--" in the 3rd and 4th position',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: U-label starts with a dash',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: U-label ends with a dash',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: U-label starts and ends with a dash',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Begins with a Spacing Combining Mark',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Begins with a Nonspacing Mark',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Begins with an Enclosing Mark',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Exceptions that are DISALLOWED, right-to-left chars',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Exceptions that are DISALLOWED, left-to-right chars',
      "optional/format/idn-hostname.json :: validation of internationalized host names :: MIDDLE DOT with no preceding 'l'",
      'optional/format/idn-hostname.json :: validation of internationalized host names :: MIDDLE DOT with nothing preceding',
      "optional/format/idn-hostname.json :: validation of internationalized host names :: MIDDLE DOT with no following 'l'",
      'optional/format/idn-hostname.json :: validation of internationalized host names :: MIDDLE DOT with nothing following',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Greek KERAIA not followed by Greek',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Greek KERAIA not followed by anything',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Hebrew GERESH not preceded by Hebrew',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Hebrew GERESH not preceded by anything',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Hebrew GERSHAYIM not preceded by Hebrew',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Hebrew GERSHAYIM not preceded by anything',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: KATAKANA MIDDLE DOT with no Hiragana, Katakana, or Han',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: KATAKANA MIDDLE DOT with no other characters',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Arabic-Indic digits mixed with Extended Arabic-Indic digits',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: ZERO WIDTH JOINER not preceded by Virama',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: ZERO WIDTH JOINER not preceded by anything',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: empty string',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: zero width non-joiner must pass at every occurrence',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: Bidi domain name with a digit-first label is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: label starting with a digit before a right-to-left letter is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: left-to-right label containing a right-to-left letter is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: right-to-left label mixing both digit types is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: A-label that decodes to a disallowed code point is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: A-label that decodes to a Bidi rule violation is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: a U-label whose A-label form is longer than 63 octets is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: empty label between two dots is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: a name longer than 253 characters is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: A-label that decodes to only ASCII is invalid',
      'optional/format/idn-hostname.json :: validation of internationalized host names :: non-canonical Punycode that does not re-encode to itself is invalid',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: single dot',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: single ideographic full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: single fullwidth full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: single halfwidth ideographic full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: leading dot',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: leading ideographic full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: leading fullwidth full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: leading halfwidth ideographic full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: trailing dot',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: trailing ideographic full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: trailing fullwidth full stop',
      'optional/format/idn-hostname.json :: validation of separators in internationalized host names :: trailing halfwidth ideographic full stop',
    ],
  },
  {
    reason:
      'ajv-formats has no iri-reference check: the format is unknown, ignored at validation and reported as a warning',
    tests: [
      'optional/format/iri-reference.json :: validation of IRI References :: an invalid IRI Reference',
      'optional/format/iri-reference.json :: validation of IRI References :: an invalid IRI fragment',
    ],
  },
  {
    reason:
      'ajv-formats has no iri check: the format is unknown, ignored at validation and reported as a warning',
    tests: [
      'optional/format/iri.json :: validation of IRIs :: an IPv6 address without enclosing brackets is invalid',
      'optional/format/iri.json :: validation of IRIs :: an invalid relative IRI Reference',
      'optional/format/iri.json :: validation of IRIs :: an invalid IRI',
      'optional/format/iri.json :: validation of IRIs :: an invalid IRI though valid IRI reference',
      'optional/format/iri.json :: validation of IRIs :: an IPv6 host whose embedded IPv4 has a leading zero is invalid',
      'optional/format/iri.json :: validation of IRIs :: a trailing newline after a valid IRI is invalid',
    ],
  },
  {
    reason: 'ajv-formats uri-reference regex differs from RFC 3986 on these edge cases',
    tests: [
      'optional/format/uri-reference.json :: validation of URI References :: a double quote in a path',
      'optional/format/uri-reference.json :: validation of URI References :: square brackets outside an authority',
      'optional/format/uri-reference.json :: validation of URI References :: a non-numeric port in a network-path reference',
      'optional/format/uri-reference.json :: validation of URI References :: more than one at-sign in the authority',
      'optional/format/uri-reference.json :: validation of URI References :: a leading zero in the IPv4 part of an IPv6 literal',
      'optional/format/uri-reference.json :: validation of URI References :: a colon in the first segment of a relative-path reference',
    ],
  },
  {
    reason: 'ajv-formats uri-template regex differs from RFC 6570 on these edge cases',
    tests: [
      'optional/format/uri-template.json :: format: uri-template :: a dotted variable name is valid',
      'optional/format/uri-template.json :: format: uri-template :: a delete character in a literal is invalid',
      'optional/format/uri-template.json :: format: uri-template :: an apostrophe in a literal is valid',
    ],
  },
];

/** Known failures per draft. */
export const SUITE_SKIPS: Record<SuiteDraft, SkipEntry[]> = {
  draft4: [
    ...FORMAT_GAPS_ALL_DRAFTS,
    REF_SIBLING_KEYWORDS,
    {
      reason:
        'ajv: 1e308 / 0.123456789 overflows to Infinity, which its multipleOf check takes for a whole number',
      tests: [
        'multipleOf.json :: float division = inf :: invalid, but naive implementations may raise an overflow error',
      ],
    },
    {
      reason:
        'ajv deliberately skips a `properties` entry named "__proto__" (its prototype-pollution guard), so that subschema is not applied',
      tests: [
        'properties.json :: properties whose names are Javascript object property names :: __proto__ not valid',
      ],
    },
    {
      reason: 'ajv lets an id beside $ref change the base URI; draft-04/07 say it is ignored',
      tests: [
        'ref.json :: $ref prevents a sibling id from changing the base uri :: $ref resolves to /definitions/base_foo, data does not validate',
        'ref.json :: $ref prevents a sibling id from changing the base uri :: $ref resolves to /definitions/base_foo, data validates',
      ],
    },
  ],
  draft7: [
    ...FORMAT_GAPS_ALL_DRAFTS,
    ...SHARED_DRAFT7_AND_2020_12,
    REF_SIBLING_KEYWORDS,
    {
      reason: 'ajv lets an id beside $ref change the base URI; draft-04/07 say it is ignored',
      tests: [
        'ref.json :: $ref prevents a sibling $id from changing the base uri :: $ref resolves to /definitions/base_foo, data does not validate',
        'ref.json :: $ref prevents a sibling $id from changing the base uri :: $ref resolves to /definitions/base_foo, data validates',
      ],
    },
  ],
  'draft2020-12': [
    ...FORMAT_GAPS_ALL_DRAFTS,
    ...SHARED_DRAFT7_AND_2020_12,
    {
      reason:
        'ajv implements only part of $dynamicRef (hash-fragment refs, no dynamic scope across resources); where its generated code recurses forever the validator refuses the value',
      tests: [
        'dynamicRef.json :: A $dynamicRef to a $dynamicAnchor in the same schema resource behaves like a normal $ref to an $anchor :: An array of strings is valid',
        'dynamicRef.json :: A $dynamicRef to an $anchor in the same schema resource behaves like a normal $ref to an $anchor :: An array of strings is valid',
        'dynamicRef.json :: A $dynamicRef resolves to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated :: An array of strings is valid',
        'dynamicRef.json :: A $dynamicRef without anchor in fragment behaves identical to $ref :: An array of numbers is valid',
        "dynamicRef.json :: A $dynamicRef with intermediate scopes that don't include a matching $dynamicAnchor does not affect dynamic scope resolution :: An array of strings is valid",
        'dynamicRef.json :: An $anchor with the same name as a $dynamicAnchor is not used for dynamic scope resolution :: Any array is valid',
        'dynamicRef.json :: A $dynamicRef without a matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor :: Any array is valid',
        'dynamicRef.json :: A $dynamicRef with a non-matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor :: Any array is valid',
        'dynamicRef.json :: A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor resolves to the first $dynamicAnchor in the dynamic scope :: The recursive part is valid against the root',
        'dynamicRef.json :: A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor resolves to the first $dynamicAnchor in the dynamic scope :: The recursive part is not valid against the root',
        "dynamicRef.json :: A $dynamicRef that initially resolves to a schema without a matching $dynamicAnchor behaves like a normal $ref to $anchor :: The recursive part doesn't need to validate against the root",
        'dynamicRef.json :: multiple dynamic paths to the $dynamicRef keyword :: number list with string values',
        'dynamicRef.json :: multiple dynamic paths to the $dynamicRef keyword :: string list with number values',
        'dynamicRef.json :: after leaving a dynamic scope, it is not used by a $dynamicRef :: string matches /$defs/thingy, but the $dynamicRef does not stop here',
        'dynamicRef.json :: after leaving a dynamic scope, it is not used by a $dynamicRef :: first_scope is not in dynamic scope for the $dynamicRef',
        'dynamicRef.json :: after leaving a dynamic scope, it is not used by a $dynamicRef :: /then/$defs/thingy is the final stop for the $dynamicRef',
        'dynamicRef.json :: tests for implementation dynamic anchor and reference link :: correct extended schema',
        'dynamicRef.json :: $ref and $dynamicAnchor are independent of order - $defs first :: correct extended schema',
        'dynamicRef.json :: $ref and $dynamicAnchor are independent of order - $ref first :: correct extended schema',
        'dynamicRef.json :: $ref to $dynamicRef finds detached $dynamicAnchor :: number is valid',
        'dynamicRef.json :: $dynamicRef points to a boolean schema :: follow $dynamicRef to a false schema',
        'dynamicRef.json :: $dynamicRef skips over intermediate resources - direct reference :: integer property passes',
        'dynamicRef.json :: $dynamicRef avoids the root of each schema, but scopes are still registered :: data is sufficient for schema at second#/$defs/length',
      ],
    },
    {
      reason:
        'ajv refuses an empty enum at compile time ("enum must have non-empty array"), so the schema does not register',
      tests: [
        'enum.json :: empty enum :: string is invalid',
        'enum.json :: empty enum :: number is invalid',
        'enum.json :: empty enum :: null is invalid',
        'enum.json :: empty enum :: object is invalid',
        'enum.json :: empty enum :: array is invalid',
        'enum.json :: empty enum :: boolean is invalid',
      ],
    },
    {
      reason:
        'by design formats are asserted in every dialect (ajv default), not annotations: registered contracts expect "format" to be checked',
      tests: [
        'format.json :: email format :: invalid email string is only an annotation by default',
        'format.json :: regex format :: invalid regex string is only an annotation by default',
        'format.json :: ipv4 format :: invalid ipv4 string is only an annotation by default',
        'format.json :: ipv6 format :: invalid ipv6 string is only an annotation by default',
        'format.json :: hostname format :: invalid hostname string is only an annotation by default',
        'format.json :: date format :: invalid date string is only an annotation by default',
        'format.json :: date-time format :: invalid date-time string is only an annotation by default',
        'format.json :: time format :: invalid time string is only an annotation by default',
        'format.json :: json-pointer format :: invalid json-pointer string is only an annotation by default',
        'format.json :: relative-json-pointer format :: invalid relative-json-pointer string is only an annotation by default',
        'format.json :: uri format :: invalid uri string is only an annotation by default',
        'format.json :: uri-reference format :: invalid uri-reference string is only an annotation by default',
        'format.json :: uri-template format :: invalid uri-template string is only an annotation by default',
        'format.json :: uuid format :: invalid uuid string is only an annotation by default',
        'format.json :: duration format :: invalid duration string is only an annotation by default',
      ],
    },
    {
      reason:
        'ajv 8.20 overflows the stack compiling a relative $ref to a sibling embedded $id (raw ajv.compile fails the same way): compileSchema answers invalid_schema',
      tests: [
        'ref.json :: refs with relative uris and defs :: invalid on inner field',
        'ref.json :: refs with relative uris and defs :: invalid on outer field',
        'ref.json :: refs with relative uris and defs :: valid on both fields',
        'ref.json :: relative refs with absolute uris and defs :: invalid on inner field',
        'ref.json :: relative refs with absolute uris and defs :: invalid on outer field',
        'ref.json :: relative refs with absolute uris and defs :: valid on both fields',
      ],
    },
    {
      reason:
        'ajv 8.20 overflows the stack resolving a JSON pointer inside a urn: $id (raw ajv.compile fails the same way): compileSchema answers invalid_schema',
      tests: [
        'ref.json :: URN ref with nested pointer ref :: a string is valid',
        'ref.json :: URN ref with nested pointer ref :: a non-string is invalid',
      ],
    },
    {
      reason:
        'ajv does not collect item annotations from nested items, contains or a lone if for unevaluatedItems',
      tests: [
        'unevaluatedItems.json :: unevaluatedItems with nested items :: with no additional items',
        'unevaluatedItems.json :: unevaluatedItems with nested items :: with invalid additional item',
        'unevaluatedItems.json :: unevaluatedItems depends on adjacent contains :: contains passes, second item is not evaluated',
        'unevaluatedItems.json :: unevaluatedItems depends on multiple nested contains :: 7 not evaluated, fails unevaluatedItems',
        "unevaluatedItems.json :: unevaluatedItems and contains interact to control item dependency relationship :: only b's are invalid",
        "unevaluatedItems.json :: unevaluatedItems and contains interact to control item dependency relationship :: only c's are invalid",
        "unevaluatedItems.json :: unevaluatedItems and contains interact to control item dependency relationship :: only b's and c's are invalid",
        "unevaluatedItems.json :: unevaluatedItems and contains interact to control item dependency relationship :: only a's and c's are invalid",
        'unevaluatedItems.json :: unevaluatedItems with minContains = 0 :: all items evaluated by contains',
        'unevaluatedItems.json :: unevaluatedItems can see annotations from if without then and else :: valid in case if is evaluated',
      ],
    },
    {
      reason: 'ajv implements only part of $dynamicRef (see dynamicRef.json)',
      tests: [
        'unevaluatedItems.json :: unevaluatedItems with $dynamicRef :: with no unevaluated items',
        'unevaluatedProperties.json :: unevaluatedProperties with $dynamicRef :: with no unevaluated properties',
      ],
    },
    {
      reason:
        'ajv does not collect property annotations from a lone if (no then/else) for unevaluatedProperties',
      tests: [
        'unevaluatedProperties.json :: unevaluatedProperties with if/then/else, then not defined :: when if is true and has no unevaluated properties',
        'unevaluatedProperties.json :: unevaluatedProperties with if/then/else, then not defined :: when if is false and has unevaluated properties',
        'unevaluatedProperties.json :: unevaluatedProperties can see annotations from if without then and else :: valid in case if is evaluated',
      ],
    },
    {
      reason: 'ajv ignores $vocabulary of a custom meta-schema and always applies the validation vocabulary',
      tests: [
        'vocabulary.json :: schema that uses custom metaschema with with no validation vocabulary :: no validation: invalid number, but it still validates',
      ],
    },
    {
      reason: 'ajv-formats duration regex accepts unit combinations ISO 8601 (RFC 3339 appendix A) forbids',
      tests: [
        'optional/format/duration.json :: validation of duration strings :: years and days cannot appear without months',
        'optional/format/duration.json :: validation of duration strings :: hours and seconds cannot appear without minutes',
      ],
    },
    {
      reason: 'ajv-formats email is a simplified regex: no quoted local parts, no address literals',
      tests: [
        'optional/format/email.json :: validation of e-mail addresses :: a quoted string with a space in the local part is valid',
        'optional/format/email.json :: validation of e-mail addresses :: a quoted string with a double dot in the local part is valid',
        'optional/format/email.json :: validation of e-mail addresses :: a quoted string with a @ in the local part is valid',
        'optional/format/email.json :: validation of e-mail addresses :: an IPv4-address-literal after the @ is valid',
        'optional/format/email.json :: validation of e-mail addresses :: an IPv6-address-literal after the @ is valid',
      ],
    },
    {
      reason: 'ajv-formats uuid accepts a "urn:uuid:" prefix',
      tests: ['optional/format/uuid.json :: uuid format :: URN prefixed UUID is invalid'],
    },
  ],
};
