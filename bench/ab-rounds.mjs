// The summary of an in-process A/B run in rounds: per name, each build's mean per call in every
// round (µs), as the minimum and the median over the rounds, B/A, and in how many rounds B was below A.

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const round1 = (n) => Math.round(n * 10) / 10;

/** Rows by name from `perCall[build][name]` (one mean per round), each also printed as a line. */
export function abRows(perCall, names, rounds) {
  const rows = {};
  for (const name of names) {
    const [a, b] = [perCall[0][name], perCall[1][name]];
    const row = {
      minUs: { A: round1(Math.min(...a)), B: round1(Math.min(...b)) },
      medianUs: { A: round1(median(a)), B: round1(median(b)) },
      roundsBBelowA: a.filter((x, i) => b[i] < x).length,
    };
    row.minBOverA = Math.round((row.minUs.B / row.minUs.A) * 1000) / 1000;
    row.medianBOverA = Math.round((row.medianUs.B / row.medianUs.A) * 1000) / 1000;
    rows[name] = row;
    console.log(`${name.padEnd(10)} min ${row.minUs.A} -> ${row.minUs.B} us (${row.minBOverA})  median ${row.medianUs.A} -> ${row.medianUs.B} us (${row.medianBOverA})  B below A in ${row.roundsBBelowA}/${rounds}`);
  }
  return rows;
}
