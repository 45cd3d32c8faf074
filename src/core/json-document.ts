/**
 * The text of a JSON answer Switchyard writes itself (`/health`, the admin API, the simulator's
 * control routes): one line that ends in a newline, so `curl …/health` leaves the shell's prompt
 * on a line of its own, as the answers of `jq` and most JSON APIs do. Every JSON parser skips the
 * trailing whitespace. Model API answers keep their providers' bytes.
 *
 * @example jsonDocument({ status: 'ok' }) // '{"status":"ok"}\n'
 */
export const jsonDocument = (body: unknown): string => `${JSON.stringify(body)}\n`;
