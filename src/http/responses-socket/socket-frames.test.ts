import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { errorFrame, onLane, SseFrames } from './socket-frames.js';

describe('SseFrames', () => {
  it('sends each event of a stream cut anywhere as one frame of its data, and keeps response.completed', () => {
    const frames = new SseFrames();
    const sse = 'event: response.created\ndata: {"type":"response.created"}\n\nevent: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1"}}\n\n';
    const cut = 30;
    expect([...frames.push(sse.slice(0, cut)), ...frames.push(sse.slice(cut)), ...frames.end()]).toEqual(['{"type":"response.created"}', '{"type":"response.completed","response":{"id":"resp_1"}}']);
    expect(frames.completed).toBe('{"type":"response.completed","response":{"id":"resp_1"}}');
  });

  it('drops the [DONE] terminator and reads data-only streams', () => {
    const frames = new SseFrames();
    expect(frames.push('data: {"type":"response.completed","response":{}}\n\ndata: [DONE]\n\n')).toEqual(['{"type":"response.completed","response":{}}']);
    expect(frames.completed).toBeDefined();
  });
});

describe('errorFrame', () => {
  it('is an error event with the HTTP status and the API error object, retry advice in headers', () => {
    const frame = JSON.parse(errorFrame(new SwitchyardError('rate_limited', 'slow down', { retryAfter: 1.5 }), 'req_1'));
    expect(frame).toMatchObject({ type: 'error', status: 429, error: { message: 'slow down' }, headers: { 'retry-after': '2', 'retry-after-ms': '1500' } });
  });
});

describe('onLane', () => {
  it("adds a lane's stream_id to its frames and leaves the default lane's as they are", () => {
    expect(JSON.parse(onLane('{"type":"response.created","response":{"id":"resp_1"}}', 'a'))).toEqual({ type: 'response.created', response: { id: 'resp_1' }, stream_id: 'a' });
    expect(JSON.parse(onLane(errorFrame(new SwitchyardError('invalid_request', 'bad'), 'req_1'), 'lane.2'))).toMatchObject({ type: 'error', stream_id: 'lane.2' });
    expect(onLane('{"type":"response.created"}', undefined)).toBe('{"type":"response.created"}');
  });
});
