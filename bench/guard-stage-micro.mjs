// The guard stages alone, in-process: a call goes through guard-in → guard-out → a stand-in
// provider that answers at once (whole, or as OpenAI SSE one word per event), against the same
// pipeline without guard stages. Used by bench/guard-gateway.mjs; exported for reuse.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

// `prompts`: user prompts sent in turn (a guarded and a bare call get the same one); `system`: the
// system prompt of every call.
export async function stageMicrobench(root, { prompts, system = 'You are a support agent.', reply, iterations = 2000, repeats = 5 }) {
  const { openGuardSlot } = await import(join(root, 'dist/gateway/guard/guard-slot.js'));
  const { composeStages } = await import(join(root, 'dist/gateway/pipeline.js'));
  const { Call } = await import(join(root, 'dist/gateway/call.js'));
  const { JsonText } = await import(join(root, 'dist/core/json-text.js'));
  const { guardrailsSchema } = await import(join(root, 'dist/config/guardrails-schema.js'));
  process.env.SWITCHYARD_SECRET_KEY ??= randomBytes(32).toString('base64'); // the pii policy's pseudonym secret
  const config = guardrailsSchema.parse({
    policies: { full: { pii: { default_action: 'redact' }, injection: { action: 'block', threshold: 0.6 }, output: { banned_words: { words: ['internal codename'] }, pii: { action: 'flag' }, stream: 'after' } } },
    apply: { default: 'full' },
  });
  const slot = await openGuardSlot(config);
  const completion = (content) => ({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }] });
  const words = reply.split(/(?<= )/);
  const provider = (stream) => async (call) => {
    if (!stream) {
      const body = JSON.stringify(completion(reply));
      call.response = new JsonText(body);
      return { kind: 'json', status: 200, body, headers: {} };
    }
    async function* events() {
      for (const w of words) yield `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })}\n\n`;
      yield 'data: [DONE]\n\n';
    }
    call.response = new JsonText(JSON.stringify(completion(reply)));
    return { kind: 'stream', headers: {}, events: events() };
  };
  let next = 0;
  const runOnce = async (run, stream, prompt) => {
    const body = { model: 'guarded', messages: [{ role: 'system', content: system }, { role: 'user', content: prompt }] };
    const bodyText = JSON.stringify(body);
    const call = new Call({ endpoint: 'chat', format: 'openai', bodyText, body: { ...body, stream }, signal: new AbortController().signal });
    call.model = 'guarded';
    call.stream = stream;
    const started = performance.now();
    const outcome = await run(call);
    if (outcome.kind === 'stream') for await (const _ of outcome.events);
    return performance.now() - started;
  };
  const out = {};
  for (const stream of [false, true]) {
    const bare = composeStages([provider(stream)]);
    const guarded = composeStages([...slot.guardIn, ...slot.guardOut, provider(stream)]);
    for (let i = 0; i < 300; i++) {
      const prompt = prompts[next++ % prompts.length];
      await runOnce(bare, stream, prompt);
      await runOnce(guarded, stream, prompt);
    }
    const raw = [];
    const minOf = [];
    for (let i = 0; i < iterations; i++) {
      let best = Infinity;
      for (let r = 0; r < repeats; r++) {
        // A new prompt every time: the minimum over repeats takes out descheduling, not the detectors' work.
        const prompt = prompts[next++ % prompts.length];
        const added = (await runOnce(guarded, stream, prompt)) - (await runOnce(bare, stream, prompt));
        if (r === 0) raw.push(added);
        best = Math.min(best, added);
      }
      minOf.push(best);
    }
    out[stream ? 'streaming' : 'non-streaming'] = { raw: summarise(raw), minOfRepeats: summarise(minOf) };
  }
  return out;
}

function summarise(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 1000) / 1000;
  return { n: s.length, p50: at(0.5), p99: at(0.99) };
}
