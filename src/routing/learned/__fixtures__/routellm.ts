import { readFileSync } from 'node:fs';
import { parseRouterRecords } from '../read-records.js';
import type { RouterRecord } from '../train-router.js';

/**
 * RouteLLM outcomes (Mixtral = weak, GPT-4 = strong) from data/routellm, without the prompts
 * RouteLLM lists as contaminated.
 */
export function routellmRecords(name: 'mmlu' | 'gsm8k'): RouterRecord[] {
  const contaminated = new Set(
    readFileSync(`data/routellm/${name}-contaminated.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { eval_prompt: string }).eval_prompt),
  );
  const records = parseRouterRecords(readFileSync(`data/routellm/${name}.jsonl.gz`), { weak: 'weak', strong: 'strong' }, name);
  return records.filter((r) => !contaminated.has(r.prompt));
}
