import { Counter, Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { CounterBatch } from './counter-batch.js';

async function values(counter: Counter<string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await counter.get()).values) out[Object.values(v.labels).join('/')] = v.value;
  return out;
}

describe('CounterBatch', () => {
  it('adds each series once per flush with the sum of its increments', async () => {
    const counter = new Counter({ name: 'c', help: 'h', labelNames: ['model', 'status'], registers: [new Registry()] });
    const inc = vi.spyOn(counter, 'inc');
    const batch = new CounterBatch(counter);
    batch.add({ model: 'small', status: '200' });
    batch.add({ model: 'small', status: String(200) }, 2);
    batch.add({ model: 'small', status: '500' });
    batch.add({ model: 'large', status: '200' }, 0.5);
    expect(await values(counter)).toEqual({});
    batch.flush();
    expect(inc).toHaveBeenCalledTimes(3);
    expect(await values(counter)).toEqual({ 'small/200': 3, 'small/500': 1, 'large/200': 0.5 });
  });

  it('adds no value that is not a finite count and no sum past one, so a flush never throws (prom-client threw from a timer and the process ended)', async () => {
    const counter = new Counter({ name: 'c', help: 'h', labelNames: ['model'], registers: [new Registry()] });
    const batch = new CounterBatch(counter);
    for (const bad of [-5, Number.NaN, Number.POSITIVE_INFINITY]) batch.add({ model: 'evil' }, bad);
    batch.add({ model: 'huge' }, 1e308);
    batch.add({ model: 'huge' }, 1e308); // finite each, Infinity together
    batch.add({ model: 'small' }, 2);
    expect(() => batch.flush()).not.toThrow();
    expect(await values(counter)).toEqual({ small: 2 });
    batch.add({ model: 'huge' }, 3);
    batch.flush();
    expect(await values(counter)).toEqual({ small: 2, huge: 3 });
  });

  it('starts from zero after a flush and adds nothing for series left untouched', async () => {
    const counter = new Counter({ name: 'c', help: 'h', labelNames: ['key', 'team'], registers: [new Registry()] });
    const batch = new CounterBatch(counter);
    batch.add({ key: 'a', team: 'x' }, 4);
    batch.add({ key: 'b', team: 'x' }, 1);
    batch.flush();
    batch.add({ key: 'a', team: 'x' }, 1);
    batch.flush();
    batch.flush();
    expect(await values(counter)).toEqual({ 'a/x': 5, 'b/x': 1 });
  });

  it('keeps series apart whose values differ at any level, including a value that names another level', async () => {
    const counter = new Counter({ name: 'c', help: 'h', labelNames: ['route', 'branch'], registers: [new Registry()] });
    const batch = new CounterBatch(counter);
    batch.add({ route: 'a', branch: 'b' });
    batch.add({ route: 'b', branch: 'a' });
    batch.add({ route: 'a', branch: 'a' });
    batch.add({ route: 'a\u0000b', branch: '' });
    batch.flush();
    expect(await values(counter)).toEqual({ 'a/b': 1, 'b/a': 1, 'a/a': 1, 'a\u0000b/': 1 });
  });
});
