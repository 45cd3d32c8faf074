import { SwitchyardError } from '../../core/errors.js';

/**
 * Guards a check's input: anything but a string is a caller's mistake, reported precisely
 * instead of failing deep inside a regex.
 *
 * @example requireText(body.text, 'banned-words') // returns the string or throws invalid_request
 */
export function requireText(value: unknown, check: string): string {
  if (typeof value === 'string') return value;
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new SwitchyardError('invalid_request', `${check}: text must be a string, got ${got}`);
}
