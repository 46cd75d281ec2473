// Ctrl-C and SIGTERM during a run: the handler decides (abort between actions,
// or stop a --watch); the returned function takes the handler off again.
export function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
