/**
 * Maps with at most `limit` calls in flight, keeping input order in the result.
 * After a failure no new call starts, and the first error is thrown only once
 * every call already in flight has settled: a step that failed on one node must
 * not end the run while its siblings still change other nodes (a second run
 * would then find them "cut" and could start a second installer beside them).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
