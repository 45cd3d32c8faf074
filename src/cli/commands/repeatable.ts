/**
 * Commander's argument parser for a flag that may be given more than once: each value is added
 * to the list (commander alone keeps only the last).
 *
 * @example .option('--tag <key=value>', 'metadata tag to match (repeatable)', repeatable) // --tag a=1 --tag b=2 → ['a=1', 'b=2']
 */
export const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];
