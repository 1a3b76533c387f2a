/**
 * Every sentence cutover prints into a document or a run summary, in English. This file defines
 * the shape of the catalog ({@link Messages}); messages.ja.ts must satisfy the same type, so a key
 * missing in one language fails the typecheck. A message is a string, or a function of typed data
 * (counts, names, values) — plurals and word order belong to the language, not to the caller.
 *
 * Values from the site, the scenario or a vendor's system (field names, values, ids, subjects) are
 * passed in as they are; the catalog never translates data.
 */

type CheckWord = 'submit' | 'form' | 'notification' | 'crm' | 'analytics';
type VerdictWord = 'passed' | 'failed' | 'error' | 'skipped';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

export const en = {
  lang: 'en' as 'en' | 'ja',
  /** Between items of a list in running text. */
  listSeparator: ', ',
  verdict: {
    passed: '✓ passed',
    failed: '✗ failed',
    error: '! error',
    skipped: '– skipped',
  } satisfies Record<VerdictWord, string>,
  /** The bare word, for summaries and the diff: "passed". */
  verdictWord: {
    passed: 'passed',
    failed: 'failed',
    error: 'error',
    skipped: 'skipped',
  } satisfies Record<VerdictWord, string>,
  check: {
    submit: 'Submit',
    form: 'Form',
    notification: 'Notification',
    crm: 'CRM',
    analytics: 'Analytics',
  } satisfies Record<CheckWord, string>,
  /** The check's name in running text and progress lines: "notification". */
  checkName: {
    submit: 'submit',
    form: 'form',
    notification: 'notification',
    crm: 'crm',
    analytics: 'analytics',
  } satisfies Record<CheckWord, string>,
  /** A check with a further channel: "notification (autoreply)". */
  checkWithChannel: (check: string, channel: string) => `${check} (${channel})`,
  caveat: {
    unseen: 'cannot fail',
    unchecked: 'not checked',
  },
  caveatSentence: (label: string, why: string, fix: string) =>
    `${label[0]!.toUpperCase()}${label.slice(1)}: ${why}. Fix: ${fix}.`,
  delay: {
    /** "1.2 s / SLA 30 s" */
    withSla: (shown: string, sla: string) => `${shown} / SLA ${sla}`,
    /** "SLA 30 s": nothing arrived, or an absence window. */
    slaOnly: (sla: string) => `SLA ${sla}`,
    overSla: 'over SLA',
  },

  report: {
    title: 'Acceptance report',
    caseRuns: (cases: number, targets: string) => `${plural(cases, 'case run')} on ${targets}`,
    run: 'Run',
    started: 'Started',
    ended: 'Ended',
    config: 'Config',
    shards: 'Shards',
    target: 'Target',
    url: 'URL',
    production: 'Production',
    yes: 'yes',
    no: 'no',
    fingerprint: 'SHA-256 of report.json:',
    fingerprintHint: 'Vendor and client refer to this report by this value; check it with',
    summary: 'Summary',
    caseRunsHead: 'Case runs',
    checkHead: 'Check',
    criteria: 'Acceptance criteria',
    criterion: 'Criterion',
    caseHead: 'Case',
    notRun: 'not run',
    evidenceSummary: (id: string, target: string) => `Evidence, reasons and cleanup — ${id} on ${target}`,
    findingsMore: (n: number) => `and ${plural(n, 'more finding')}`,
    signOff: 'Sign-off',
    acceptedBy: 'Accepted by (client)',
    deliveredBy: 'Delivered by (vendor)',
    signOffName: 'Name',
    signOffSignature: 'Signature',
    signOffDate: 'Date',
    footer: (sha256: string, version: string) =>
      `Rendered from report.json (SHA-256 ${sha256}) by cutover ${version}.`,
    pdfHashNote:
      'The hash is of the report.json file this document was printed from: sha256sum report.json gives the same value.',
  },

  evidence: {
    marker: 'Marker',
    syntheticEmail: 'Synthetic email',
    started: 'Started',
    submitted: 'Submitted (t0)',
    ended: 'Ended',
    scenarioFile: 'Scenario file',
    tags: 'Tags',
    via: (probe: string) => `via ${probe}`,
    delay: 'Delay:',
    outcome: 'Outcome',
    page: 'Page',
    pageToOutcome: 'Page open → outcome',
    submissions: (n: number) => `${n} submissions`,
    clicks: (n: number) => `final button clicked ${n}×`,
    steps: 'Steps',
    when: 'When',
    step: 'Step',
    files: 'Files',
    file: 'File',
    fileLine: (name: string, size: number, sha256: string) => `${name}, ${size} bytes, sha256 ${sha256}`,
    fieldErrors: 'Field errors',
    field: 'Field',
    message: 'Message',
    outcomePage: 'Outcome page',
    screenshotAlt: (path: string) => `Screenshot of the outcome page (${path})`,
    screenshotMissing: (path: string) => `Screenshot ${path} was not found next to the report.`,
    noMessage: 'No message matched this case.',
    messageHead: (index: number | undefined, subject: string) =>
      index === undefined ? `Message: ${subject}` : `Message ${index}: ${subject}`,
    to: 'To',
    from: 'From',
    received: 'Received',
    messageId: 'Message id',
    bodyField: 'Field (body)',
    value: 'Value',
    excerpt: 'Mail excerpt',
    htmlBody: (truncated: boolean) => `HTML body${truncated ? ' (cut at 100,000 characters)' : ''}`,
    htmlFrameTitle: 'The HTML body of the mail, as received',
    noRecord: 'No CRM record matched this case.',
    recordHead: (index: number | undefined) => (index === undefined ? 'Record' : `Record ${index}`),
    created: 'Created',
    updated: 'Updated',
    noValue: '(no value)',
    noEvent: 'No analytics event was seen.',
    event: 'Event',
    source: 'Source',
    sent: 'Sent',
    params: 'Params',
    utm: 'UTM',
    cleanupNothing: 'Cleanup: nothing this case created was left to delete.',
    cleanup: 'Cleanup',
    system: 'System',
    probe: 'Probe',
    id: 'Id',
    result: 'Result',
    reason: 'Reason',
    cleanupResult: { deleted: 'deleted', left: 'left', refused: 'refused', failed: 'failed' } as Record<
      string,
      string
    >,
    outcomeWord: {
      accepted: 'accepted',
      rejected: 'rejected',
      error: 'error',
      timeout: 'timeout',
    } as Record<string, string>,
    /** Text from outside cutover (a probe's error, the browser's message) shown as it came. */
    asReported: 'as reported:',
  },

  /** What a passed or skipped check rests on (CheckResult.grounds), as one sentence. */
  grounds: {
    accepted: (p: { afterMs?: string; submissions: number }) =>
      `accepted: success condition met${p.afterMs ? ` ${p.afterMs} after the click` : ''}${p.submissions > 1 ? ` (${p.submissions} submissions)` : ''}`,
    rejectedAsExpected: (errors: string) => `rejected as expected: ${errors}`,
    fieldError: (field: string, message: string | undefined) => (message ? `${field} (${message})` : field),
    arrived: (p: { count: number; delay: string; sla: string; subject: string }) =>
      `${p.count > 1 ? `${p.count} notifications arrived` : 'notification arrived'} after ${p.delay} (SLA ${p.sla}): "${p.subject}"`,
    recorded: (p: { count: number; id: string; delay: string; sla: string; updatedBy?: number }) =>
      `${plural(p.count, 'CRM record')} (${p.count === 1 ? p.id : `first ${p.id}`})${p.updatedBy ? `, updated by the ${ordinal(p.updatedBy)} submission` : `, created after ${p.delay}`} (SLA ${p.sla}), fields as expected`,
    events: (p: { events: string; after?: string; within: string }) =>
      `${p.events}${p.after ? ` after ${p.after}` : ` within ${p.within}`}, as expected`,
    eventSeen: (name: string, source: string, count: number) => `${count}× ${name} (${source})`,
    eventNone: (name: string, source: string) => `no ${name} (${source})`,
    absent: (what: CheckWord, within: string) =>
      `${{ submit: 'no outcome', form: 'no form value', notification: 'no notification', crm: 'no CRM record', analytics: 'no event' }[what]} within ${within}, as expected`,
    notExpected: (check: CheckWord) =>
      `the scenario expects nothing of ${{ submit: 'the form', form: 'the form’s values', notification: 'notifications', crm: 'the CRM', analytics: 'analytics' }[check]}`,
    noProbe: (check: CheckWord, channel: string | undefined) =>
      channel
        ? `the target has no notification probe "${channel}"`
        : `the target has no ${{ submit: 'form', form: 'form', notification: 'notification', crm: 'CRM', analytics: 'analytics' }[check]} probe`,
    notReached: (why: 'rejected' | 'incomplete' | 'notSubmitted' | 'notRun') =>
      ({
        rejected: 'not checked: the form rejected the input',
        incomplete: 'not checked: the submission did not complete',
        notSubmitted: 'not checked: the form was not submitted',
        notRun: 'not checked: the case did not run',
      })[why],
  },

  /** The words of a failed check's findings (src/scenario/render-findings.ts). */
  finding: {
    prefix: {
      submit: '',
      form: 'form ',
      notification: 'notification ',
      crm: 'CRM ',
      analytics: 'analytics ',
    } satisfies Record<CheckWord, string>,
    /** After the first finding of a reason: "; and 2 more: 電話番号, utm_source". */
    andMore: (n: number, names: string) => `; and ${n} more: ${names}`,
    item: (n: number) => `#${n} `,
    fieldErrorMissing: (field: string) => `${field}: expected an error, the field shows none`,
    fieldErrorUnexpected: (field: string) => `${field}: shows an error that was not expected`,
    arrived: {
      submit: 'thank-you page shown',
      form: 'form read',
      notification: 'notification arrived',
      crm: 'CRM record created',
      analytics: 'event sent',
    } satisfies Record<CheckWord, string>,
    lateExact: (arrived: string, after: string, sla: string) => `${arrived} after ${after}; SLA ${sla}`,
    between: (lower: string, upper: string, resolution: string, source: string, note: string) =>
      `between ${lower} and ${upper} (${resolution}, ${source}${note})`,
    lateSure: (arrived: string, measured: string, sla: string) => `${arrived} ${measured}; SLA ${sla}`,
    lateMaybe: (arrived: string, measured: string, sla: string, coarse: string) =>
      `${arrived} ${measured}; SLA ${sla} lies inside: may have been on time, judged late (conservative rule)${coarse}`,
    tooCoarse: (source: string, resolution: string, sla: string) =>
      `; the ${source} clock (${resolution}) is too coarse to judge an SLA of ${sla}`,
    contradicted: (source: string) =>
      `: the ${source} stamp contradicts cutover's own reads — its clock is coarser than declared or skewed, or the system listed the item only later — so the interval is what cutover observed`,
    notUpdated: (actual: string | undefined) =>
      `no record was updated by the last submission: ${actual ?? 'none found'}`,
    part: { to: 'to', from: 'from', subject: 'subject', body: 'body' } as Record<string, string>,
    value: (name: string, phrase: string) => `${name}: ${phrase}`,
    eventLabel: (name: string, source: string) => `${name} (${source})`,
    eventNone: (label: string, within: string) => `${label}: no event within ${within}`,
    eventForbidden: (label: string, fired: string) => `${label}: fired ${fired}× although it must not fire`,
    eventCount: (label: string, fired: string, expected: string) =>
      `${label}: fired ${fired}×; expected exactly ${expected}`,
    other: (path: string, kind: string, expected: string | undefined, actual: string | undefined) =>
      `${path}: ${kind}${expected !== undefined ? `; expected ${expected}` : ''}${actual !== undefined ? `, got ${actual}` : ''}`,
    siteError: (status: string, step: string) => `the site answered HTTP ${status} at the ${step} step`,
    noOutcome: (within: string) =>
      `no outcome within ${within}: neither the success condition nor field errors showed`,
    acceptedWrongly: 'the form accepted input it should reject',
    rejectedWrongly: (errors: string) => `the form rejected the input${errors ? `: ${errors}` : ''}`,
    outcomeDiffers: (expected: string, actual: string) => `outcome: expected ${expected}, got ${actual}`,
    wrongErrors: (got: string, want: string) =>
      `rejected, but errors on ${got || 'no field'}; expected ${want}`,
    mailUnexpected: (subject: string, to: string) =>
      `a notification arrived although none was expected: "${subject}" to ${to}`,
    mailsUnexpected: (count: string) => `${count} notification(s) arrived although none was expected`,
    mailMissing: (within: string) => `no notification arrived within ${within}`,
    mailCount: (actual: string, expected: string) =>
      `${actual} notifications arrived; expected exactly ${expected}`,
    recordUnexpected: (id: string | undefined) =>
      `a CRM record was created although none was expected${id ? ` (id ${id})` : ''}`,
    recordMissing: (email: string | undefined, within: string) =>
      `no CRM record for ${email ?? 'the synthetic email'} within ${within}`,
    recordCount: (actual: string, email: string | undefined, expected: string) =>
      `${actual} CRM records carry ${email ?? 'the synthetic email'}; expected ${expected}`,
    charsetPart: { subject: 'subject', body: 'body', html: 'HTML body' } as Record<string, string>,
    byteAt: (hex: string | undefined, offset: number) =>
      `${hex ? `byte ${hex}` : 'a byte'} at offset ${offset}`,
    byte: (hex: string) => `byte ${hex}`,
    bytesAre: (charset: string) => `the bytes are ${charset}`,
    mojibakeUnknown: (declared: string | undefined, part: string, more: string) =>
      `文字化け: the mail declares ${declared ?? 'a charset'} for its ${part}, a charset mail readers need not know (not in the WHATWG Encoding Standard)${more}`,
    mojibakeMislabelledUndeclared: (part: string, actual: string | undefined) =>
      `文字化け: the mail declares no charset for its ${part}, which is ${actual ?? 'in another charset'}`,
    mojibakeMislabelled: (declared: string, part: string, actual: string | undefined) =>
      `文字化け: the mail declares ${declared} but its ${part} is ${actual ?? 'in another charset'}: it reads as ${declared} only by chance`,
    mojibakeUndeclared: (part: string, expectedCharset: string, more: string) =>
      `文字化け: the mail declares no charset for its ${part}, whose bytes are not ${expectedCharset}${more}`,
    mojibakeInvalid: (declared: string, part: string, more: string) =>
      `文字化け: the mail declares ${declared} but its ${part} is not valid ${declared}${more}`,
    match: {
      contains: (expected: string, got: string) => `expected to contain ${expected}, ${got}`,
      matches: (pattern: string, got: string) => `expected to match /${pattern}/, ${got}`,
      present: (got: string) => `expected a value, ${got}`,
      absent: (got: string) => `expected no value, ${got}`,
      equals: (expected: string, got: string) => `expected ${expected}, ${got}`,
      got: (value: string) => `got ${value}`,
      gotNothing: 'got no value',
    },
  },

  diff: {
    title: (baseline: string, candidate: string) => `Parity diff: ${baseline} → ${candidate}`,
    pageTitle: (baseline: string, candidate: string) => `Parity diff ${baseline} → ${candidate} — cutover`,
    textTitle: 'cutover parity diff',
    regressions: (n: number) => plural(n, 'regression'),
    changes: (n: number) => plural(n, 'change'),
    noRegression: '✓ no regression',
    compared: (n: number) => `${plural(n, 'scenario')} compared`,
    baseline: 'Baseline',
    candidate: 'Candidate',
    baselineShort: 'baseline ',
    candidateShort: 'candidate',
    target: 'Target',
    url: 'URL',
    run: 'Run',
    started: 'Started',
    report: 'Report',
    scenarios: 'Scenarios',
    criterion: 'Criterion',
    regressionsHead: 'Regressions',
    changesHead: 'Changes',
    differences: 'Differences',
    notRun: 'not run',
    notRunOn: (id: string, target: string) => `${id}: not run on ${target}`,
    noDifferences: (candidate: string, baseline: string) =>
      `No differences: ${candidate} behaves like ${baseline} on every scenario compared.`,
    kind: 'Kind',
    check: 'Check',
    aspect: 'Aspect',
    why: 'Why',
    kindWord: { regression: '✗ regression', change: '~ change' } as Record<'regression' | 'change', string>,
    kindShort: { regression: 'regression', change: 'change' } as Record<'regression' | 'change', string>,
    none: '— (none)',
    footer:
      'cutover parity diff · values normalised: {marker}, {email}, {id}, {timestamp}, {origin} stand for run-specific values.',
    worse: (n: number, candidate: string, baseline: string) =>
      `${plural(n, 'regression')}: ${candidate} does worse than ${baseline}.`,
    toReview: (n: number) => `No regression; ${plural(n, 'change')} to review.`,
    /** Why a difference is classed so (src/report/diff/classify.ts). */
    because: {
      noneOn: (side: string) => `none on ${side}`,
      newOn: (side: string) => `new on ${side}`,
      moreOn: (side: string) => `more on ${side}`,
      fewerOn: (side: string) => `fewer on ${side}`,
      missingOn: (side: string) => `missing on ${side}`,
      differsOn: (side: string) => `differs on ${side}`,
      perPage: 'sent once per page: the number of pages differs',
      stillPassed: '; the check still passed',
      failedElsewhere: (verdict: string) => `; the check ${verdict} on something else`,
      failedOnIt: (what: string, verdict: string, finding: string) =>
        `${what}; the check ${verdict} on it: ${finding}`,
      verdictMoved: (bv: string, baseline: string, cv: string, candidate: string) =>
        `${bv} on ${baseline}, ${cv} on ${candidate}`,
      movedBecause: (moved: string, why: string) => `${moved}: ${why}`,
      caseOnlyBaseline: (baseline: string, verdict: string, candidate: string) =>
        `run on ${baseline} (${verdict}), not run on ${candidate}`,
      caseOnlyCandidate: (baseline: string, candidate: string, verdict: string) =>
        `not run on ${baseline}, new on ${candidate} (${verdict})`,
    },
  },

  /** The monitor's kept-run pages (src/monitor/evidence/run-pages.ts): what an on-call engineer opens from an alert. */
  /** `cutover report sla`: the sales side of real leads, for the weekly sales/marketing meeting. */
  slaReport: {
    title: (target: string) => `Sales SLA — ${target}`,
    intro: (since: string, until: string, cutover: string | undefined) =>
      `Real leads received ${since} – ${until}${cutover ? `, before and after the cutover on ${cutover}` : ''}.`,
    slaLine: (within: string, hours: number, zone: string) =>
      `First-response SLA: ${within} (${hours} business hours, ${zone}); durations in business time.`,
    period: { before: 'before', after: 'after', all: 'all leads' } as Record<
      'before' | 'after' | 'all',
      string
    >,
    change: 'change',
    leads: 'Real leads',
    validShare: 'In-scope share',
    firstResponse: (percentile: string) => `First response ${percentile} (business hours)`,
    breaches: 'SLA breaches',
    awaiting: 'Awaiting a first response',
    completeness: (field: string) => `Completeness: ${field}`,
    hours: (n: string) => `${n} h`,
    points: (n: string) => `${n} pt`,
    footer: (generated: string, zone: string) =>
      `Counts and durations only: no lead is named. Generated by cutover at ${generated} (${zone}).`,
    written: (target: string, leads: number, page: string, json: string) =>
      `Sales SLA of ${target}: ${plural(leads, 'real lead')} read; wrote ${page} and ${json}`,
  },

  runPages: {
    pageTitle: (scenario: string, target: string, verdict: string, id: string) =>
      `${scenario} on ${target}: ${verdict} — cutover monitor ${id}`,
    allRuns: 'All kept runs',
    runsOf: (scenario: string, target: string) => `runs of ${scenario} on ${target}`,
    /** After the scenario's id in the heading: "AC-01 on renewal". */
    onTarget: (target: string) => ` on ${target}`,
    run: 'Run',
    target: 'Target',
    production: ' (production)',
    ended: 'Ended',
    whatWentWrong: 'What went wrong',
    keptAs: 'Kept as',
    keptAsPassing: (scenario: string, target: string) =>
      `a passing run of ${scenario} on ${target}, to compare the failures after it with`,
    lastPassed: 'Last passing run',
    lastPassedNote: '(what this case showed when it last passed)',
    noLastPassed: 'none kept: the case has not passed since the evidence directory was started',
    resultAsData: 'The case result as data:',
    noTrace: (passed: boolean) =>
      `No Playwright trace: ${passed ? 'passing runs keep none' : 'the browser did not record one (it could not start, or the trace could not be saved)'}`,
    trace: 'Playwright trace (every step, network request and DOM snapshot of the case):',
    /** Around the link to trace.playwright.dev, then the command. */
    traceOpenAt: 'open it at',
    traceOrCommand: '(the file stays in your browser) or with',
    evidenceHead: 'Evidence, reasons and cleanup',
    footer: (version: string) =>
      `Kept by cutover ${version}'s monitor. Secrets are removed from this page and its data; the trace holds what the browser saw.`,
    /** Before a failed or errored check's reason in "What went wrong": "notification failed:". */
    checkWent: (check: string, verdict: string) => `${check} ${verdict}:`,
    everyCheckPassed: 'every check passed',
    everyCheckSkipped: 'every check skipped',
    listTitle: 'Kept runs — cutover monitor',
    listHeading: 'Kept runs',
    listCount: (n: number, filtered: boolean) => `(${n}${filtered ? ' matching' : ''})`,
    listIntro:
      'Every failed or errored case run the monitor kept, and the last passing run of each scenario, newest first.',
    asJson: 'As JSON',
    filterBy: { target: 'target', scenario: 'scenario', verdict: 'verdict' } as Record<
      'target' | 'scenario' | 'verdict',
      string
    >,
    any: 'any',
    filter: 'Filter',
    clear: 'clear',
    noRunsMatch: 'No run kept matches the filter.',
    noRunsYet:
      'No run kept yet: a failed or errored case keeps its evidence here, and each scenario its last passing run.',
    startedIn: (zone: string) => `Started (${zone})`,
    scenario: 'Scenario',
    verdict: 'Verdict',
  },

  /** What `cutover uat` and `cutover demo` print while and after they run. */
  run: {
    running: (shard: string | undefined, cases: number, ids: string, targets: string) =>
      `Running ${shard ? `shard ${shard} of ` : ''}${plural(cases, 'case')} (${ids}) on ${targets} …`,
    marker: (marker: string) => `(marker ${marker})`,
    skippedAll: 'skipped',
    reportWritten: (html: string, sha: string, junit: string) =>
      `Acceptance report: ${html} (report.json sha256 ${sha}…), JUnit: ${junit}`,
    previousKept: (dir: string) => `The previous report was moved to ${dir}`,
    nothingRan: (dir: string) => `No test ran: the acceptance report in ${dir} was left as it was.`,
    pdfWritten: (pdf: string) => `PDF for sign-off: ${pdf}`,
    demoWorldUp: (legacy: string, renewal: string, clean: boolean) =>
      `Demo world up: legacy ${legacy}, ${clean ? 'renewal (clean: planted defects off)' : 'renewal (with its planted defects D1–D4)'} ${renewal}`,
    demoEmbedded: (url: string, forms: string, clean: boolean) =>
      `and embedded ${url} (the お見積り依頼 form in a cross-origin iframe from ${forms}${clean ? '' : ', with its planted defects D5–D9'})`,
    demoRunning: 'Running the pack on legacy, renewal and embedded at once …',
    diffHeading: (baseline: string, candidate: string) => `Parity diff ${baseline} → ${candidate}:`,
    summary: 'Summary',
    targetCounts: (target: string, cases: number, passed: number, failed: number, error: number) =>
      `${target} ${plural(cases, 'case')}: ${passed} passed, ${failed} failed, ${error} error`,
    plantedCaught: 'Planted renewal defects caught by the parity diff:',
    plantedEmbeddedCaught: 'Planted embedded defects caught by the scenarios’ own checks:',
    files: 'Files:',
    fileReport: (target: string, extra: boolean) =>
      `acceptance report, ${target}${extra ? ' (also report.json, junit.xml)' : ''}`,
    filePdf: (target: string) => `PDF of the acceptance report, ${target}`,
    fileDiff: 'parity diff (also diff.json, diff.txt)',
    asDocumentedClean: 'As documented: no regressions on the clean renewal.',
    asDocumented: 'As documented: every planted defect, and nothing else.',
    timesIn: (zone: string) => `Times are shown in ${zone}.`,
    traces: (dir: string) => `Traces and screenshots of the failed cases: npx playwright show-report ${dir}`,
    /** `cutover show-report --print`. */
    printedReport: (path: string) => `Acceptance report: ${path}`,
    unreadable: (path: string) => `${path} cannot be read (see below)`,
    runLine: (
      started: string,
      duration: string,
      version: string,
      config: string,
      shards: number | undefined,
    ) =>
      `run ${started} (${duration}), cutover ${version}, config ${config}${shards ? `, ${shards} shards merged` : ''}`,
    counts: (
      targets: string,
      cases: number,
      passed: number,
      failed: number,
      error: number,
      skipped: number,
    ) =>
      `${targets || 'no target'}: ${plural(cases, 'case')}: ${passed} passed, ${failed} failed, ${error} error${skipped ? `, ${skipped} skipped` : ''}`,
    alsoFiles: (json: string, junit: string) => `also ${json} (SHA-256 in the HTML), ${junit}`,
    parityDiff: (path: string) => `Parity diff: ${path}`,
    playwrightReport: (dir: string) => `Playwright's report and traces: npx playwright show-report ${dir}`,
  },
};

/** The shape every language's catalog has. */
export type Messages = typeof en;
