/** The verdict on one sentence of an answer. */
export interface SentenceVerdict {
  text: string;
  start: number;
  end: number;
  /** null when the sentence could not be judged (no content words, or no verdict from the judge). */
  supported: boolean | null;
  /** 0–1: share of the sentence's weighted content found in the context (lexical), or 1/0 (judge). */
  score: number | null;
  /** Why: missing words, or the judge's reason. */
  reason: string;
  /** The lexical pass's counts behind `reason`, to say why without quoting the words. */
  counts?: { words: number; missing: number; missingNumbers: number };
}

/** Scorer vocabulary shared with evaluation: pass, score 0–1, reason; plus the sentences. */
export interface GroundednessResult {
  pass: boolean;
  score: number;
  reason: string;
  sentences: SentenceVerdict[];
}
