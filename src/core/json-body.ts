import { SwitchyardError } from './errors.js';

/**
 * Parses a JSON request body into an object, or a 400 that says where the syntax broke.
 *
 * @example parseJsonBody('{"model":"small"}') // { model: 'small' }
 */
export function parseJsonBody(body: string | Buffer): Record<string, unknown> {
  if (body.length === 0) throw new SwitchyardError('invalid_json', 'request body is empty; expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    throw new SwitchyardError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchyardError('invalid_json', `request body must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return parsed as Record<string, unknown>;
}
