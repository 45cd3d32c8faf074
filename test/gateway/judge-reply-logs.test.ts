import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFields } from '../../src/core/log.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A judge's reply restates what it judged (the user's request, the answer, any personal data in
 * them). One the gateway cannot read was quoted where it went: online evaluation's warning in the
 * server log (160 characters of it), the cascade's route decision and `x-switchyard-route` header.
 * Now each says the reply's length and shape, what was expected, and the judge call's trace (which
 * holds the reply under the store's body settings), and never a word of the reply.
 */
const PII = 'Jane Doe';
const REPLY = `The answer to ${PII} (jane.doe@example.com, card 4111 1111 1111 1111) looks fine to me, I would call it good.`;
const lines: { line: string; fields?: LogFields }[] = [];
let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness(
    `
routes:
  graded: { policy: cascade, targets: [ small, claude ], escalate_on: { judge: { model: claude, min_score: 0.5 } } }
monitoring:
  interval_seconds: 3600
  drift: { every_minutes: 0 }
  online_eval:
    - route: small
      sample: 1
      scorers:
        - { type: judge, name: helpful, model: claude, rubric: "Is the answer helpful?", scale: [1, 5] }
`,
    undefined,
    { log: (line, fields) => lines.push({ line, fields }) },
  );
  client = h.openai('sk-sy-test');
  // The judge (claude) answers in prose, with the customer's data in it, and no score or grade.
  h.sim.addScript({ model: 'claude-standin', match: 'Answer to score:', reply: REPLY });
  h.sim.addScript({ model: 'claude-standin', match: 'You grade an assistant answer', reply: REPLY });
});
afterAll(() => h.close());

describe('a judge reply the gateway cannot read', () => {
  it('is described in online evaluation\'s log line by its length, shape and trace, not quoted', async () => {
    await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: `I am ${PII}, where is my refund?` }] });
    await h.gateway.traces.flush();
    await h.gateway.monitor.runOnce();
    const failed = lines.filter((l) => l.line.startsWith('online eval small: scorer helpful failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.fields?.level).toBe('warn');
    expect(failed[0]?.line).toMatch(
      new RegExp(`^online eval small: scorer helpful failed on tr_\\w+: the judge's reply has no score: expected \\{"reason": "…", "score": <number>\\} or "Score: <number>" \\(${REPLY.length} characters: no JSON object and no "Score: <number>"; the reply is on trace (tr_\\w+)\\)$`),
    );
    // That trace is the judge's call, and it holds the reply for whoever may read traces.
    const judgeTrace = await h.traceOf(/the reply is on trace (tr_\w+)\)$/.exec(failed[0]?.line ?? '')?.[1]);
    expect(JSON.stringify(judgeTrace.response)).toContain(PII);
    expect(lines.map((l) => l.line).join('\n')).not.toContain(PII);
    expect(lines.map((l) => l.line).join('\n')).not.toContain('jane.doe');
  });

  it('is described, not quoted, in a cascade\'s route decision and x-switchyard-route header', async () => {
    const { response } = await client.chat.completions.create({ model: 'graded', messages: [{ role: 'user', content: `I am ${PII}, where is my refund?` }] }).withResponse();
    const header = response.headers.get('x-switchyard-route') ?? '';
    expect(header).toContain('judge call failed');
    expect(header).not.toContain('Jane');
    const trace = await h.traceOf(response);
    const decision = JSON.stringify(trace.decisions?.route);
    // The grader's max_tokens (5) cuts the reply to its opening, which names the customer.
    expect(decision).toMatch(/judge call failed: the judge's reply holds no grade from 1 to 5 \(\d+ characters: no digit from 1 to 5; the reply is on trace tr_\w+\)/);
    expect(decision).not.toContain(PII);
  });
});
