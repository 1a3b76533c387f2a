import { HttpError } from '../http/errors.ts';
import { RetryGaveUpError } from '../http/retry.ts';
import { ProbeError } from './probe.ts';

/**
 * Turns what went wrong below a probe into a {@link ProbeError} the engine reports as `error`:
 * network trouble is `unreachable`, exhausted throttling is `throttled`, an unreadable answer is
 * `protocol`. An aborted call rethrows the signal's reason; programming errors pass untouched.
 */
export function toProbeError(probe: string, error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof ProbeError) return error;
  if (error instanceof RetryGaveUpError) {
    return new ProbeError(probe, error.reason === 'throttled' ? 'throttled' : 'unreachable', error.message, {
      cause: error,
    });
  }
  if (error instanceof HttpError) {
    const reason =
      error.code === 'CUTOVER_HTTP_INVALID_BODY'
        ? 'protocol'
        : error.code === 'CUTOVER_HTTP_INVALID_REQUEST'
          ? 'config'
          : 'unreachable';
    return new ProbeError(probe, reason, error.message, { cause: error });
  }
  return error;
}

/** Runs one probe operation and maps its failures with {@link toProbeError}. */
export async function guarded<T>(
  probe: string,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProbeError(probe, error, signal);
  }
}

/** The delete guard every probe repeats: an empty list never reaches a vendor (some delete ALL then). */
export function requireIds(probe: string, ids: readonly string[]): void {
  if (ids.length === 0) {
    throw new ProbeError(probe, 'config', `${probe}: refusing to delete with an empty id list`);
  }
  const blank = ids.find((id) => id.trim() === '');
  if (blank !== undefined)
    throw new ProbeError(probe, 'config', `${probe}: refusing to delete an item without an id`);
}
