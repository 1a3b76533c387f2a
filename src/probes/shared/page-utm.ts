/** `utm_*` values of a page URL without the prefix: `{ source, medium, campaign, … }`. */
export function utmOf(pageUrl: string | undefined): Record<string, string> {
  if (!pageUrl) return {};
  let params: URLSearchParams;
  try {
    params = new URL(pageUrl).searchParams;
  } catch {
    return {};
  }
  const utm: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key.toLowerCase().startsWith('utm_') && key.length > 4) utm[key.slice(4).toLowerCase()] = value;
  }
  return utm;
}
