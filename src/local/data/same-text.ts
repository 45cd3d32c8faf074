/**
 * The key under which two example texts count as the same request: case and spacing aside
 * ("Card  stuck " and "card stuck"). Training keeps such copies on one side of the hold-out split,
 * and the data report finds one text given different labels.
 *
 * @example sameTextKey('  My card\tis  STUCK ') // 'my card is stuck'
 */
export function sameTextKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
