/**
 * "2026-12-08 10:15:41 JST", "2026-12-08 01:15:41 UTC": second precision, and always the zone, so
 * vendor and client read the same clock. The zone's short name comes from Intl (its Japanese
 * data names Asia/Tokyo "JST", its English data names New York "EST"); where no locale has a name,
 * the offset ("GMT+5:30"). Text that is not a timestamp is returned as it is.
 */
export function formatTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${parts} ${zoneName(date, timeZone)}`;
}

/** The zone's short name at that instant (JST, UTC, EST, CET), else its offset (GMT+5:30). */
export function zoneName(date: Date, timeZone: string): string {
  const names = ['ja-JP', 'en-US', 'sv-SE'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(date)
        .find((p) => p.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((n) => n !== '' && !/^(GMT|UTC)[+−-]/.test(n)) ?? names[1] ?? timeZone;
}
