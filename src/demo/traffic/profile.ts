/**
 * When real people send inquiries to a Japanese B2B site: an expected rate per hour for each
 * hour of the week, in Japan time — busy on weekday business hours, quiet in the evening, almost
 * nothing at night and on weekends. Background visitors and the seeded history both follow it.
 */
export type RateProfile = (at: number) => number;

const JST_OFFSET_MS = 9 * 3_600_000;

export function businessHoursProfile(at: number): number {
  const jst = new Date(at + JST_OFFSET_MS);
  const day = jst.getUTCDay();
  const hour = jst.getUTCHours();
  const weekend = day === 0 || day === 6;
  if (weekend) return hour >= 10 && hour < 20 ? 1 : 0.1;
  if (hour >= 9 && hour < 18) return hour === 12 ? 3 : 6;
  if (hour === 8 || (hour >= 18 && hour < 22)) return 2;
  return 0.2;
}

/** A flat rate (demos and tests that need a busy hour at any hour). */
export function flatProfile(perHour: number): RateProfile {
  return () => perHour;
}

/** Arrival times of a Poisson process with this profile in [from, to), by thinning. */
export function poissonArrivals(
  from: number,
  to: number,
  profile: RateProfile,
  random: () => number,
): number[] {
  const HOUR = 3_600_000;
  const times: number[] = [];
  for (let hour = from; hour < to; hour += HOUR) {
    const end = Math.min(hour + HOUR, to);
    const rate = profile(hour) / HOUR; // per ms, constant within the hour
    if (rate <= 0) continue;
    const gap = () => -Math.log(1 - random()) / rate; // exponential inter-arrival times
    for (let t = hour + gap(); t < end; t += gap()) times.push(Math.floor(t));
  }
  return times;
}
