// The generators' shared source of reproducible random text: a linear congruential generator
// (the same constants as C's rand) and the pieces prompts are built from. Each generator passes
// its own seed, so every file regenerates byte for byte.

/**
 * @param {number} seed
 * @param {{ hexAlphabet?: string }} [options] upper-case hex for generators that used it
 */
export function seededText(seed, { hexAlphabet = '0123456789abcdef' } = {}) {
  let state = seed;
  const rnd = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
  const pick = (xs) => xs[int(0, xs.length - 1)];
  const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
  const upper = (n) => Array.from({ length: n }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[int(0, 23)]).join('');
  const hex = (n) => Array.from({ length: n }, () => hexAlphabet[int(0, 15)]).join('');
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return { rnd, int, pick, digits, upper, hex, pad };
}
