import { describe, expect, it } from 'vitest';
import { ADD, compiledOnce, END, get, i32, oneFunctionModule, sleb, uleb, wasm } from './wasm-bytes.js';

const I32_STORE = [0x36, 2, 0];

/** (func (export "put") (param $at i32) (param $a i32) (param $b i32) (i32.store $at (i32.add $a (i32.add $b 1000)))) */
function putSum(memory: { shared: false } | { shared: true; maxPages: number }): Uint8Array {
  return oneFunctionModule({ params: 3, locals: [], memory, exportName: 'put', body: [...get(0), ...get(1), ...get(2), ...i32(1000), ADD, ADD, ...I32_STORE, END] });
}

describe('the WebAssembly pieces', () => {
  it('encodes LEB128 as the spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('assembles a one-function module that runs over private and shared memory', () => {
    for (const [spec, descriptor] of [
      [{ shared: false }, { initial: 1 }],
      [{ shared: true, maxPages: 2 }, { initial: 1, maximum: 2, shared: true }],
    ] as const) {
      const memory = new wasm.Memory(descriptor);
      const put = new wasm.Instance(new wasm.Module(putSum(spec)), { m: { memory } }).exports.put as (at: number, a: number, b: number) => void;
      put(8, 20, 3);
      expect(new Int32Array(memory.buffer, 0, 4)[2]).toBe(1023);
    }
  });

  it('compiles once, and answers null for bytes the engine refuses', () => {
    let assembled = 0;
    const good = compiledOnce(() => {
      assembled += 1;
      return putSum({ shared: false });
    });
    expect(good()).toBe(good());
    expect(good()).not.toBeNull();
    expect(assembled).toBe(1);
    expect(compiledOnce(() => new Uint8Array([0, 1, 2]))()).toBeNull();
  });
});
