/**
 * Builds an upstream path from a template and values, each value encoded as
 * exactly one path segment. Validation already refuses `.` and `..`, but
 * they are refused here too: an encoded `..` is still `..` to a server.
 */
export function pathOf(strings: TemplateStringsArray, ...values: string[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (value === '' || value === '.' || value === '..') throw new Error('refusing an empty or dot path segment');
    out += encodeURIComponent(value) + (strings[i + 1] ?? '');
  });
  return out;
}
