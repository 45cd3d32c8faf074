import { jsonSchemaValidator } from '../../core/json-schema-validator.js';
import { binary, type ScoreInput } from './scorer.js';

// The validator lives in core so the output guardrail uses the very same one without depending on evals.
export { checkJsonSchema, jsonSchemaValidator } from '../../core/json-schema-validator.js';

/**
 * A compiled JSON-schema check. Outputs wrapped in a Markdown code fence are unwrapped first,
 * since models add fences even when asked not to.
 *
 * @example const check = jsonSchemaScorer({ type: 'object', required: ['intent'] }); check(input).pass
 */
export function jsonSchemaScorer(schema: Record<string, unknown>) {
  const validate = jsonSchemaValidator(schema);
  return (input: ScoreInput) => {
    const result = validate(input.output);
    return binary(result.valid, result.reason);
  };
}
