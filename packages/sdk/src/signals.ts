const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface SignalHandlers {
  /** Called on the first signal; resolves to the exit code. */
  onFirst(signal: NodeJS.Signals): Promise<number>;
  /** Called on a second signal while the first is still being handled; the process then exits 1. */
  onSecond(signal: NodeJS.Signals): void;
}

/**
 * Installs SIGTERM/SIGINT handlers: the first signal runs a graceful stop and exits with its
 * code; a second one while that runs exits 1 at once (the operator's "I mean it"). Returns the
 * uninstall function.
 */
export function handleSignals(handlers: SignalHandlers): () => void {
  let handling = false;
  const listener = (signal: NodeJS.Signals) => {
    if (handling) {
      handlers.onSecond(signal);
      process.exit(1);
    }
    handling = true;
    void handlers.onFirst(signal).then((code) => process.exit(code));
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of SIGNALS) process.off(signal, listener);
  };
}
