import { EventEmitter, once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ProbeError } from '../../src/probes/probe.ts';
import { readUntil } from '../../src/scenario/wait-loop.ts';

/** A reader over a list that records when it was called. */
function counter(values: () => number) {
  const readsAt: number[] = [];
  return {
    readsAt,
    read: async () => {
      readsAt.push(Date.now());
      return values();
    },
  };
}

/** A push source that never says anything new, until the signal fires. */
const silent = (signal: AbortSignal) =>
  new Promise<void>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

const never = new AbortController().signal;

describe('readUntil', () => {
  it.each([
    ['a polled source', undefined],
    ['a push source that says nothing', silent],
  ] as const)(
    'reads when a settle window ends (wakeAt), not a back-off step later: %s',
    async (_, changed) => {
      const start = Date.now();
      const settleEnds = start + 300;
      const source = counter(() => 1);
      await readUntil({
        read: source.read,
        // Done once the settle window has run out, with nothing new read.
        done: () => Date.now() >= settleEnds,
        wakeAt: () => settleEnds,
        changed,
        deadline: start + 30_000,
        signal: never,
        // Without the hint the second read would come 3 s after the first.
        backoff: { min: 3_000, max: 3_000 },
      });
      expect(source.readsAt).toHaveLength(2);
      expect(source.readsAt[1]! - start).toBeGreaterThanOrEqual(295);
      expect(source.readsAt[1]! - start).toBeLessThan(1_500);
    },
  );

  it.each([
    ['a polled source', undefined],
    ['a push source that says nothing', silent],
  ] as const)(
    'a wake time already past does not make it read without pause until the deadline: %s',
    async (_, changed) => {
      const start = Date.now();
      const source = counter(() => 1);
      await readUntil({
        read: source.read,
        // Never done: another expected item never comes. One settle window ran out long ago.
        done: () => false,
        wakeAt: () => start - 1_000,
        changed,
        deadline: start + 1_000,
        signal: never,
        backoff: { min: 100, max: 200 },
      });
      // The back-off reads about seven times in a second; a spinning loop read tens of thousands.
      expect(source.readsAt.length).toBeLessThan(20);
      expect(source.readsAt.at(-1)!).toBeGreaterThanOrEqual(start + 1_000);
    },
  );

  it('stops reading as soon as the reader is done', async () => {
    let n = 0;
    const source = counter(() => ++n);
    const value = await readUntil({
      read: source.read,
      done: (v) => v === 3,
      deadline: Date.now() + 30_000,
      signal: never,
      backoff: { min: 1, max: 5 },
    });
    expect(value).toBe(3);
    expect(source.readsAt).toHaveLength(3);
  });

  it.each([
    ['a polled source', undefined],
    ['a push source', silent],
  ])(
    'returns the last value read when the deadline passes, read at the deadline (%s)',
    async (_, changed) => {
      let n = 0;
      const source = counter(() => ++n);
      const deadline = Date.now() + 300;
      const value = await readUntil({
        read: source.read,
        done: () => false,
        changed,
        deadline,
        signal: never,
        backoff: { min: 20, max: 60 },
      });
      expect(value).toBe(source.readsAt.length);
      // An expected absence is decided on a read at the end of its window, not one before it.
      expect(source.readsAt.at(-1)).toBeGreaterThanOrEqual(deadline);
    },
  );

  it('reads once even when the deadline has already passed', async () => {
    const source = counter(() => 7);
    const value = await readUntil({
      read: source.read,
      done: () => false,
      deadline: Date.now() - 1,
      signal: never,
    });
    expect(value).toBe(7);
    expect(source.readsAt).toHaveLength(1);
  });

  it('wakes the next read early when a push source says something changed', async () => {
    const items: string[] = [];
    const bus = new EventEmitter();
    const source = counter(() => items.length);
    // The poll back-off alone would not read again before the deadline.
    const deadline = Date.now() + 3_000;
    setTimeout(() => {
      items.push('hit');
      bus.emit('changed');
    }, 30);
    const value = await readUntil({
      read: source.read,
      done: (v) => v >= 1,
      changed: async (signal) => {
        await once(bus, 'changed', { signal });
      },
      deadline,
      signal: never,
      backoff: { min: 60_000, max: 60_000 },
    });
    expect(value).toBe(1);
    expect(source.readsAt).toHaveLength(2);
    expect(source.readsAt[1]).toBeLessThan(deadline);
  });

  it.each([
    ['a polled source', undefined],
    ['a push source', silent],
  ])('rejects with the signal’s reason when the case is aborted (%s)', async (_, changed) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const watching = readUntil({
      read: async () => 0,
      done: () => false,
      changed,
      deadline: Date.now() + 30_000,
      signal: controller.signal,
      backoff: { min: 10_000, max: 10_000 },
    });
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('does not retry a ProbeError: the system cannot be read, which waiting will not heal', async () => {
    const refused = new ProbeError('hubspot', 'auth', 'HubSpot answered 401: token rejected');
    let reads = 0;
    const watching = readUntil({
      read: async () => {
        reads++;
        throw refused;
      },
      done: () => true,
      deadline: Date.now() + 30_000,
      signal: never,
      backoff: { min: 1, max: 1 },
    });
    await expect(watching).rejects.toBe(refused);
    expect(reads).toBe(1);
  });

  it('does not retry a programming error either', async () => {
    let reads = 0;
    const watching = readUntil({
      read: async (): Promise<number> => {
        reads++;
        throw new TypeError('cannot read properties of undefined');
      },
      done: () => true,
      changed: silent,
      deadline: Date.now() + 30_000,
      signal: never,
      backoff: { min: 1, max: 1 },
    });
    await expect(watching).rejects.toBeInstanceOf(TypeError);
    expect(reads).toBe(1);
  });
});
