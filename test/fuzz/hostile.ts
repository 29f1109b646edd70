/**
 * Hostile values from reliability.md section 3, shared by the path tests and
 * the fuzz properties: everything that could turn an id into more than one
 * upstream path segment, another origin, a second header, or a crash.
 */

/** Strings to try wherever an id or a user name goes. */
export const HOSTILE_STRINGS: readonly string[] = [
  // Traversal, in every encoding
  '.',
  '..',
  '../x',
  '../../etc/passwd',
  '..%2F',
  '%2e%2e%2f',
  '%2e%2e/',
  '.%2e',
  '%252e%252e%252f',
  '..\\',
  '..\\..\\x',
  '%5c',
  '%5C..%5C',
  '．．／',
  '．．',
  '\uff0e\uff0e\u2215',
  // Separators
  '/',
  '%2F',
  '%2f',
  '?',
  '%3F',
  '#',
  '%23',
  ';',
  '&',
  '=',
  '+',
  ' ',
  '%20',
  '\t',
  ',',
  '*',
  '%',
  '%%',
  '%zz',
  '|',
  // Absolute and authority forms
  'http://169.254.169.254/latest',
  'https://evil.example/',
  '//evil.example/x',
  '@evil.example',
  '\\\\evil',
  'user:pass@host',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '[::1]',
  'evil.example:80',
  // CR/LF and control characters
  '\r\n',
  '\r',
  '\n',
  '%0d%0a',
  '%0D%0A',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u0000',
  '%00',
  '\u007f',
  '\u001b[31m',
  'x\r\nX-Esri-Authorization: stolen',
  'x\r\n\r\nGET / HTTP/1.1',
  // Unicode tricks
  '\u202eabc',
  'a\u0301',
  'e\u0301',
  '\u00e9',
  '\ud800',
  '\udc00x',
  '\ud83d\ude00',
  '\u{1d518}',
  '\ufeff',
  '\u200b',
  'ａｂｃ',
  'İ',
  '\u0130\u0131',
  // Size and emptiness
  '',
  ' ',
  '   ',
  '\u00a0',
  'a'.repeat(129),
  'a'.repeat(10_000),
  'a'.repeat(1_000_000),
  // Prototype keys
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  // Injection habits of other layers
  '${jndi:ldap://evil/x}',
  "' OR 1=1 --",
  '<script>',
  'id:(a OR b)',
  '*:*',
  'null',
  'undefined',
  'NaN',
];

/** A valid value with hostile parts around it: a validator anchored at one end only would let these through. */
export function withValid(valid: string): string[] {
  return [
    `${valid}/../x`,
    `${valid}/..`,
    `../${valid}`,
    `${valid}/`,
    `/${valid}`,
    `${valid}%2F..%2Fx`,
    `${valid}?x=1`,
    `${valid}#x`,
    `${valid};x`,
    `${valid}\r\n`,
    `${valid}\n`,
    `${valid}\u0000`,
    `${valid} `,
    ` ${valid}`,
    `${valid}.`,
    `${valid}\\..\\x`,
    `${valid}．．／`,
    `${valid}\u202e`,
    `${valid}\ud800`,
    `${valid}${valid}`,
    `${valid},${valid}`,
    `${valid} OR ${valid}`,
    `${valid}%00`,
    `${valid}\u0301`,
  ];
}

/** Values of the wrong JSON type for an ID or a string. */
export const WRONG_TYPES: readonly unknown[] = [0, 1, -1, 1.5, -0.5, 2 ** 53 + 2, true, false, null, {}, { id: 'x' }, [], ['x'], [[]], { __proto__: { polluted: 1 } }];

/**
 * Number tokens JSON.stringify cannot write, by placeholder: a test sends the
 * placeholder string and swaps it for the bare token in the JSON text.
 */
export const RAW_NUMBERS: Readonly<Record<string, string>> = {
  '@@1e309': '1e309',
  '@@-1e309': '-1e309',
  '@@-0': '-0',
  '@@1e-400': '1e-400',
  '@@huge': '123456789012345678901234567890',
  '@@1.0': '1.0',
  '@@1e3': '1e3',
};
