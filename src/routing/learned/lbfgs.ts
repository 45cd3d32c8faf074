/**
 * Limited-memory BFGS for smooth convex objectives such as regularised logistic regression. Full
 * batch and free of randomness, so the same data always gives the same model, and with no learning
 * rate to tune.
 */

/** Writes the gradient at `x` into `gradient` and returns the objective's value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the objective improves by less than this fraction in an iteration. */
  tolerance?: number;
  /** Curvature pairs kept. */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * Minimises `objective` from `start`.
 *
 * @example minimizeLbfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, new Float64Array(1)).x[0] // ≈ 3
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations = 200, tolerance = 1e-7, memory = 10 } = options;
  const n = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  // Buffers are recycled: a router has ~100,000 weights and allocating four vectors per iteration
  // made the optimiser's own bookkeeping cost as much as the objective.
  const spare: Float64Array[] = [];
  const take = () => spare.pop() ?? new Float64Array(n);
  const direction = new Float64Array(n);
  let next = new Float64Array(n);
  let nextGradient = new Float64Array(n);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    // Two-loop recursion: direction = -H·gradient.
    direction.set(gradient);
    const alphas: number[] = [];
    for (let k = sList.length - 1; k >= 0; k--) {
      const alpha = (rhoList[k] as number) * dot(sList[k] as Float64Array, direction);
      alphas[k] = alpha;
      const y = yList[k] as Float64Array;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) - alpha * (y[i] as number);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last] as Float64Array, yList[last] as Float64Array) / dot(yList[last] as Float64Array, yList[last] as Float64Array);
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * gamma;
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = (rhoList[k] as number) * dot(yList[k] as Float64Array, direction);
      const s = sList[k] as Float64Array;
      const coefficient = (alphas[k] as number) - beta;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) + coefficient * (s[i] as number);
    }
    for (let i = 0; i < n; i++) direction[i] = -(direction[i] as number);

    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rhoList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -(gradient[i] as number);
      slope = dot(gradient, direction);
      if (slope === 0) break;
    }

    // Backtracking line search with the Armijo condition; the first step tries a unit step
    // (scaled on the very first iteration, when the direction is the raw gradient).
    let step = sList.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = (x[i] as number) + step * (direction[i] as number);
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) break;

    const s = take();
    const y = take();
    for (let i = 0; i < n; i++) {
      s[i] = (next[i] as number) - (x[i] as number);
      y[i] = (nextGradient[i] as number) - (gradient[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
      if (sList.length > memory) {
        spare.push(sList.shift() as Float64Array, yList.shift() as Float64Array);
        rhoList.shift();
      }
    } else {
      spare.push(s, y);
    }
    const improvement = (value - nextValue) / Math.max(Math.abs(value), 1e-12);
    [x, next] = [next, x];
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
    if (improvement < tolerance) {
      iterations++;
      break;
    }
  }
  return { x, value, iterations };
}
