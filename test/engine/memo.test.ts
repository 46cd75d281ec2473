// ctx.memo: typed keys, and once() computing a fact once per run unless it failed.
import { describe, expect, it } from 'vitest';
import { Memo, memoKey } from '../../src/engine/memo.js';

describe('Memo', () => {
  it('gives back what was set under a key, by the key', () => {
    const memo = new Memo();
    const proven = memoKey<true>('proof.n1');
    expect(memo.get(proven)).toBeUndefined();
    memo.set(proven, true);
    expect(memo.get(proven)).toBe(true);
    expect(memo.get(memoKey<true>('proof.n2'))).toBeUndefined();
    memo.clear();
    expect(memo.get(proven)).toBeUndefined();
  });

  it('once() computes a value once; a failed one is looked at again', async () => {
    const memo = new Memo();
    const key = memoKey<Promise<number>>('facts');
    let made = 0;
    const make = (): Promise<number> => (++made === 1 ? Promise.reject(new Error('EIO')) : Promise.resolve(made));
    await expect(memo.once(key, make)).rejects.toThrow('EIO');
    expect(await memo.once(key, make)).toBe(2);
    expect(await memo.once(key, make)).toBe(2);
    expect(made).toBe(2);
  });

  it('a value of the wrong type is a compile error (npm run typecheck)', () => {
    const memo = new Memo();
    const version = memoKey<Promise<string | null>>('st.first-version');
    // @ts-expect-error a number is not a Promise<string | null>
    memo.set(version, 5);
    // @ts-expect-error the key holds a promise, not a string
    const text: string | undefined = memo.get(version);
    expect(text).toBe(5);
  });
});
