/**
 * When an IMAP session learnt that its mailbox held N messages (an untagged EXISTS — pushed in
 * IDLE or answered to a NOOP — or the count when the mailbox was selected). A message at sequence
 * number s ≤ N existed at that moment, so the moment bounds its arrival from above, often well
 * before the SEARCH that names it runs.
 *
 * Sequence numbers shift down when messages are expunged (another case's cleanup, a person
 * reading the inbox), after which "s ≤ N" no longer proves anything about earlier counts: every
 * expunge forgets what was recorded before it. Sightings are per session: a new connection
 * starts afresh.
 */
export interface Sightings {
  /** The mailbox held `count` messages now. */
  counted(count: number, at?: number): void;
  /** A message was expunged: earlier counts no longer map to sequence numbers. */
  expunged(): void;
  /** The earliest recorded moment the message at `seq` (numbered now) is known to have existed. */
  existedBy(seq: number): number | undefined;
}

/** Enough for every message a busy inbox receives while a case waits; the oldest are dropped. */
const MAX_SIGHTINGS = 1_000;

export function createSightings(): Sightings {
  let log: Array<{ at: number; count: number }> = [];
  return {
    counted(count, at = Date.now()) {
      log.push({ at, count });
      if (log.length > MAX_SIGHTINGS) log = log.slice(-MAX_SIGHTINGS);
    },
    expunged() {
      log = [];
    },
    existedBy(seq) {
      // Counts only grow between expunges, so the first count that covers seq is the earliest.
      return log.find((sighting) => sighting.count >= seq)?.at;
    },
  };
}
