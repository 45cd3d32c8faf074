import { z } from 'zod';
import { SwitchyardError } from '../../core/errors.js';
import { jsonSchemaValidator } from '../../core/json-schema-validator.js';
import { type GuardVerdict, verdict } from '../verdict.js';
import { actionSchema, parseCheckConfig } from './parse-config.js';
import { requireText } from './require-text.js';

export const jsonSchemaCheckConfigSchema = z.strictObject({
  /** A JSON Schema (draft 2020-12 / 7) the model output must satisfy. */
  schema: z.record(z.string(), z.unknown()),
  /** What to do with an answer that is still invalid after the last re-ask. */
  action: actionSchema('block'),
  /**
   * Ask the model again this many times, with its invalid answer and the validation errors,
   * before `action` applies. Each re-ask is a full model call (billed and traced), so the bound
   * is small: three failed corrections in a row mean the prompt or schema needs fixing.
   */
  max_reasks: z.number().int().min(0).max(3).default(0),
});

export type JsonSchemaCheckConfig = z.input<typeof jsonSchemaCheckConfigSchema>;

/**
 * Validates a model output against a JSON schema with the same validator the eval scorers use
 * (a Markdown code fence around the JSON is tolerated). The schema is compiled once, when the
 * check is built, so an unreadable schema fails at config time.
 *
 * @example
 * const check = jsonSchemaCheck({ schema: { type: 'object', required: ['intent'] } });
 * check('{"intent":"refund"}').action // 'pass'
 */
export function jsonSchemaCheck(raw: JsonSchemaCheckConfig): (output: string) => GuardVerdict {
  const config = parseCheckConfig(jsonSchemaCheckConfigSchema, raw, 'json_schema');
  let validate: ReturnType<typeof jsonSchemaValidator>;
  try {
    validate = jsonSchemaValidator(config.schema);
  } catch (error) {
    throw new SwitchyardError('config_invalid', `json_schema.schema: not a usable JSON schema: ${(error as Error).message}`, { cause: error });
  }
  return (output) => {
    const result = validate(requireText(output, 'json-schema'));
    return verdict('json-schema', !result.valid, config.action, result.reason, result.valid ? 0 : 1);
  };
}
