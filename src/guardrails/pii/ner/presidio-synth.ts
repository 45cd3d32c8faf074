import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One labelled text of presidio-research's synthetic set (data/presidio-synth). */
export interface SynthSample {
  full_text: string;
  template_id: number;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}

/** Where the shipped copy lives, from both src/ (tests) and dist/ (built code): four levels up. */
export const PRESIDIO_SYNTH_PATH = fileURLToPath(new URL('../../../../data/presidio-synth/synth_dataset_v2.json', import.meta.url));

/**
 * Templates held out from training and tuning; the benchmark reports its figures on these only.
 * Splitting by template (not by text) keeps sentences that differ only in their fake values on
 * one side, as presidio-research's own split notebook recommends.
 *
 * @example isHeldOutTemplate(4) // true
 */
export function isHeldOutTemplate(templateId: number): boolean {
  const r = templateId % 10;
  return r === 1 || r === 4 || r === 7;
}

/** Reads the shipped data set. */
export function readPresidioSynth(path = PRESIDIO_SYNTH_PATH): SynthSample[] {
  return JSON.parse(readFileSync(path, 'utf8')) as SynthSample[];
}
