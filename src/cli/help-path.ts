/**
 * `switchyard help eval run` as `switchyard eval run --help`. Commander's help command reads
 * only its first word, so `help eval run` printed the help of `eval` (its subcommands), not the
 * options and examples of `eval run` that README's quick start promises.
 */
export function helpAsFlag(words: readonly string[]): string[] {
  return words[0] === 'help' && words.length > 2 ? [...words.slice(1), '--help'] : [...words];
}
