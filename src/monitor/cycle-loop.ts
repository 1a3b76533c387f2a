/**
 * Keeps a rhythm: a cycle starts every `intervalMs`, counted from the loop's start (not from the
 * end of the last cycle, so slow cycles do not drift the schedule). Never two cycles at once: a
 * cycle still running when the next one is due is counted as skipped, and the next tick comes
 * on the grid as usual.
 */
export interface CycleLoop {
  start(): void;
  /** Stops scheduling and resolves when the running cycle (if any) has finished. */
  stop(): Promise<void>;
  /** Epoch ms of the last cycle start or end, whichever is later (0 before the first). */
  lastProgress(): number;
  /** Epoch ms the loop started. */
  startedAt(): number;
}

export interface CycleLoopOptions {
  intervalMs: number;
  cycle(): Promise<void>;
  onSkipped(): void;
  now?: () => number;
}

export function cycleLoop(options: CycleLoopOptions): CycleLoop {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let started = 0;
  let progress = 0;
  let ticks = 0;

  const tick = () => {
    if (stopped) return;
    if (running) options.onSkipped();
    else {
      progress = now();
      running = options
        .cycle()
        .catch(() => undefined)
        .finally(() => {
          progress = now();
          running = undefined;
        });
    }
    ticks++;
    // The next tick on the grid; ticks missed while the event loop was busy are skipped, once.
    let due = started + ticks * options.intervalMs;
    if (due <= now()) {
      const missed = Math.floor((now() - due) / options.intervalMs) + 1;
      for (let i = 0; i < missed; i++) options.onSkipped();
      ticks += missed;
      due = started + ticks * options.intervalMs;
    }
    timer = setTimeout(tick, due - now());
  };

  return {
    start() {
      started = now();
      progress = started;
      tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    lastProgress: () => progress,
    startedAt: () => started,
  };
}
