/** The site's GA4 tag: a small stand-in for gtag.js that speaks the real `/g/collect` wire format. */

export interface TagOptions {
  /** Origin hits go to (`https://www.google-analytics.com` or the demo collector); null = no hit leaves the page. */
  host: string | null;
  measurementId: string;
  /** One entry per request; each request's body holds its events, one per line. */
  requests: string[][];
  /** Objects pushed to `window.dataLayer`, in order. */
  dataLayer: Record<string, unknown>[];
  /**
   * Consent mode (the embedded build's corporate page): every hit carries `gcs` and `gcd` for the
   * current state — default denied (`G100`) until `window.demoGa4.consent(true)` grants ad and
   * analytics storage (`G111`) — and `window.demoGa4.send(lines, overrides)` sends more hits later.
   */
  consentMode?: boolean;
}

export const PAGE_VIEW = 'en=page_view';

export function generateLeadEvent(leadType: string): string {
  return `en=generate_lead&ep.form_id=contact&ep.lead_type=${encodeURIComponent(leadType)}&epn.value=1&ep.currency=JPY`;
}

/**
 * Shared parameters go in the URL (v, tid, gtm, _p, cid, ul, sr, sid, sct, seg, _s, dl, dr,
 * dt, and _fv/_ss/_nsi on a new client's first hit); `cid` lives in the `_ga` cookie as gtag
 * keeps it. Sent with `navigator.sendBeacon`, falling back to `fetch` with `keepalive`.
 */
export function ga4Tag(options: TagOptions): string {
  const config = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<script>
(function (c) {
  window.dataLayer = window.dataLayer || [];
  for (var i = 0; i < c.dataLayer.length; i++) window.dataLayer.push(c.dataLayer[i]);
  if (!c.host) return;
  var ga = document.cookie.match(/(?:^|; )_ga=GA1\\.1\\.(\\d+\\.\\d+)/);
  var isNew = !ga;
  var cid = ga ? ga[1] : Math.floor(Math.random() * 2147483647) + '.' + Math.floor(Date.now() / 1000);
  document.cookie = '_ga=GA1.1.' + cid + '; path=/; max-age=63072000; SameSite=Lax';
  var sess = document.cookie.match(/(?:^|; )_ga_session=GS1\\.1\\.(\\d+)/);
  var sid = sess ? sess[1] : String(Math.floor(Date.now() / 1000));
  document.cookie = '_ga_session=GS1.1.' + sid + '; path=/; max-age=1800; SameSite=Lax';
  var p = String(Math.floor(Math.random() * 2147483647));
  var n = 0;
  var granted = false;
  var updated = false;
  // gcs: G1 + ad_storage + analytics_storage (1 granted, 0 denied); gcd: the signals' default and update.
  function gcs() { return granted ? 'G111' : 'G100'; }
  function gcd() { return !updated ? '13l3l3l3l1' : granted ? '13r3r3r3r1' : '13p3p3p3p1'; }
  function send(lines, overrides) {
    n += 1;
    var q = new URLSearchParams({ v: '2', tid: c.measurementId, gtm: '45je5ca0', _p: p, cid: cid,
      ul: (navigator.language || '').toLowerCase(), sr: screen.width + 'x' + screen.height,
      sid: sid, sct: '1', seg: '1', _s: String(n), dl: location.href, dt: document.title });
    if (document.referrer) q.set('dr', document.referrer);
    if (c.consentMode) { q.set('gcs', gcs()); q.set('gcd', gcd()); }
    for (var k in overrides || {}) q.set(k, overrides[k]);
    if (isNew && n === 1) { q.set('_fv', '1'); q.set('_ss', '1'); q.set('_nsi', '1'); }
    var url = c.host + '/g/collect?' + q.toString();
    var body = lines.join('\\r\\n');
    try { if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return; } catch (e) {}
    fetch(url, { method: 'POST', body: body, keepalive: true, credentials: 'include', mode: 'no-cors' }).catch(function () {});
  }
  for (var j = 0; j < c.requests.length; j++) send(c.requests[j]);
  if (c.consentMode)
    window.demoGa4 = { send: send, gcs: gcs, consent: function (yes) { granted = !!yes; updated = true; } };
})(${config});
</script>`;
}
