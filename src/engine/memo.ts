// Facts one step or check learns for later ones in the same run (ctx.memo). A key
// carries the type of its value, so reading a fact as another type, or storing the
// wrong one, is a compile error rather than a cast.

/** A typed memo key: declare it once (`memoKey<Promise<string>>('db.version')`) and use it everywhere. */
export interface MemoKey<T> {
  readonly name: string;
  /** Never set: holds T so that a MemoKey<A> is not a MemoKey<B>. */
  readonly type?: (value: T) => T;
}

export const memoKey = <T>(name: string): MemoKey<T> => ({ name });

export class Memo {
  private readonly values = new Map<string, unknown>();

  get<T>(key: MemoKey<T>): T | undefined {
    return this.values.get(key.name) as T | undefined;
  }

  set<T>(key: MemoKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  delete<T>(key: MemoKey<T>): void {
    this.values.delete(key.name);
  }

  clear(): void {
    this.values.clear();
  }

  /** Computes a value once per run (e.g. DB facts several checks judge); a failed one is not remembered, so a retry looks again. */
  once<T>(key: MemoKey<Promise<T>>, make: () => Promise<T>): Promise<T> {
    const hit = this.get(key);
    if (hit) return hit;
    const made = make();
    this.set(key, made);
    made.catch(() => this.delete(key));
    return made;
  }
}
