import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { debugEnabled } from '../foundation/debug.ts';
import { en, type Lang, type Messages, messagesFor } from '../foundation/i18n/index.ts';
import { ownPackage } from '../foundation/own-files.ts';
import { formatProblems, parseWith } from '../foundation/problems.ts';
import { caseResultSchema } from '../report/case-result.schema.ts';
import { displayWidth, padEndWidth } from '../report/diff/text-width.ts';
import { checkLabelIn, formatDelay } from '../report/format.ts';
import { keepPreviousReport } from '../report/keep-previous.ts';
import { buildReport, hashText } from '../report/report.schema.ts';
import { writeReport } from '../report/write-report.ts';
import type { CaseResult, CheckResult } from '../scenario/case-result.ts';
import { groundsSentence, reasonIn } from '../scenario/render-reason.ts';
import { CASE_RESULT_ATTACHMENT, SCREENSHOT_ATTACHMENT } from './attachments.ts';

export interface AcceptanceReporterOptions {
  /** Where report.json, index.html, junit.xml and the evidence go. */
  outputDir: string;
  /** The cutover config file, for its hash in the report. */
  configFile: string;
  /** Print one line per case with its verdicts and delays. */
  progress?: boolean;
  /** Language of index.html and of the progress lines (default en); report.json is the same in every language. */
  lang?: Lang;
  /** IANA time zone of the times in index.html (default UTC). */
  timeZone?: string;
}

const MARK: Record<CheckResult['verdict'], string> = { passed: '✓', failed: '✗', error: '!', skipped: '-' };

/**
 * The Playwright reporter that turns a UAT run into the acceptance report. It reads the
 * CaseResult each test attached, so it works the same on a live run and when merging shards
 * (`playwright merge-reports`).
 */
export default class AcceptanceReporter implements Reporter {
  private readonly options: AcceptanceReporterOptions;
  private readonly cases: CaseResult[] = [];
  private startedAt = new Date();
  private shards: number | undefined;
  /** The earlier report moved aside, once, when this run's first case ends (its screenshot comes next). */
  private previous: Promise<string | undefined> | undefined;

  private readonly messages: Messages;

  constructor(options: AcceptanceReporterOptions) {
    this.options = { ...options, outputDir: resolve(options.outputDir) };
    this.messages = messagesFor(options.lang ?? 'en');
  }

  printsToStdio(): boolean {
    return Boolean(this.options.progress);
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.startedAt = new Date();
    this.shards = config.shard?.total;
  }

