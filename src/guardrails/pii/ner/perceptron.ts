/**
 * An averaged multi-class perceptron over string features (Collins 2002): small, fast to train
 * in-process, and as accurate as logistic regression for sequence tagging with rich features.
 * Weights are averaged over all updates, which keeps the model from overfitting the last examples.
 */
export class AveragedPerceptron {
  private readonly weights = new Map<string, Float64Array>();
  private readonly totals = new Map<string, Float64Array>();
  private readonly stamps = new Map<string, Float64Array>();
  private instances = 0;

  constructor(readonly classes: readonly string[]) {}

  /** Scores of each class for the features. */
  scores(features: readonly string[]): Float64Array {
    const out = new Float64Array(this.classes.length);
    for (const f of features) {
      const w = this.weights.get(f);
      if (!w) continue;
      for (let c = 0; c < out.length; c += 1) out[c]! += w[c]!;
    }
    return out;
  }

  /** Index of the best class. */
  predict(features: readonly string[]): number {
    return argmax(this.scores(features));
  }

  /** One training step: if the guess is wrong, move weights towards the truth. */
  update(features: readonly string[], truth: number, guess: number): void {
    this.instances += 1;
    if (truth === guess) return;
    for (const f of features) {
      this.bump(f, truth, 1);
      this.bump(f, guess, -1);
    }
  }

  /** Replaces the weights by their averages; call once after training. */
  average(): void {
    for (const [f, w] of this.weights) {
      const total = this.totals.get(f)!;
      const stamp = this.stamps.get(f)!;
      for (let c = 0; c < w.length; c += 1) {
        total[c]! += (this.instances - stamp[c]!) * w[c]!;
        w[c] = total[c]! / Math.max(1, this.instances);
      }
    }
    this.totals.clear();
    this.stamps.clear();
  }

  private bump(feature: string, cls: number, delta: number): void {
    let w = this.weights.get(feature);
    if (!w) {
      w = new Float64Array(this.classes.length);
      this.weights.set(feature, w);
      this.totals.set(feature, new Float64Array(this.classes.length));
      this.stamps.set(feature, new Float64Array(this.classes.length));
    }
    const total = this.totals.get(feature)!;
    const stamp = this.stamps.get(feature)!;
    total[cls]! += (this.instances - stamp[cls]!) * w[cls]!;
    stamp[cls] = this.instances;
    w[cls]! += delta;
  }
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i]! > values[best]!) best = i;
  return best;
}
