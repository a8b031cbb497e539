/** One page of the console: renders into `view`, returns what stops its timers when another page opens. */
export interface Page {
  title: string;
  render(view: HTMLElement, params: string[]): () => void;
}

/** Runs `work` now and then `everyMs` after each run ends, until the returned function is called. */
export function every(everyMs: number, work: () => Promise<void> | void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    try {
      await work();
    } finally {
      if (!stopped) timer = setTimeout(run, everyMs);
    }
  };
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
