import { CAVEAT_LABEL, caveatSentence } from '../../config/vacuous-checks.ts';
import type {
  AnalyticsEvidence,
  CaseResult,
  CheckResult,
  CrmEvidence,
  Evidence,
  NotificationEvidence,
  SubmitEvidence,
} from '../../scenario/case-result.ts';
import { formatDelay, formatDuration, formatTime, overSla } from '../format.ts';
import { html, type SafeHtml } from './escape.ts';
import { VERDICT_LABEL } from './styles.ts';

/** What the evidence renderers need besides the case: inlined images and the clock to show. */
export interface EvidenceContext {
  /** data: URIs of screenshots by their path as written in the evidence. */
  images: ReadonlyMap<string, string>;
  timeZone: string;
}

const CHECK_TITLE = {
  submit: 'Submit',
  form: 'Form',
  notification: 'Notification',
  crm: 'CRM',
  analytics: 'Analytics',
};

export function verdictBadge(verdict: CheckResult['verdict']): SafeHtml {
  return html`<span class="badge v-${verdict}">${VERDICT_LABEL[verdict]}</span>`;
}

/**
 * Next to a verdict, what the scenario expects of the check that cannot (wholly) fail: a pass
 * there is no verdict on the site (src/config/vacuous-checks.ts). Each kind once, its sentences as the title.
 */
export function caveatBadges(check: CheckResult): SafeHtml | null {
  const caveats = check.caveats ?? [];
  if (caveats.length === 0) return null;
  const kinds = [...new Set(caveats.map((c) => c.kind))];
  return html`${kinds.map(
    (kind) =>
      html` <span class="badge caveat" data-caveat="${kind}" title="${caveats
        .filter((c) => c.kind === kind)
        .map(caveatSentence)
        .join('\n')}">⚠ ${CAVEAT_LABEL[kind]}</span>`,
  )}`;
}

/** The caveats of a check in full: why, and the fix. */
export function caveatNotes(check: CheckResult): SafeHtml | null {
  const caveats = check.caveats ?? [];
  if (caveats.length === 0) return null;
  return html`${caveats.map((c) => html`<p class="caveat" data-caveat="${c.kind}">⚠ ${caveatSentence(c)}</p>`)}`;
}

/** Everything a reader needs to believe (or dispute) one case's verdicts. */
export function caseEvidence(c: CaseResult, ctx: EvidenceContext): SafeHtml {
  return html`
<dl class="meta">
  <dt>Marker</dt><dd class="mono">${c.marker}</dd>
  <dt>Synthetic email</dt><dd class="mono">${c.email}</dd>
  <dt>Started</dt><dd>${formatTime(c.startedAt, ctx.timeZone)}</dd>
  ${c.t0 ? html`<dt>Submitted (t0)</dt><dd>${formatTime(c.t0, ctx.timeZone)}</dd>` : null}
  <dt>Ended</dt><dd>${formatTime(c.endedAt, ctx.timeZone)} (${formatDuration(c.durationMs)})</dd>
  ${c.scenario.file ? html`<dt>Scenario file</dt><dd class="mono">${c.scenario.file}</dd>` : null}
  ${c.scenario.tags.length ? html`<dt>Tags</dt><dd>${c.scenario.tags.join(', ')}</dd>` : null}
</dl>
${c.checks.map((check) => checkSection(check, ctx))}
${cleanupSection(c)}`;
}

function checkSection(check: CheckResult, ctx: EvidenceContext): SafeHtml {
  const delay = formatDelay(check);
  return html`
<section class="check-evidence c-${check.verdict}" data-check="${check.check}" data-channel="${check.channel ?? ''}">
  <h3>${CHECK_TITLE[check.check]}${check.channel ? ` (${check.channel})` : ''} ${verdictBadge(check.verdict)}${caveatBadges(check)}
    ${check.probe ? html`<span class="muted">via ${check.probe}</span>` : null}</h3>
  <p class="reason">${check.reason}</p>
  ${caveatNotes(check)}
  ${delay ? html`<p class="delay${overSla(check) ? ' over-sla' : ''}">Delay: ${delay}${overSla(check) ? ' (over SLA)' : ''}</p>` : null}
  ${check.details.length > 1 || (check.details.length === 1 && check.details[0] !== check.reason) ? html`<ul class="details">${check.details.map((d) => html`<li>${d}</li>`)}</ul>` : null}
  ${check.evidence ? evidence(check.evidence, ctx) : null}
