/**
 * A URL without its password, for logs and the start banner.
 *
 * @example redactUrl('redis://:hunter2@10.0.0.5:6379/2') // 'redis://:***@10.0.0.5:6379/2'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
