import { z } from 'zod';

/**
 * Compiles a schema once and returns a validator of model output text (also used by the
 * output guardrail, so evals and guards agree on what "valid" means).
 *
 * @example jsonSchemaValidator({ type: 'object', required: ['intent'] })('{"intent":"refund"}').valid // true
 */
export function jsonSchemaValidator(schema: Record<string, unknown>): (text: string) => { valid: boolean; reason: string } {
  const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  return (output: string) => {
    const text = unfence(output);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { valid: false, reason: `not JSON: ${unquotedParseError(error as Error)}` };
    }
    const result = validator.safeParse(value);
    if (result.success) return { valid: true, reason: 'valid against the schema' };
    const problems = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { valid: false, reason: `schema violations: ${problems.join('; ')}` };
  };
}

/** Compiles a schema, throwing when zod cannot read it (so suites fail before any call). */
export function checkJsonSchema(schema: Record<string, unknown>): void {
  z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
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

function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return (fenced ? (fenced[1] as string) : text).trim();
}