</section>`;
}

function evidence(e: Evidence, ctx: EvidenceContext): SafeHtml {
  switch (e.kind) {
    case 'submit':
      return submitEvidence(e, ctx);
    case 'form':
      return keyValueTable(
        Object.entries(e.values).map(([k, v]) => [k, v ?? '(no such field)']),
        ['Field', 'Value the form held'],
      );
    case 'notification':
      return notificationEvidence(e, ctx);
    case 'crm':
      return crmEvidence(e, ctx);
    case 'analytics':
      return analyticsEvidence(e, ctx);
  }
}

function submitEvidence(e: SubmitEvidence, ctx: EvidenceContext): SafeHtml {
  const image = e.screenshot ? ctx.images.get(e.screenshot) : undefined;
  return html`
<dl class="meta">
  <dt>Outcome</dt><dd><strong>${e.outcome}</strong>${e.status === undefined ? null : html` (HTTP ${e.status})`}</dd>
  <dt>Page</dt><dd class="mono">${e.url}</dd>
  <dt>Page open → outcome</dt><dd>${formatDuration(e.durationMs)}${e.submissions > 1 ? html`, ${e.submissions} submissions` : null}${e.clicks ? html`, final button clicked ${e.clicks}×` : null}</dd>
</dl>
${
  e.steps?.length
    ? html`<h4>Steps</h4>${keyValueTable(
        e.steps.map((s) => [`${s.phase} (${s.in})`, s.step]),
        ['When', 'Step'],
      )}`
    : null
}
${
  e.files?.length
    ? html`<h4>Files</h4>${keyValueTable(
        e.files.map((f) => [f.field, `${f.name}, ${f.size} bytes, sha256 ${f.sha256}`]),
        ['Field', 'File'],
      )}`
    : null
}
${
  e.fieldErrors.length
    ? html`<h4>Field errors</h4>${keyValueTable(
        e.fieldErrors.map((f) => [f.field, f.message ?? '']),
        ['Field', 'Message'],
      )}`
    : null
}
${
  e.screenshot
    ? image
      ? html`<h4>Outcome page</h4><img class="screenshot" alt="Screenshot of the outcome page (${e.screenshot})" src="${image}">`
      : html`<p class="muted">Screenshot ${e.screenshot} was not found next to the report.</p>`
    : null
}`;
}

function notificationEvidence(e: NotificationEvidence, ctx: EvidenceContext): SafeHtml {
  if (e.messages.length === 0) return html`<p class="muted">No message matched this case.</p>`;
  return html`${e.messages.map(
    (m, i) => html`
<div class="message">
  <h4>${e.messages.length > 1 ? `Message ${i + 1}: ` : 'Message: '}${m.subject}</h4>
  <dl class="meta">
    <dt>To</dt><dd>${m.to.join(', ')}</dd>
    ${m.from ? html`<dt>From</dt><dd>${m.from}</dd>` : null}
    <dt>Received</dt><dd>${formatTime(m.receivedAt, ctx.timeZone)}</dd>
    <dt>Message id</dt><dd class="mono">${m.id}</dd>
  </dl>
  ${Object.keys(m.fields).length ? keyValueTable(Object.entries(m.fields), ['Field (body)', 'Value']) : null}
  <details><summary>Mail excerpt</summary><pre>${m.excerpt}</pre></details>
  ${m.html === undefined ? null : mailHtmlFrame(m.html, m.htmlTruncated === true)}
</div>`,
  )}`;
}

/**
 * What the frame of a mail's HTML may do: nothing runs and nothing is fetched (remote images,
 * fonts, tracking pixels), inline styles and data: images only — inside the frame, on top of the
 * sandbox and of the report page's own policy, which the frame inherits.
 */
export const MAIL_FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/**
 * A mail's HTML as its reader sees it, in `<iframe sandbox srcdoc>`: an empty `sandbox` gives the
 * frame an opaque origin with no scripts, forms, popups or navigation of the report, and the
 * srcdoc starts with the policy above so that it holds before the mail's first tag. The whole
 * document is one attribute value, escaped like every other value of the report.
 */
function mailHtmlFrame(mailHtml: string, truncated: boolean): SafeHtml {
  const srcdoc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${MAIL_FRAME_POLICY}">${mailHtml}`;
  return html`<details class="mail-html" open><summary>HTML body${truncated ? ' (cut at 100,000 characters)' : ''}</summary>
  <iframe class="mail-html" sandbox="" referrerpolicy="no-referrer" title="The HTML body of the mail, as received" srcdoc="${srcdoc}"></iframe></details>`;
}

