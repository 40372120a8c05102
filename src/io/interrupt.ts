import { isMainThread } from 'node:worker_threads';

/**
 * Cleanup on SIGINT and SIGTERM: while mecsim has temporary files or
 * folders open, an interrupt removes them before the process exits with
 * the conventional status (130, 143). Without open temporaries the default
 * behaviour of the signals is left alone.
 *
 * Worker threads receive no signals; the main thread's cleanup covers what
 * they write (a campaign registers one for its whole folder).
 */
const cleanups = new Set<() => void>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
let installed = false;

function onSignal(signal: keyof typeof SIGNALS): void {
  for (const c of [...cleanups]) {
    try {
      c();
    } catch {
      // The process is ending; what is left is removed by the next run (its owner is dead).
    }
  }
  process.exit(SIGNALS[signal]);
}

const handlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

/** Runs `cleanup` if the process is interrupted, until the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  if (!isMainThread) return () => undefined;
  cleanups.add(cleanup);
  if (!installed) {
    installed = true;
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
  }
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0 && installed) {
      installed = false;
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    }
  };
}
