import { detectorFromModel } from '../load-detector.js';
import { HashedVectorizer } from '../model/hashed-features.js';
import { wordLogit } from '../model/logistic.js';
import type { LoadedHead, ModelFile } from '../model/model-file.js';
import { normalizeText } from '../normalize/normalize-text.js';
import { splitPastedDocuments } from '../pasted-documents.js';
import type { Example } from './datasets.js';

export interface FirstStagePoint {
  /** The bar: a text whose word logit is under it is cleared (see `DetectorHead.firstStage`). */
  bar: number;
  /** Positives cleared at the bar: 0 by construction on the examples it was chosen on. */
  positivesCleared: number;
  positives: number;
  /** Per negative source: turns whose every scored part is cleared, and how many there are. */
  cleared: Record<string, { cleared: number; of: number }>;
}

/**
 * The word logit of each part of a user turn the detector scores with the user head: the turn, or
 * with pasted documents the prompt around them and each block (`splitPastedDocuments`).
 */
export function turnWordLogits(file: ModelFile<LoadedHead>, text: string, vectorizer = new HashedVectorizer(file.spec, file.heads.user.idf)): number[] {
  const pasted = splitPastedDocuments(text);
  const parts = pasted.documents.length === 0 ? [text] : [...(pasted.prompt === '' ? [] : [pasted.prompt]), ...pasted.documents];
  return parts.map((part) => wordLogit(file.heads.user.model, vectorizer, normalizeText(part).text));
}

/**
 * The first stage's bar, on validation turns: the lowest word logit of any part of any injection,
 * so no validation injection is cleared (recall on validation stays what the full model gives) and
 * as many benign turns as that allows are. A bar set lower would clear fewer benign turns for a
 * margin no validation figure asks for; the bench and test figures say how it holds beyond.
 *
 * `morePositives`: more validation injections, such as the validation jailbreaks pasted into RAG
 * templates (bench/rag-pasted-prompts.mjs, which the training script passes).
 *
 * @example chooseFirstStage(decodeModelFile(bytes), corpus.user.val).bar
 */
export function chooseFirstStage(file: ModelFile<LoadedHead>, examples: readonly Example[], morePositives: readonly string[] = []): FirstStagePoint {
  const vectorizer = new HashedVectorizer(file.spec, file.heads.user.idf);
  const scored = examples.map((e) => ({ e, logits: turnWordLogits(file, e.text, vectorizer) }));
  let bar = Number.POSITIVE_INFINITY;
  for (const { e, logits } of scored) if (e.label === 1) bar = Math.min(bar, ...logits);
  // A wrapped injection the splitter leaves whole ("<document>" tags round a one-line jailbreak)
  // reads as a different turn: 1 of 1,036 wrapped validation jailbreaks was under the turns' bar.
  // Their other parts (the question after the block) are no attack, so the bar is lowered only
  // as far as keeps every one the full model flags flagged: step down through their parts' logits.
  const full = detectorFromModel(file);
  const flagged = morePositives.filter((text) => full.score(text).flagged);
  const steps = [...new Set(flagged.flatMap((text) => turnWordLogits(file, text, vectorizer)))].filter((l) => l < bar).sort((a, b) => b - a);
  while (!flagged.every((text) => withBar(file, bar).score(text).flagged)) {
    const next = steps.shift();
    if (next === undefined) break;
    bar = next;
  }
  return firstStageAt(scored, bar);
}

function withBar(file: ModelFile<LoadedHead>, bar: number) {
  return detectorFromModel({ ...file, heads: { ...file.heads, user: { ...file.heads.user, firstStage: bar } } });
}

/** The figures of a bar on scored turns (see `chooseFirstStage`). */
export function firstStageAt(scored: readonly { e: Pick<Example, 'label' | 'source'>; logits: readonly number[] }[], bar: number): FirstStagePoint {
  const cleared: Record<string, { cleared: number; of: number }> = {};
  let positives = 0;
  let positivesCleared = 0;
  for (const { e, logits } of scored) {
    const isCleared = logits.every((l) => l < bar);
    if (e.label === 1) {
      positives++;
      if (isCleared) positivesCleared++;
      continue;
    }
    const row = (cleared[e.source] ??= { cleared: 0, of: 0 });
    row.of++;
    if (isCleared) row.cleared++;
  }
  return { bar, positivesCleared, positives, cleared };
}
