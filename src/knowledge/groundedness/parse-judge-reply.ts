import { jsonValuesIn } from '../../core/json-in-text.js';

export interface JudgedSentence {
  supported: boolean;
  reason: string;
}

/**
 * Reads a judge's verdicts by sentence number (1-based) from its reply, tolerating code fences,
 * prose around the JSON, a bare array, "yes"/"no"/"supported"/"unsupported" and 0/1 values, and,
 * when there is no JSON at all, lines such as `S2: unsupported — not in the passages`.
 *
 * @example parseJudgeReply('```json\n{"sentences":[{"id":1,"supported":"yes"}]}\n```').get(1) // { supported: true, reason: '' }
 */
export function parseJudgeReply(reply: string): Map<number, JudgedSentence> {
  const verdicts = new Map<number, JudgedSentence>();
  for (const candidate of jsonCandidates(reply)) {
    const entries = Array.isArray(candidate) ? candidate : candidate && typeof candidate === 'object' ? findArray(candidate as Record<string, unknown>) : undefined;
    if (!entries) continue;
    entries.forEach((entry, index) => {
      if (!entry || typeof entry !== 'object') return;
      const e = entry as Record<string, unknown>;
      const id = toNumber(e.id ?? e.index ?? e.sentence ?? e.sentence_id) ?? index + 1;
      const supported = toVerdict(e.supported ?? e.verdict ?? e.grounded ?? e.label);
      if (supported !== undefined && !verdicts.has(id)) verdicts.set(id, { supported, reason: typeof e.reason === 'string' ? e.reason : '' });
    });
    if (verdicts.size > 0) return verdicts;
  }
  for (const line of reply.split('\n')) {
    const m = /^\W*S?(\d{1,4})\s*[:.)\]\-–—]\s*(not supported|unsupported|supported|yes|no|true|false)\b\W*(.*)$/i.exec(line.trim());
    if (!m) continue;
    const supported = toVerdict(m[2]);
    const id = Number(m[1]);
    if (supported !== undefined && !verdicts.has(id)) verdicts.set(id, { supported, reason: (m[3] ?? '').trim() });
  }
  return verdicts;
}

function findArray(object: Record<string, unknown>): unknown[] | undefined {
  for (const key of ['sentences', 'verdicts', 'results', 'judgements', 'judgments']) if (Array.isArray(object[key])) return object[key] as unknown[];
  return Object.values(object).find(Array.isArray) as unknown[] | undefined;
}

/** Every balanced {…} or […] span that parses, outermost first, fences stripped. */
function jsonCandidates(reply: string): unknown[] {
  return jsonValuesIn(reply.replace(/```(?:json)?/gi, ''), { values: 5, spans: Number.POSITIVE_INFINITY });
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const m = /^\s*S?(\d+)\s*$/i.exec(value);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function toVerdict(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['yes', 'true', 'supported', 'grounded', 'pass', 'y'].includes(v)) return true;
  if (['no', 'false', 'unsupported', 'not supported', 'ungrounded', 'fail', 'n', 'partially', 'partial'].includes(v)) return false;
  return undefined;
}
