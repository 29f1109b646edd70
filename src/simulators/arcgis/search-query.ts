/**
 * The portal's search syntax, as far as the group search needs it, so that
 * the simulator reads a `q` the way the portal does and a search text that
 * is not escaped changes what is found, as it would there. From the search
 * reference (https://developers.arcgis.com/rest/users-groups-and-items/search-reference/):
 * terms and "phrases"; `field:` before a term, a phrase or a (group); the
 * operators AND, OR (the default between terms) and NOT, in capitals, with
 * `&&`, `||`, `!`, `+` and `-`; `*` and `?` wildcards in a term; and `\` to
 * escape any character, outside a phrase and in it. Groups' default fields
 * are id, title, description, snippet, tags and owner; the simulator's
 * groups have id, title and owner.
 *
 * Matching is simpler than the portal's search engine, which splits text
 * into words, drops punctuation and stems: here a term or a phrase is found
 * in a field when the field holds it, ignoring case, and a term with a
 * wildcard when one of the field's words fits it. A query that cannot be
 * parsed is a SyntaxError; what the portal answers then is UNCONFIRMED (the
 * route answers 400).
 */

type Token = { type: 'open' | 'close' | 'must' | OperatorType } | { type: 'field'; name: string } | { type: 'term'; text: string; pattern: RegExp | null } | { type: 'phrase'; text: string };

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'not'; node: Node }
  | { kind: 'field'; name: string; node: Node }
  | { kind: 'term'; text: string; pattern: RegExp | null }
  | { kind: 'phrase'; text: string }
  | { kind: 'all' };

/** A record's searchable fields, by lower-case name. */
export type SearchRecord = Record<string, string>;

