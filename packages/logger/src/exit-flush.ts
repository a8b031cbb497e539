/** Something holding buffered log lines that must reach the disk before the process dies. */
export interface Flushable {
  flushSync(): void;
  /** Logs the error that is about to crash the process. */
  crashed(error: unknown): void;
}

const live = new Set<Flushable>();
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

function flushAll(): void {
  for (const flushable of live) {
    try {
      flushable.flushSync();
    } catch {
      // Dying anyway: one broken destination must not stop the others from flushing.
    }
  }
}

function onCrash(error: unknown): void {
  for (const flushable of live) flushable.crashed(error);
  flushAll();
}

function onSignal(signal: NodeJS.Signals): void {
  flushAll();
  // Alone, we replaced Node's default (exit); restore it. Others listening handle shutdown themselves.
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function install(): void {
  process.on('exit', flushAll);
  // The monitor sees uncaught exceptions (and unhandled rejections) without changing how Node handles them.
  process.on('uncaughtExceptionMonitor', onCrash);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', flushAll);
  process.off('uncaughtExceptionMonitor', onCrash);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Flushes `flushable` on exit, on a fatal error and on SIGTERM/SIGINT/SIGHUP until `release` is called. */
export function flushOnExit(flushable: Flushable): () => void {
  if (live.size === 0) install();
  live.add(flushable);
  return () => {
    if (live.delete(flushable) && live.size === 0) uninstall();
  };
}
