/**
 * What grounding records on a trace's decisions, as plain types (the dashboard reads them).
 */

/** What the knowledge stage records on the trace (`decisions.knowledge`); the dashboard reads it. */
export interface KnowledgeDecision {
  base: string;
  version?: number;
  mode?: string;
  k?: number;
  /** The model that reranked the candidates, when the route reranks. */
  rerankedBy?: string;
  retrievalMs: number;
  chunks?: { index: number; docId: string; chunkId: string; title: string; headingPath: string[]; score: number; start: number; end: number; text?: string }[];
  warnings?: string[];
  /** `flag` when retrieval failed and the request went on without context. */
  action?: 'flag';
  reason?: string;
}

/** The groundedness decision recorded on the trace (`decisions.groundedness`). */
export interface GroundednessDecision {
  /** `flag` puts the trace in the review queue; `block` means the answer was replaced. */
  action: 'pass' | 'flag' | 'block';
  by: 'lexical' | 'judge';
  pass: boolean;
  /** Share of checked sentences the context supports. */
  score: number;
  reason: string;
  /** The lexical first pass, when a judge had the last word. */
  lexical?: { pass: boolean; score: number };
  /**
   * The sentences found unsupported (at most 10): their number in the answer and offsets, and
   * with `traces.bodies: full` their text (up to 300 characters); the reason in counts when the
   * trace keeps no bodies (entries before 2026-12-06 hold only `text` and `reason`).
   */
  unsupported: { sentence?: number; start?: number; end?: number; text?: string; reason: string }[];
  checkMs: number;
}