const DEFAULT_FIELDS = ['id', 'title', 'description', 'snippet', 'tags', 'owner'];
type OperatorType = 'and' | 'or' | 'not';
const OPERATORS = new Map<string, OperatorType>([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
  ['&&', 'and'],
  ['||', 'or'],
]);
const regexLiteral = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < q.length && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        text += q[i];
        i++;
      }
      if (i >= q.length) throw new SyntaxError('unterminated phrase');
      i++;
      tokens.push({ type: 'phrase', text });
    } else if (q.startsWith('&&', i) || q.startsWith('||', i)) {
      tokens.push({ type: OPERATORS.get(q.slice(i, i + 2))! });
      i += 2;
    } else if (c === '!' || c === '-') {
      tokens.push({ type: 'not' });
      i++;
    } else if (c === '+') {
      tokens.push({ type: 'must' });
      i++;
    } else if (c === ':') {
      throw new SyntaxError('a field name is missing before ":"');
    } else {
      let text = '';
      let source = '';
      let wildcard = false;
      let escaped = false;
      while (i < q.length && !/[\s()":]/.test(q[i]!)) {
        if (q[i] === '\\' && i + 1 < q.length) {
          text += q[i + 1];
          source += regexLiteral(q[i + 1]!);
          escaped = true;
          i += 2;
          continue;
        }
        const ch = q[i]!;
        if (ch === '*' || ch === '?') {
          wildcard = true;
          source += ch === '*' ? '.*' : '.';
        } else {
          source += regexLiteral(ch);
        }
        text += ch;
        i++;
      }
      // An escaped `\:` stays inside the term; a bare `:` ends a field name.
      if (q[i] === ':') {
        tokens.push({ type: 'field', name: text.toLowerCase() });
        i++;
      } else if (!escaped && OPERATORS.has(text)) {
        tokens.push({ type: OPERATORS.get(text)! });
      } else {
        tokens.push({ type: 'term', text, pattern: wildcard ? new RegExp(`^${source}$`, 'i') : null });
      }
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    if (this.tokens.length === 0) return { kind: 'all' };
    const node = this.or();
    if (this.i < this.tokens.length) throw new SyntaxError(`unexpected ${this.tokens[this.i]!.type}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private startsOperand(t: Token | undefined): boolean {
    return t !== undefined && ['open', 'field', 'term', 'phrase', 'not', 'must'].includes(t.type);
  }

  /** OR, and two operands side by side: OR is the default operator. */
  private or(): Node {
    let left = this.and();
    for (;;) {
      const t = this.peek();
      if (t?.type === 'or') {
        this.i++;
        left = { kind: 'or', left, right: this.and() };
      } else if (this.startsOperand(t) && t?.type !== 'not') {
        left = { kind: 'or', left, right: this.and() };
      } else {
        return left;
      }
    }
  }

  /** AND, and `a NOT b`: a record with a and without b. */
  private and(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.type === 'and') {
        this.i++;
        left = { kind: 'and', left, right: this.unary() };
      } else if (t?.type === 'not') {
        this.i++;
        left = { kind: 'and', left, right: { kind: 'not', node: this.unary() } };
      } else {
        return left;
      }
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t?.type === 'not') {
      this.i++;
      return { kind: 'not', node: this.unary() };
    }
    if (t?.type === 'must') {
      this.i++;
      return this.unary();
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tokens[this.i++];
    if (!t) throw new SyntaxError('the query ends too soon');
    if (t.type === 'open') {
      const node = this.or();
      if (this.tokens[this.i++]?.type !== 'close') throw new SyntaxError('a group is not closed');
      return node;
    }
    if (t.type === 'field') return { kind: 'field', name: t.name, node: this.primary() };
    if (t.type === 'term') return { kind: 'term', text: t.text, pattern: t.pattern };
    if (t.type === 'phrase') return { kind: 'phrase', text: t.text };
    throw new SyntaxError(`unexpected ${t.type}`);
  }
}

function holds(value: string, node: Extract<Node, { kind: 'term' | 'phrase' }>): boolean {
  if (node.kind === 'term' && node.pattern) return value.split(/\s+/).some((word) => node.pattern!.test(word));
  return value.toLowerCase().includes(node.text.toLowerCase());
}

function matches(node: Node, record: SearchRecord, fields: readonly string[]): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'or':
      return matches(node.left, record, fields) || matches(node.right, record, fields);
    case 'and':
      return matches(node.left, record, fields) && matches(node.right, record, fields);
    case 'not':
      return !matches(node.node, record, fields);
    case 'field':
      return matches(node.node, record, [node.name]);
    default:
      return fields.some((f) => record[f] !== undefined && holds(record[f], node));
  }
}

/** A parsed `q`. */
export interface CompiledSearch {
  /** Whether a record matches. */
  test(record: SearchRecord): boolean;
  /**
   * The ids every match must have, when the query ANDs an `id:` term, or an
   * `id:(a OR b …)` group of terms, with the rest of it at its top; null when
   * it does not (any record may match). An item id is one token of hex, so
   * the portal matches it whole: a route may look the items up by these ids
   * instead of testing every item.
   */
  requiredIds: string[] | null;
}

/** Parses `q` once. Throws SyntaxError for a query the syntax does not allow. */
export function compileSearch(q: string): CompiledSearch {
  const tree = new Parser(tokenize(q)).parse();
  return { test: (record) => matches(tree, record, DEFAULT_FIELDS), requiredIds: idsRequiredBy(tree) };
}

/** The ids of an `id:` conjunct at the top of `node` (see CompiledSearch.requiredIds). */
function idsRequiredBy(node: Node): string[] | null {
  if (node.kind === 'and') return idsRequiredBy(node.left) ?? idsRequiredBy(node.right);
  if (node.kind === 'field' && node.name === 'id') return exactTerms(node.node);
  return null;
}

/** The terms of a term, a phrase, or an OR of them; null for anything else (a wildcard, a NOT, an AND). */
function exactTerms(node: Node): string[] | null {
  if ((node.kind === 'term' && node.pattern === null) || node.kind === 'phrase') return [node.text];
  if (node.kind !== 'or') return null;
  const left = exactTerms(node.left);
  const right = exactTerms(node.right);
  return left && right ? [...left, ...right] : null;
}
