import { type CaseResult, type CheckResult, checkKey, checkLabel } from '../scenario/case-result.ts';
import { formatDelay } from './format.ts';
import type { AcceptanceReport } from './report.schema.ts';

/**
 * junit.xml for CI: one <testsuite> per target, one <testcase> per scenario × target
 * (classname = target, name = "AC-01 title"). A failed case carries <failure> with the reasons of
 * its failed checks, an errored case <error> (cutover could not find out — a different fix), a
 * skipped case <skipped/>. Every check's line goes to <system-out> so CI shows the whole case.
 */
export function renderJunit(report: AcceptanceReport, options: { sha256?: string } = {}): string {
  const targets = [
    ...report.run.targets.map((t) => t.name),
    ...report.cases.map((c) => c.target.name),
  ].filter((name, i, all) => all.indexOf(name) === i);
  const suites = targets
    .map((name) => ({ name, cases: report.cases.filter((c) => c.target.name === name) }))
    .filter((s) => s.cases.length > 0);
  const all = counts(report.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cutover acceptance" ${countAttrs(all)} time="${seconds(report.run.durationMs)}" timestamp="${attr(report.run.startedAt)}">`,
  ];
  for (const suite of suites) {
    const url = report.run.targets.find((t) => t.name === suite.name)?.url ?? suite.cases[0]?.target.url;
    const time = suite.cases.reduce((sum, c) => sum + c.durationMs, 0);
    lines.push(
      `  <testsuite name="${attr(suite.name)}" ${countAttrs(counts(suite.cases))} time="${seconds(time)}" timestamp="${attr(suite.cases[0]?.startedAt ?? report.run.startedAt)}">`,
      '    <properties>',
      property('target.url', url ?? ''),
      property('run.id', report.run.id),
      property('cutover.version', report.tool.version),
      property('config.sha256', report.run.configHash),
      ...(options.sha256 ? [property('report.sha256', options.sha256)] : []),
      '    </properties>',
      ...suite.cases.map(testcase),
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(c: CaseResult): string {
  const open = `    <testcase classname="${attr(c.target.name)}" name="${attr(`${c.scenario.id} ${c.scenario.title}`)}" time="${seconds(c.durationMs)}"${c.scenario.file ? ` file="${attr(c.scenario.file)}"` : ''}>`;
  const body: string[] = [];
  const failed = c.checks.filter((k) => k.verdict === 'failed');
  const errored = c.checks.filter((k) => k.verdict === 'error');
  if (c.verdict === 'failed') body.push(outcome('failure', failed, errored));
  else if (c.verdict === 'error') body.push(outcome('error', errored, []));
  else if (c.verdict === 'skipped')
    body.push(
      `      <skipped message="${attr(c.checks.map((k) => k.reason).join('; ') || 'no check ran')}"/>`,
    );
  body.push(`      <system-out>${text(systemOut(c))}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

/** The message names the first check that went wrong; the body lists every one with its details. */
function outcome(tag: 'failure' | 'error', primary: CheckResult[], also: CheckResult[]): string {
  const first = primary[0];
  const message = first ? `${checkLabel(first)}: ${first.reason}` : tag;
  const type = primary.map((k) => checkKey(k)).join(',') || tag;
  const lines = [...primary, ...also].flatMap((k) => [
    `${checkLabel(k)} ${k.verdict}: ${k.reason}`,
    ...k.details.filter((d) => !k.reason.includes(d)).map((d) => `  - ${d}`),
  ]);
  return `      <${tag} message="${attr(message)}" type="${attr(type)}">${text(lines.join('\n'))}</${tag}>`;
}

function systemOut(c: CaseResult): string {
  const lines = [`marker ${c.marker} · ${c.target.name} ${c.target.url}`];
  for (const k of c.checks) {
    const delay = formatDelay(k);
    lines.push(`${checkLabel(k)}: ${k.verdict} — ${k.reason}${delay ? ` [${delay}]` : ''}`);
  }
  for (const e of c.cleanup)
    lines.push(`cleanup ${e.system} ${e.probe} ${e.id}: ${e.result}${e.reason ? ` (${e.reason})` : ''}`);
  return lines.join('\n');
}

function counts(cases: readonly CaseResult[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.verdict === 'failed').length,
    errors: cases.filter((c) => c.verdict === 'error').length,
    skipped: cases.filter((c) => c.verdict === 'skipped').length,
  };
}

function countAttrs(n: ReturnType<typeof counts>): string {
  return `tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}"`;
}

function property(name: string, value: string): string {
  return `      <property name="${attr(name)}" value="${attr(value)}"/>`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/FFFF) are
 * shown as \uXXXX: a mail body or page title with one of them must not make the file unreadable.
 */
function xmlSafe(value: string): string {
  return value.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep their line breaks and tabs as character references (a parser would fold them). */
function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
