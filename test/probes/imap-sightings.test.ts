import { describe, expect, it } from 'vitest';
import { createSightings } from '../../src/probes/imap/imap-sightings.ts';

describe('IMAP sightings: when a message is known to have existed', () => {
  it('is the first count that covered its sequence number', () => {
    const sightings = createSightings();
    sightings.counted(3, 1_000); // mailbox selected with 3 messages
    sightings.counted(4, 2_000); // EXISTS 4
    sightings.counted(6, 3_000); // EXISTS 6 (two arrived together)
    expect(sightings.existedBy(2)).toBe(1_000);
    expect(sightings.existedBy(4)).toBe(2_000);
    expect(sightings.existedBy(5)).toBe(3_000);
    expect(sightings.existedBy(6)).toBe(3_000);
  });

  it('knows nothing of a message no count has covered yet (SEARCH time bounds it instead)', () => {
    const sightings = createSightings();
    sightings.counted(4, 1_000);
    expect(sightings.existedBy(5)).toBeUndefined();
  });

  it('forgets every earlier count after an expunge: sequence numbers shifted, "seq ≤ N" proves nothing', () => {
    const sightings = createSightings();
    sightings.counted(5, 1_000);
    // Message 2 is expunged; a new one arrives later and is numbered 5 again.
    sightings.expunged();
    expect(sightings.existedBy(5)).toBeUndefined();
    sightings.counted(5, 4_000);
    expect(sightings.existedBy(5)).toBe(4_000);
  });

  it('stays bounded on a busy inbox and still gives an upper bound after dropping the oldest', () => {
    const sightings = createSightings();
    for (let count = 1; count <= 5_000; count += 1) sightings.counted(count, count);
    const by = sightings.existedBy(1);
    expect(by).toBeDefined();
    expect(by as number).toBeGreaterThanOrEqual(1);
    expect(sightings.existedBy(5_000)).toBe(5_000);
  });
});
