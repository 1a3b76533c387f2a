import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import { HttpError } from '../../src/http/errors.ts';
import {
  parseRetryAfter,
  RetryableError,
  RetryGaveUpError,
  retry,
  sendWithRetry,
} from '../../src/http/retry.ts';
import { MswDispatcher } from '../support/msw-dispatcher.ts';

const URL_ = 'https://api.example.test/items';

/** Answers with the given statuses in turn (then 200), recording each call. */
function sequence(...answers: (() => Response)[]) {
  let calls = 0;
  const dispatcher = new MswDispatcher([
    http.get(URL_, () => {
      const answer = answers[calls];
      calls += 1;
      return answer ? answer() : HttpResponse.json({ done: true });
    }),
  ]);
  return { http: createHttpClient({ dispatcher }), calls: () => calls, dispatcher };
}

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retry policy', () => {
  it('retries 5xx with exponential back-off, then returns the answer', async () => {
    const s = sequence(
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 500 }),
    );
    const r = recorder();
    const response = await sendWithRetry(s.http, { url: URL_ }, { sleep: r.sleep, minDelayMs: 100 });
    expect(response.status).toBe(200);
    expect(s.calls()).toBe(3);
    expect(r.waits).toEqual([100, 200]);
  });

  it('waits exactly what Retry-After says on 429, in seconds or as a date', async () => {
    const now = Date.parse('2026-09-01T10:00:00Z');
    const s = sequence(
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3' } }),
      () =>
        new HttpResponse(null, { status: 429, headers: { 'retry-after': 'Tue, 01 Sep 2026 10:00:07 GMT' } }),
    );
    const r = recorder();
    await sendWithRetry(s.http, { url: URL_ }, { sleep: r.sleep, now: () => now });
    expect(r.waits).toEqual([3000, 7000]);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('fails fast on other 4xx: the answer goes back to the caller after one request', async () => {
    const s = sequence(() => HttpResponse.json({ message: 'bad' }, { status: 400 }));
    const r = recorder();
    const response = await sendWithRetry(s.http, { url: URL_ }, { sleep: r.sleep });
    expect(response.status).toBe(400);
    expect(s.calls()).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('lets a vendor classifier retry what it knows is throttling and stop on what cannot heal', async () => {
    const s = sequence(
      () => HttpResponse.json([{ errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { status: 403 }),
      () => HttpResponse.json({ policyName: 'DAILY' }, { status: 429 }),
    );
    const r = recorder();
    const daily = new Error('daily limit');
    const error = await sendWithRetry(
      s.http,
      { url: URL_ },
      {
        sleep: r.sleep,
        classify: (res) => {
          if (res.status === 403)
            return { action: 'retry', reason: 'throttled', afterMs: 1234, message: 'limit' };
          if (res.status === 429) return { action: 'fail', error: daily };
          return undefined;
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBe(daily);
    expect(r.waits).toEqual([1234]);
    expect(s.calls()).toBe(2);
  });

  it('never retries a programming error', async () => {
    let calls = 0;
    const bug = new TypeError('cannot read properties of undefined');
    await expect(
      retry(
        async () => {
          calls += 1;
          throw bug;
        },
        { sleep: recorder().sleep },
      ),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('retries network errors', async () => {
    let calls = 0;
    const r = recorder();
    const value = await retry(
      async () => {
        calls += 1;
        if (calls < 3)
          throw new HttpError('CUTOVER_HTTP_CONNECT', 'GET x', 'GET x failed: connection refused');
        return 'up';
      },
      { sleep: r.sleep, minDelayMs: 10 },
    );
    expect(value).toBe('up');
    expect(r.waits).toEqual([10, 20]);
  });

  it('gives up with RetryGaveUpError when the retries run out', async () => {
    const r = recorder();
    const error = await retry(
      async () => {
        throw new RetryableError('throttled', 'vendor answered 429');
      },
      { sleep: r.sleep, retries: 2, minDelayMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryGaveUpError);
    expect(error).toMatchObject({ reason: 'throttled', attempts: 3 });
    expect(r.waits).toHaveLength(2);
  });

  it('stops at the deadline instead of sleeping past it', async () => {
    const r = recorder();
    const now = 1_000_000;
    const error = await retry(
      async () => {
        throw new RetryableError('throttled', 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)', {
          afterMs: 10_000,
        });
      },
      { sleep: r.sleep, now: () => now, deadline: now + 5_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryGaveUpError);
    expect((error as Error).message).toContain('deadline');
    expect(r.waits).toEqual([]);
  });

  it('gives up when the vendor asks for a longer wait than allowed', async () => {
    const r = recorder();
    const error = await retry(
      async () => {
        throw new RetryableError('throttled', 'Slack answered 429', { afterMs: 3_600_000 });
      },
      { sleep: r.sleep, maxWaitMs: 60_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryGaveUpError);
    expect(r.waits).toEqual([]);
  });

  it('stops waiting when the signal fires, with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('case deadline');
    setTimeout(() => controller.abort(reason), 20);
    const started = Date.now();
    await expect(
      retry(
        async () => {
          throw new RetryableError('unavailable', '503', { afterMs: 60_000 });
        },
        { signal: controller.signal },
      ),
    ).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
