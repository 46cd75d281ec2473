// Ctrl-C and SIGTERM during a run: the handler decides (abort between actions,
// or stop a --watch); a second one calls onSecond when given (stop at once, the
// running actions recorded as cut). The returned function takes them off again.
export function onInterrupt(handler: () => void, onSecond?: () => void): () => void {
  let count = 0;
  const listener = (): void => {
    count += 1;
    if (count === 1 || !onSecond) handler();
    else if (count === 2) onSecond();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

/** The two stages of an interrupt as abort signals: stop between actions, then cut. */
export function interrupts(): { stop: AbortSignal; cut: AbortSignal; off: () => void } {
  const stop = new AbortController();
  const cut = new AbortController();
  const off = onInterrupt(
    () => stop.abort(),
    () => {
      stop.abort();
      cut.abort();
    },
  );
  return { stop: stop.signal, cut: cut.signal, off };
}