function crmEvidence(e: CrmEvidence, ctx: EvidenceContext): SafeHtml {
  if (e.records.length === 0) return html`<p class="muted">No CRM record matched this case.</p>`;
  return html`${e.records.map(
    (r, i) => html`
<div class="record">
  <h4>${e.records.length > 1 ? `Record ${i + 1}` : 'Record'} <span class="mono">${r.id}</span></h4>
  <dl class="meta">
    <dt>Created</dt><dd>${formatTime(r.createdAt, ctx.timeZone)}</dd>
    ${r.updatedAt ? html`<dt>Updated</dt><dd>${formatTime(r.updatedAt, ctx.timeZone)}</dd>` : null}
  </dl>
  ${keyValueTable(
    Object.entries(r.fields).map(([k, v]) => [k, v ?? '(no value)']),
    ['Field', 'Value'],
  )}
</div>`,
  )}`;
}

function analyticsEvidence(e: AnalyticsEvidence, ctx: EvidenceContext): SafeHtml {
  if (e.events.length === 0) return html`<p class="muted">No analytics event was seen.</p>`;
  return html`
<table class="events">
  <thead><tr><th>#</th><th>Event</th><th>Source</th><th>Sent</th><th>Params</th><th>UTM</th><th>Page</th></tr></thead>
  <tbody>${e.events.map(
    (ev, i) => html`<tr>
    <td class="num">${i + 1}</td><td><strong>${ev.name}</strong></td><td>${ev.source}</td>
    <td>${formatTime(ev.at, ctx.timeZone)}</td>
    <td>${pairs(ev.params)}</td><td>${pairs(ev.utm)}</td><td class="mono">${ev.page ?? ''}</td></tr>`,
  )}</tbody>
</table>`;
}

function cleanupSection(c: CaseResult): SafeHtml | null {
  if (c.cleanup.length === 0)
    return html`<p class="muted">Cleanup: nothing this case created was left to delete.</p>`;
  return html`
<section class="cleanup">
  <h3>Cleanup</h3>
  <table>
    <thead><tr><th>System</th><th>Probe</th><th>Id</th><th>Result</th><th>Reason</th></tr></thead>
    <tbody>${c.cleanup.map(
      (e) => html`<tr><td>${e.system}</td><td>${e.probe}</td><td class="mono">${e.id}</td>
      <td><span class="badge ${e.result === 'deleted' ? 'v-passed' : 'v-failed'}">${e.result === 'deleted' ? '✓ ' : '✗ '}${e.result}</span></td>
      <td>${e.reason ?? ''}</td></tr>`,
    )}</tbody>
  </table>
</section>`;
}

function keyValueTable(rows: Array<[string, string]>, head: [string, string]): SafeHtml {
  return html`<table class="kv"><thead><tr><th>${head[0]}</th><th>${head[1]}</th></tr></thead><tbody>${rows.map(
    ([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`,
  )}</tbody></table>`;
}

function pairs(record: Record<string, string>): SafeHtml {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">—</span>`;
  return html`${entries.map(([k, v], i) => html`${i ? html`<br>` : null}<span class="mono">${k}</span>=${v}`)}`;
}
