/**
 * The schema written as a type rather than as JSON Schema, the way prompt frameworks spell out the
 * JSON they want: BAML's `ctx.output_format` ("Answer in JSON using this schema:\n{\n  name:
 * string,\n  email: string or null,\n  skills: string[],\n  // years of experience\n  years: int,\n
 * level: \"junior\" or \"senior\",\n}") and promptfoo's grader prompt ("{reason: string, pass:
 * boolean, score: number}"). Read into the JSON Schema the simulator fills; anything outside this
 * small grammar is not a type notation (undefined), so JSON and prose pass by.
 */
import type { JsonObject } from '../core/openai-wire.js';

const PRIMITIVES: Record<string, JsonObject> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  integer: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  bool: { type: 'boolean' },
  boolean: { type: 'boolean' },
  null: { type: 'null' },
};

// Nesting deeper than this is not a schema a prompt spells out; stop rather than recurse on hostile text.
const MAX_DEPTH = 8;

class Reader {
  i: number;
  /** Whether a primitive type name was read: an object of string literals alone is JSON, not a type. */
  sawTypeName = false;
  constructor(readonly text: string, start: number) {
    this.i = start;
  }

  skip(): void {
    for (;;) {
      while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
      if (!this.text.startsWith('//', this.i)) return;
      const end = this.text.indexOf('\n', this.i);
      this.i = end === -1 ? this.text.length : end + 1;
    }
  }

  eat(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.i)) return false;
    this.i += token.length;
    return true;
  }

  peek(): string | undefined {
    this.skip();
    return this.text[this.i];
  }

  word(): string | undefined {
    this.skip();
    const match = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.i, this.i + 200));
    if (!match) return undefined;
    this.i += match[0].length;
    return match[0];
  }

  quoted(): string | undefined {
    this.skip();
    const quote = this.text[this.i];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = this.text.indexOf(quote, this.i + 1);
    if (end === -1 || end - this.i > 200) return undefined;
    const value = this.text.slice(this.i + 1, end);
    this.i = end + 1;
    return value;
  }
}

function object(r: Reader, depth: number): JsonObject | undefined {
  if (depth > MAX_DEPTH || !r.eat('{')) return undefined;
  const properties: Record<string, JsonObject> = {};
  while (!r.eat('}')) {
    const key = r.quoted() ?? r.word();
    if (key === undefined || !r.eat(':')) return undefined;
    const type = union(r, depth);
    if (type === undefined) return undefined;
    properties[key] = type;
    if (!r.eat(',') && !r.eat(';')) {
      if (!r.eat('}')) return undefined;
      break;
    }
  }
  const keys = Object.keys(properties);
  return keys.length === 0 ? undefined : { type: 'object', properties, required: keys };
}

function single(r: Reader, depth: number): JsonObject | undefined {
  const literal = r.quoted();
  let type: JsonObject | undefined;
  if (literal !== undefined) type = { type: 'string', enum: [literal] };
  else if (r.peek() === '{') type = object(r, depth + 1);
  else {
    const name = r.word();
    type = name === undefined ? undefined : PRIMITIVES[name.toLowerCase()];
    if (type !== undefined) r.sawTypeName = true;
  }
  while (type !== undefined && r.eat('[]')) type = { type: 'array', items: type };
  return type;
}

function union(r: Reader, depth: number): JsonObject | undefined {
  const members: JsonObject[] = [];
  do {
    const member = single(r, depth);
    if (member === undefined) return undefined;
    members.push(member);
  } while (r.eat('|') || orKeyword(r));
  if (members.length === 1) return members[0];
  const literals = members.flatMap((m) => (Array.isArray(m.enum) ? m.enum : []));
  if (literals.length === members.length) return { type: 'string', enum: literals };
  const nonNull = members.filter((m) => m.type !== 'null');
  return nonNull.length === 1 ? nonNull[0] : { anyOf: nonNull };
}

function orKeyword(r: Reader): boolean {
  const at = r.i;
  if (r.word() === 'or') return true;
  r.i = at;
  return false;
}

/**
 * The JSON Schema of a type notation opening at `text[start]` (a `{`), or undefined.
 *
 * @example typeNotationAt('{reason: string, pass: boolean, score: number}', 0)
 * // { type: 'object', properties: { reason: { type: 'string' }, pass: { type: 'boolean' }, score: { type: 'number' } }, required: [...] }
 */
export function typeNotationAt(text: string, start: number): JsonObject | undefined {
  const r = new Reader(text, start);
  const schema = object(r, 0);
  return schema !== undefined && r.sawTypeName ? schema : undefined;
}
