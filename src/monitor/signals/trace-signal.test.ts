import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { traceSignal } from './trace-signal.js';

describe('trace signal', () => {
  it('keeps what served the call and the local model\'s label and confidence, for drift', () => {
    const routed = traceSignal(sampleTrace({ decisions: { route: { steps: [] }, local: { answered: false, reason: 'confidence 0.41 below the threshold', label: 'card_arrival', confidence: 0.41, version: 3 } } }));
    expect(routed).toMatchObject({ servedBy: 'standin-small', localLabel: 'card_arrival', localConfidence: 0.41 });
    // A local answer, with decisions kept as the JSON text the writer receives.
    const local = traceSignal(sampleTrace({ provider: 'local', upstreamModel: 'local:support@v3', decisions: new JsonText('{"local":{"answered":true,"label":"pin_blocked","confidence":0.97}}') as never }));
    expect(local).toMatchObject({ servedBy: 'local', localLabel: 'pin_blocked', localConfidence: 0.97 });
    const failed = traceSignal(sampleTrace({ provider: null, upstreamModel: null, status: 502, decisions: '{"cache":{"hit":false}}' as never }));
    expect(failed).toMatchObject({ servedBy: null, localLabel: null, localConfidence: null });
  });
});
