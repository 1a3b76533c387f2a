import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cycleLoop } from '../../src/monitor/cycle-loop.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A cycle that takes `ms` of (fake) time and records when it started and whether another ran. */
function recordingCycle(ms: () => number) {
  const starts: number[] = [];
  let running = 0;
  let overlaps = 0;
  const cycle = async () => {
    if (running > 0) overlaps++;
    running++;
    starts.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, ms()));
    running--;
  };
  return { cycle, starts, overlaps: () => overlaps };
}

describe('the monitor loop', () => {
  it('starts a cycle at once and then on a fixed grid of intervals', async () => {
    const recorded = recordingCycle(() => 300);
    const onSkipped = vi.fn();
    const loop = cycleLoop({ intervalMs: 1000, cycle: recorded.cycle, onSkipped });
    loop.start();
    await vi.advanceTimersByTimeAsync(3500);
    await loop.stop();
    expect(recorded.starts).toEqual([0, 1000, 2000, 3000]);
    expect(onSkipped).not.toHaveBeenCalled();
  });

  it('never runs two cycles at once: a cycle still running when the next is due counts as skipped', async () => {
    const recorded = recordingCycle(() => 2500);
    const onSkipped = vi.fn();
    const loop = cycleLoop({ intervalMs: 1000, cycle: recorded.cycle, onSkipped });
    loop.start();
    await vi.advanceTimersByTimeAsync(5500);
    await loop.stop();
    // 0 runs until 2500: ticks at 1000 and 2000 skipped; 3000 runs until 5500: 4000, 5000 skipped.
    expect(recorded.starts).toEqual([0, 3000]);
    expect(onSkipped).toHaveBeenCalledTimes(4);
    expect(recorded.overlaps()).toBe(0);
  });

  it('keeps its rhythm after slow cycles: the schedule does not drift', async () => {
    let n = 0;
    const recorded = recordingCycle(() => (n++ === 0 ? 1700 : 100));
    const loop = cycleLoop({ intervalMs: 1000, cycle: recorded.cycle, onSkipped: () => {} });
    loop.start();
    await vi.advanceTimersByTimeAsync(4100);
    await loop.stop();
    expect(recorded.starts).toEqual([0, 2000, 3000, 4000]);
  });

  it('keeps going after a cycle that throws', async () => {
    let calls = 0;
    const loop = cycleLoop({
      intervalMs: 1000,
      cycle: async () => {
        calls++;
        throw new Error('boom');
      },
      onSkipped: () => {},
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(2100);
    await loop.stop();
    expect(calls).toBe(3);
  });

  it('stop() schedules nothing more and waits for the running cycle', async () => {
    const recorded = recordingCycle(() => 800);
    const loop = cycleLoop({ intervalMs: 1000, cycle: recorded.cycle, onSkipped: () => {} });
    loop.start();
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(300);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(recorded.starts).toEqual([0]);
  });

  it('reports its last progress, so /healthz can tell a stalled loop', async () => {
    const loop = cycleLoop({
      intervalMs: 1000,
      cycle: () => new Promise(() => {}),
      onSkipped: () => {},
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(Date.now() - loop.lastProgress()).toBe(5000);
    void loop.stop();
  });
});
