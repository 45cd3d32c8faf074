import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { clip } from './clip.js';

// Ajv, not a conversion to zod: zod's fromJSONSchema drops a `required` name that has no
// `properties` entry (so `{ required: ['a', 'b'] }` accepted `{ "a": 1 }`) and refuses
// dependentRequired. One instance for the process; schemas are compiled once by their callers.
// addUsedSchema: false, so two schemas carrying the same `$id` do not collide.
const ajv = new Ajv2020({ strict: false, allErrors: true, addUsedSchema: false });
// ajv-formats is CommonJS with its function as the default export.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;
addFormats(ajv);

/** At most this many violations are described: the first few tell the fix. */
const SHOWN_VIOLATIONS = 3;

/**
 * Compiles a JSON Schema (draft 2020-12; earlier drafts' common keywords read the same) into a
 * check of a parsed value: undefined when it conforms, else its violations described by path,
 * without quoting the value (the description goes into errors that name the check, not the content).
 * Throws an Error naming the problem when the schema itself is unusable.
 *
 * @example compileJsonSchema({ type: 'object', required: ['intent'] })({}) // "intent: is required"
 */
export function compileJsonSchema(schema: Record<string, unknown>): (value: unknown) => string | undefined {
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new Error(`not a usable JSON Schema: ${clip((error as Error).message, 300)}`);
  }
  return (value) => {
    if (validate(value)) return undefined;
    const errors = validate.errors ?? [];
    const described = errors.slice(0, SHOWN_VIOLATIONS).map(describeViolation);
    const more = errors.length > SHOWN_VIOLATIONS ? `; and ${errors.length - SHOWN_VIOLATIONS} more` : '';
    return described.join('; ') + more;
  };
}

/**
 * Compiles a schema once and returns a validator of model output text (also used by the
 * output guardrail and the cascade's validation, so evals, guards and routes agree on "valid").
 *
 * @example jsonSchemaValidator({ type: 'object', required: ['intent'] })('{"intent":"refund"}').valid // true
 */
export function jsonSchemaValidator(schema: Record<string, unknown>): (text: string) => { valid: boolean; reason: string } {
  const check = compileJsonSchema(schema);
  return (output: string) => {
    const text = unfence(output);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { valid: false, reason: `not JSON: ${unquotedParseError(error as Error)}` };
    }
    const violations = check(value);
    return violations === undefined ? { valid: true, reason: 'valid against the schema' } : { valid: false, reason: `schema violations: ${violations}` };
  };
}

/** Compiles a schema, throwing when it is unusable (so suites and configs fail before any call). */
export function checkJsonSchema(schema: Record<string, unknown>): void {
  compileJsonSchema(schema);
}

/** One violation as `path: what is wrong`, the path in dots (`items.0.name`), `(root)` for the whole. */
function describeViolation(error: ErrorObject): string {
  const path = error.instancePath.slice(1).split('/').filter(Boolean).map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${[...path, String(params.missingProperty)].join('.')}: is required`;
    case 'additionalProperties':
      return `${[...path, String(params.additionalProperty)].join('.')}: is not allowed (the schema lists the properties it takes)`;
    case 'enum':
      return `${shown(path)}: must be one of ${clip((params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '), 200)}`;
    case 'const':
      return `${shown(path)}: must be ${clip(JSON.stringify(params.allowedValue), 200)}`;
    default:
      return `${shown(path)}: ${error.message ?? 'is invalid'}`;
  }
}

function shown(path: string[]): string {
  return path.length > 0 ? path.join('.') : '(root)';
}

/** A JSON Pointer segment's escapes (`~1` is `/`, `~0` is `~`). */
function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * JSON.parse's message without the text it quotes: V8 writes `Unexpected token 'S', "Sure, mail
 * bob@…"... is not valid JSON`, the whole of a short answer, and this reason goes into the 422 a
 * guardrail answers with, which names the guard and never the content.
 *
 * @example unquotedParseError(new SyntaxError('Unexpected token \'S\', "Sure" is not valid JSON')) // 'an unexpected character where…'
 */
function unquotedParseError(error: Error): string {
  const quoting = /^Unexpected token\b[\s\S]*\bis not valid JSON$/.exec(error.message);
  return quoting ? 'an unexpected character where a JSON value should be (the answer is not quoted here)' : error.message;
}

/** A JSON answer wrapped in a Markdown code fence, unwrapped: models add fences even when told not to. */
export function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return (fenced ? (fenced[1] as string) : text).trim();
}
