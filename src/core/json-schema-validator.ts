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
      return { valid: false, reason: `not JSON: ${(error as Error).message}` };
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

function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return (fenced ? (fenced[1] as string) : text).trim();
}
