import { z } from 'zod';

/**
 * Whether `value` satisfies the JSON Schema, judged by zod's independent implementation (not the
 * simulator's own reading of schemas, which is what the tests check).
 *
 * @example satisfiesSchema({ type: 'string', minLength: 2 }, 'ok') // true
 */
export function satisfiesSchema(schema: object, value: unknown): boolean {
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success;
}
