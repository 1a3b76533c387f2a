import { randomBytes } from 'node:crypto';

/**
 * A case run's id, e.g. `20261208T010405Z-renewal-ac-01-3f9a`: its start time (UTC, to the
 * second) first, so ids sort by time as text; the target and scenario as people read them; four
 * random hex digits, so two runs in one second never share an id. Only `[0-9a-z-]` and the `T`/`Z`
 * of the time: the id is a URL path segment and a directory name as it stands.
 */
export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/;

/** The longest slug of the target and scenario an id carries (ids stay short enough to read). */
const SLUG_LENGTH = 48;

export function mintRunId(target: string, scenario: string, at: Date, random = randomBytes(2)): string {
  const time = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  const slug = slugOf(`${target}-${scenario}`);
  return `${time}-${slug}-${random.toString('hex').padStart(4, '0').slice(0, 4)}`;
}

export function isRunId(text: string): boolean {
  return RUN_ID_PATTERN.test(text);
}

/** Full-width letters and digits folded (NFKC), anything else a dash; `x` when nothing is left. */
function slugOf(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}