  async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    this.previous ??= keepPreviousReport(this.options.outputDir);
    await this.previous;
    const attached = result.attachments.find((a) => a.name === CASE_RESULT_ATTACHMENT);
    const caseResult = attached ? await readCaseResult(attached, test, result) : unfinishedCase(test, result);
    const screenshot = result.attachments.find((a) => a.name === SCREENSHOT_ATTACHMENT);
    if (screenshot?.path) await this.keepScreenshot(caseResult, screenshot.path);
    this.cases.push(caseResult);
    if (this.options.progress)
      process.stdout.write(`${progressLines(caseResult, this.messages).join('\n')}\n`);
  }

  /** With progress, what a worker says outside any case is told too (the late sweep's cleanup before it exits). */
  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    if (this.options.progress && !test) process.stdout.write(chunk);
  }

  /** With progress (cutover's own runs) Playwright's list reporter is off: errors outside cases are told here. */
  onError(error: TestError): void {
    if (this.options.progress) process.stderr.write(`${errorLines(error).join('\n')}\n`);
  }

  async onEnd(_result: FullResult): Promise<void> {
    // No test ran (`--list`, a grep that matches nothing, an interrupted start): the report there
    // stays as it was, byte for byte — a listing must never replace a signed-off report.
    if (this.cases.length === 0) {
      if (this.options.progress)
        process.stdout.write(`${this.messages.run.nothingRan(this.options.outputDir)}\n`);
      return;
    }
    const cases = [...this.cases].sort(
      (a, b) => a.target.name.localeCompare(b.target.name) || a.scenario.id.localeCompare(b.scenario.id),
    );
    const configText = await readFile(resolve(this.options.configFile), 'utf8').catch(() => '');
    const report = buildReport(cases, {
      version: await cutoverVersion(),
      startedAt: this.startedAt,
      endedAt: new Date(),
      configFile: this.options.configFile,
      configHash: hashText(configText),
      shards: this.shards,
    });
    const written = await writeReport(this.options.outputDir, report, {
      lang: this.options.lang,
      timeZone: this.options.timeZone,
    });
    const previous = await this.previous;
    const lines = [
      this.messages.run.reportWritten(written.html, written.sha256.slice(0, 16), written.junit),
      ...(previous ? [this.messages.run.previousKept(previous)] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Copies the outcome screenshot next to the report, where report.json refers to it. */
  private async keepScreenshot(caseResult: CaseResult, path: string): Promise<void> {
    const submit = caseResult.checks.find((c) => c.check === 'submit');
    if (submit?.evidence?.kind !== 'submit') return;
    const name = join('evidence', basename(path));
    await mkdir(join(this.options.outputDir, 'evidence'), { recursive: true });
    await copyFile(path, join(this.options.outputDir, name)).then(
      () => {
        if (submit.evidence?.kind === 'submit') submit.evidence.screenshot = name;
      },
      () => undefined,
    );
  }
}

/** The attached CaseResult, validated: a malformed one becomes an error case instead of sinking the report. */
async function readCaseResult(
  attachment: TestResult['attachments'][number],
  test: TestCase,
  result: TestResult,
): Promise<CaseResult> {
  const text = attachment.body
    ? attachment.body.toString('utf8')
    : await readFile(attachment.path!, 'utf8').catch(() => '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unfinishedCase(test, result, 'the case result attached to this test is not JSON');
  }
  const parsed = parseWith(caseResultSchema, data, CASE_RESULT_ATTACHMENT);
  if (parsed.ok) return parsed.value as CaseResult;
  return unfinishedCase(
    test,
    result,
    `the case result attached to this test is malformed: ${formatProblems(parsed.problems.slice(0, 3))}`,
  );
}

/** A test that ended without a case result (the browser did not start, the run refused a target): an error case. */
function unfinishedCase(test: TestCase, result: TestResult, why?: string): CaseResult {
  const [id = test.title, ...title] = test.title.split(' ');
  const target = test.parent.project()?.name ?? 'unknown';
  const now = new Date().toISOString();
  const reason =
    why ?? (result.error?.message ?? `the test ended ${result.status} before the case ran`).split('\n')[0]!;
  const times = { startedAt: result.startTime.toISOString(), endedAt: now };
  const notRun = (name: CheckResult['check']): CheckResult => {
    const grounds = { is: 'notReached', because: 'notRun' } as const;
    return {
      check: name,
      verdict: 'skipped',
      reason: groundsSentence({ check: name }, grounds),
      details: [],
      findings: [],
      grounds,
      ...times,
    };
  };
  return {
    scenario: {
      id,
      title: title.join(' '),
      file: test.location.file,
      tags: test.tags.map((t) => t.replace(/^@/, '')),
    },
    target: { name: target, url: '', production: false },
    marker: '',
    email: '',
    verdict: 'error',
    startedAt: result.startTime.toISOString(),
    endedAt: now,
    durationMs: result.duration,
    checks: [
      { check: 'submit', verdict: 'error', reason, details: [], findings: [], ...times },
      ...(['notification', 'crm', 'analytics'] as const).map(notRun),
    ],
    cleanup: [],
  };
}

/**
 * What a case prints as it ends: a passed case one line with each check's verdict and timing; a
 * failed or errored case a line naming it, then one line per check with verdict, timing and
 * reason — the reasons are the whole story, so no assertion diff or stack goes with them.
 */
export function progressLines(c: CaseResult, m: Messages = en): string[] {
  const head = `  ${MARK[c.verdict]} ${c.target.name.padEnd(8)} ${c.scenario.id.padEnd(6)}`;
  const label = (k: CheckResult) => checkLabelIn(k, m);
  if (c.verdict === 'skipped' && c.checks.every((k) => k.verdict === 'skipped')) {
    // Nothing was checked: the one reason says why (a production-only scenario, …).
    const first = c.checks[0];
    return [`${head} ${m.run.skippedAll} · ${first ? reasonIn(first, m, c.email) : c.scenario.title}`];
  }
  if (c.verdict === 'passed' || c.verdict === 'skipped') {
    const shown = c.checks.filter((k) => k.verdict !== 'skipped');
    const checks = shown
      .map((k) => {
        const timing = formatDelay(k, m);
        return `${label(k)} ${MARK[k.verdict]}${timing ? ` ${timing}` : ''}${caveatMark(k, m)}`;
      })
      .join(' · ');
    return [`${head} ${checks}`, ...shown.flatMap((k) => caveatLines(k, label(k), m))];
  }
  const width = Math.max(...c.checks.map((k) => displayWidth(label(k))));
  const verdictWidth = Math.max(...Object.values(m.verdictWord).map(displayWidth));
  return [
    `${head} ${c.scenario.title}${c.marker ? `  ${m.run.marker(c.marker)}` : ''}`,
    ...c.checks.flatMap((k) => {
      const timing = formatDelay(k, m);
      return [
        `      ${MARK[k.verdict]} ${padEndWidth(label(k), width)}  ${padEndWidth(m.verdictWord[k.verdict], verdictWidth)}${timing ? ` ${timing} ·` : ''} ${reasonIn(k, m, c.email)}`,
        ...caveatLines(k, label(k), m),
      ];
    }),
  ];
}

/** After a check's verdict: what of its expectation cannot fail (`⚠ cannot fail`), each kind once. */
function caveatMark(check: CheckResult, m: Messages): string {
  const kinds = [...new Set((check.caveats ?? []).map((c) => c.kind))];
  return kinds.map((kind) => ` ⚠ ${m.caveat[kind]}`).join('');
}

/** Under the case: one line per caveat, why the check cannot fail (the fix is in the report and in validate). */
function caveatLines(check: CheckResult, label: string, m: Messages): string[] {
  return (check.caveats ?? []).map((c) => `      ⚠ ${label} ${m.caveat[c.kind]}: ${c.why}`);
}

/** An error outside any case (the global setup, a crashed worker): its message; its stack only when debugging. */
export function errorLines(error: TestError): string[] {
  const message = (error.message ?? error.value ?? 'unknown error').trimEnd();
  if (debugEnabled() && error.stack) return [`cutover: ${error.stack}`];
  return [
    `cutover: ${message
      .split('\n')
      .filter((line) => !/^\s+at /.test(line))
      .join('\n')}`,
  ];
}

async function cutoverVersion(): Promise<string> {
  return ownPackage().version;
}
