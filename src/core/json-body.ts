import { SwitchyardError } from './errors.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';

/**
 * Parses a JSON request body into an object, or a 400 that says where the syntax broke.
 *
 * @example parseJsonBody('{"model":"small"}') // { model: 'small' }
 */
export function parseJsonBody(body: string | Buffer): Record<string, unknown> {
  if (body.length === 0) throw new SwitchyardError('invalid_json', 'request body is empty; expected a JSON object');
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SwitchyardError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchyardError('invalid_json', `request body must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  const deep = tooDeep(parsed, text);
  if (deep !== undefined) throw new SwitchyardError('invalid_json', `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${deep}); expected at most ${MAX_JSON_DEPTH}`);
  return parsed as Record<string, unknown>;
}
