import { parseConfig } from '../config/load-config.js';

/**
 * The message a config text is refused with, for tests of config validation; throws when the
 * text is accepted.
 *
 * @example expect(configError('server: { port: -1 }')).toContain('server.port')
 */
export function configError(text: string, env: Record<string, string> = {}): string {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}
