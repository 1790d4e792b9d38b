/**
 * Abort signals that follow others: a reply's deadline that shutdown ends sooner, a post's own
 * deadline joined to its adapter's. `AbortSignal.any` does this, but every signal it makes stays
 * registered with each source it follows (a weak reference Node never removes, in Node 20 and
 * still for observed signals in later versions), so a process that joins its one shutdown signal
 * with a deadline per request keeps an entry for every request it ever answered. Here a source
 * gets one listener whatever follows it, and a follower is dropped as soon as it aborts or is
 * released.
 */

/** Per source signal, what to do when it aborts: one entry per follower still waiting. */
const followers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `onAbort` when `source` aborts; returns the way to stop waiting for it. */
function follow(source: AbortSignal, onAbort: () => void): () => void {
  let waiting = followers.get(source);
  if (!waiting) {
    const fresh = new Set<() => void>();
    followers.set(source, fresh);
    source.addEventListener(
      "abort",
      () => {
        const all = [...fresh];
        fresh.clear();
        for (const each of all) each();
      },
      { once: true },
    );
    waiting = fresh;
  }
  waiting.add(onAbort);
  const set = waiting;
  return () => set.delete(onAbort);
}

/** A signal joined to others, and the way to let go of them once the work it guards is done. */
export interface Linked {
  signal: AbortSignal;
  /** Stops following the sources (and the deadline): call it when the work is over. */
  release(): void;
}

/**
 * A signal that aborts when any of `sources` does, with its reason, or `ms` from now (a
 * `TimeoutError`, as `AbortSignal.timeout` gives), whichever comes first. It lets go of its sources
 * when it aborts, or when `release` is called.
 */
export function linkSignals(sources: readonly (AbortSignal | undefined)[], ms?: number): Linked {
  const controller = new AbortController();
  const forget: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    for (const stop of forget.splice(0)) stop();
  };
  const abort = (reason: unknown) => {
    release();
    controller.abort(reason);
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      abort(source.reason);
      return { signal: controller.signal, release };
    }
    forget.push(follow(source, () => abort(source.reason)));
  }
  if (ms !== undefined) {
    timer = setTimeout(
      () => abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
      ms,
    );
    // As with AbortSignal.timeout, a pending deadline alone does not keep the process running.
    timer.unref?.();
  }
  return { signal: controller.signal, release };
}

/**
 * A deadline `ms` from now that `stopping` ends sooner: for work whose end the caller does not
 * report, it lets go of `stopping` when it expires, so at most the deadlines still running are held.
 */
export function deadline(stopping: AbortSignal, ms: number): AbortSignal {
  return linkSignals([stopping], ms).signal;
}
