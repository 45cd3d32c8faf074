import { SwitchyardError } from '../core/errors.js';

/** One line for the terminal: the message alone for our own errors, the stack for surprises. */
export function formatCliError(error: unknown): string {
  if (error instanceof SwitchyardError) return `switchyard: ${error.message}`;
  if (error instanceof Error) return `switchyard: ${error.stack ?? error.message}`;
  return `switchyard: ${String(error)}`;
}
