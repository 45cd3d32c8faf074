/**
 * `text` without the run of characters at its end that `inRun` accepts (one character tested at
 * a time), found in one pass from the end. A pattern such as `/[.\s]+$/` is tried again from
 * every character of a run that stops short of the end, so it is quadratic in the run's length:
 * 80,000 characters of ". " then a letter took 12.8 s, a word of 100,000 dashes 19 s, on text a
 * model or a file sent.
 *
 * @example trimEndRun('card_arrival. . .', /[.\s]/) // 'card_arrival'
 * @example trimEndRun('a---b', /-/) // 'a---b'
 */
export function trimEndRun(text: string, inRun: RegExp): string {
  let end = text.length;
  while (end > 0 && inRun.test(text[end - 1] as string)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * `text` without the runs at both ends that `inRun` accepts, each found in one pass.
 *
 * @example trimRuns('"`card`"', /["'`]/) // 'card'
 */
export function trimRuns(text: string, inRun: RegExp): string {
  let start = 0;
  while (start < text.length && inRun.test(text[start] as string)) start++;
  return trimEndRun(text.slice(start), inRun);
}
