/**
 * A value as one word of a command the CLI prints for a person to paste: as it is when it holds
 * only characters no shell reads specially, else in single quotes.
 *
 * @example shellWord('examples/switchyard.sim.yaml') // 'examples/switchyard.sim.yaml'
 * @example shellWord('my config.yaml') // "'my config.yaml'"
 */
export function shellWord(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
