import { describe, expect, it } from 'vitest';
import {
  en,
  formatTime,
  ja,
  langOfEnv,
  type Messages,
  resolveLang,
  zoneName,
} from '../../src/foundation/i18n/index.ts';
import { englishWords, wordsOf } from '../support/english-words.ts';

/**
 * Sample arguments for every message that takes data, typed from the catalog: a new message
 * without a sample fails the typecheck, so every message is rendered here in both languages.
 */
type Samples<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string
    ? A
    : T[K] extends string
      ? null
      : T[K] extends Record<string, string>
        ? null
        : Samples<T[K]>;
};

const SAMPLE_DATA = [
  '株式会社テスト商事',
  'AC-01',
  'legacy',
  'renewal',
  '電話番号',
  'sales@example.com',
  '59005',
];

const samples: Samples<Messages> = {
  lang: null,
  listSeparator: null,
  verdict: null,
  verdictWord: null,
  check: null,
  checkName: null,
  checkWithChannel: ['通知メール', 'autoreply'],
  caveat: null,
  caveatSentence: ['cannot fail', 'why', 'fix'],
  delay: { withSla: ['1.2 s', '30 s'], slaOnly: ['30 s'], overSla: null },
  report: {
    title: null,
    caseRuns: [12, 'legacy, renewal'],
    run: null,
    started: null,
    ended: null,
    config: null,
    shards: null,
    target: null,
    url: null,
    production: null,
    yes: null,
    no: null,
    fingerprint: null,
    fingerprintHint: null,
    summary: null,
    caseRunsHead: null,
    checkHead: null,
    criteria: null,
    criterion: null,
    caseHead: null,
    notRun: null,
    evidenceSummary: ['AC-01', 'renewal'],
    findingsMore: [3],
    signOff: null,
    acceptedBy: null,
    deliveredBy: null,
    signOffName: null,
    signOffSignature: null,
    signOffDate: null,
    footer: ['ab12', '0.1.0'],
    pdfHashNote: null,
  },
  evidence: {
    marker: null,
    syntheticEmail: null,
    started: null,
    submitted: null,
    ended: null,
    scenarioFile: null,
    tags: null,
    via: ['hubspot'],
    delay: null,
    outcome: null,
    page: null,
    pageToOutcome: null,
    submissions: [2],
    clicks: [2],
    steps: null,
    when: null,
    step: null,
    files: null,
    file: null,
    fileLine: ['見積依頼.pdf', 1024, 'ab12'],
    fieldErrors: null,
    field: null,
    message: null,
    outcomePage: null,
    screenshotAlt: ['evidence/AC-01.png'],
    screenshotMissing: ['evidence/AC-01.png'],
    noMessage: null,
    messageHead: [2, '【お問い合わせ】株式会社テスト商事 様'],
    to: null,
    from: null,
    received: null,
    messageId: null,
    bodyField: null,
    value: null,
    excerpt: null,
    htmlBody: [true],
    htmlFrameTitle: null,
    noRecord: null,
    recordHead: [2],
    created: null,
    updated: null,
    noValue: null,
    noEvent: null,
    event: null,
    source: null,
    sent: null,
    params: null,
    utm: null,
    cleanupNothing: null,
    cleanup: null,
    system: null,
    probe: null,
    id: null,
    result: null,
    reason: null,
    cleanupResult: null,
    outcomeWord: null,
    asReported: null,
  },
  grounds: {
    accepted: [{ afterMs: '1.2 s', submissions: 2 }],
    rejectedAsExpected: ['電話番号'],
    fieldError: ['電話番号', '電話番号を入力してください'],
    arrived: [{ count: 2, delay: '1.2 s', sla: '30 s', subject: '株式会社テスト商事' }],
    recorded: [{ count: 1, id: '59005', delay: '1.2 s', sla: '30 s', updatedBy: 2 }],
    events: [{ events: 'generate_lead (ga4)', after: '1.2 s', within: '30 s' }],
    eventSeen: ['generate_lead', 'ga4', 1],
    eventNone: ['generate_lead', 'ga4'],
    absent: ['crm', '5 s'],
    notExpected: ['analytics'],
    noProbe: ['notification', 'autoreply'],
    notReached: ['incomplete'],
  },
  finding: {
    prefix: null,
    andMore: [2, '電話番号, 会社名'],
    item: [2],
    fieldErrorMissing: ['電話番号'],
    fieldErrorUnexpected: ['電話番号'],
    arrived: null,
    lateExact: ['notification arrived', '31 s', '30 s'],
    between: ['0 ms', '1.2 s', '±1 s', 'IMAP INTERNALDATE', ''],
    lateSure: ['arrived', '31 s', '30 s'],
    lateMaybe: ['arrived', '31 s', '30 s', ''],
    tooCoarse: ['IMAP INTERNALDATE', '±1 s', '30 s'],
    contradicted: ['IMAP INTERNALDATE'],
    notUpdated: ['59005'],
    part: null,
    value: ['電話番号', '"03-1234-5678"'],
    eventLabel: ['generate_lead', 'ga4'],
    eventNone: ['generate_lead (ga4)', '30 s'],
    eventForbidden: ['generate_lead (ga4)', '2'],
    eventCount: ['generate_lead (ga4)', '2', '1'],
    other: ['fields.電話番号', 'differs', '"1"', '"2"'],
    siteError: ['500', 'confirm'],
    noOutcome: ['30 s'],
    acceptedWrongly: null,
    rejectedWrongly: ['電話番号'],
    outcomeDiffers: ['accepted', 'rejected'],
    wrongErrors: ['電話番号', '会社名'],
    mailUnexpected: ['株式会社テスト商事', 'sales@example.com'],
    mailsUnexpected: ['2'],
    mailMissing: ['30 s'],
    mailCount: ['2', '1'],
    recordUnexpected: ['59005'],
    recordMissing: ['sales@example.com', '30 s'],
    recordCount: ['2', 'sales@example.com', '1'],
    charsetPart: null,
    byteAt: ['0xE5', 6],
    byte: ['0xE5'],
    bytesAre: ['UTF-8'],
    mojibakeUnknown: ['x-unknown', '本文', ''],
    mojibakeMislabelledUndeclared: ['本文', 'Shift_JIS'],
    mojibakeMislabelled: ['ISO-2022-JP', '本文', 'UTF-8'],
    mojibakeUndeclared: ['本文', 'US-ASCII', ''],
    mojibakeInvalid: ['ISO-2022-JP', '本文', ''],
    match: {
      contains: ['"株式会社"', '"株式会社テスト商事"'],
      matches: ['^03-', '"03-1234-5678"'],
      present: ['"03"'],
      absent: ['"03"'],
      equals: ['"03"', '"04"'],
      got: ['"03"'],
      gotNothing: null,
    },
  },
  diff: {
    title: ['legacy', 'renewal'],
    pageTitle: ['legacy', 'renewal'],
    textTitle: null,
    regressions: [2],
    changes: [1],
    noRegression: null,
    compared: [6],
    baseline: null,
    candidate: null,
    baselineShort: null,
    candidateShort: null,
    target: null,
    url: null,
    run: null,
    started: null,
    report: null,
    scenarios: null,
    criterion: null,
    regressionsHead: null,
    changesHead: null,
    differences: null,
    notRun: null,
    notRunOn: ['AC-01', 'renewal'],
    noDifferences: ['renewal', 'legacy'],
    kind: null,
    check: null,
    aspect: null,
    why: null,
    kindWord: null,
    kindShort: null,
    none: null,
    footer: null,
    worse: [2, 'renewal', 'legacy'],
    toReview: [1],
    because: {
      noneOn: ['renewal'],
      newOn: ['renewal'],
      moreOn: ['renewal'],
      fewerOn: ['renewal'],
      missingOn: ['renewal'],
      differsOn: ['renewal'],
      perPage: null,
      stillPassed: null,
      failedElsewhere: ['不合格'],
      failedOnIt: ['renewal', '不合格', '電話番号'],
      verdictMoved: ['合格', 'legacy', '不合格', 'renewal'],
      movedBecause: ['legacy', '電話番号'],
      caseOnlyBaseline: ['legacy', '合格', 'renewal'],
      caseOnlyCandidate: ['legacy', 'renewal', '合格'],
    },
  },
  slaReport: {
    title: ['renewal'],
    intro: ['2026-11-24', '2026-12-08', '2026-12-01'],
    slaLine: ['1営業日', 9, 'Asia/Tokyo'],
    period: null,
    change: null,
    leads: null,
    validShare: null,
    firstResponse: ['p50'],
    breaches: null,
    awaiting: null,
    completeness: ['utm_source'],
    hours: ['0.8'],
    points: ['-3'],
    footer: ['2026-12-08 11:19', 'Asia/Tokyo'],
    written: ['renewal', 677, 'reports/sla/sla-renewal.html', 'reports/sla/sla-renewal.json'],
  },
  runPages: {
    pageTitle: ['AC-01', 'renewal', '不合格', '20261208T010000Z-renewal-ac-01-7f3a'],
    allRuns: null,
    runsOf: ['AC-01', 'renewal'],
    onTarget: ['renewal'],
    run: null,
    target: null,
    production: null,
    ended: null,
    whatWentWrong: null,
    keptAs: null,
    keptAsPassing: ['AC-01', 'renewal'],
    lastPassed: null,
    lastPassedNote: null,
    noLastPassed: null,
    resultAsData: null,
    noTrace: [false],
    trace: null,
    traceOpenAt: null,
    traceOrCommand: null,
    evidenceHead: null,
    footer: ['0.1.0'],
    checkWent: ['通知メール', '不合格'],
    everyCheckPassed: null,
    everyCheckSkipped: null,
    listTitle: null,
    listHeading: null,
    listCount: [3, true],
    listIntro: null,
    asJson: null,
    filterBy: null,
    any: null,
    filter: null,
    clear: null,
    noRunsMatch: null,
    noRunsYet: null,
    startedIn: ['JST'],
    scenario: null,
    verdict: null,
  },
  run: {
    running: ['1/2', 6, 'AC-01, AC-02', 'legacy'],
    marker: ['ct-20261208-7f3a9c'],
    skippedAll: null,
    reportWritten: ['reports/index.html', 'ab12', 'reports/junit.xml'],
    previousKept: ['reports/report.prev'],
    nothingRan: ['reports/acceptance'],
    pdfWritten: ['reports/report.pdf'],
    demoWorldUp: ['http://127.0.0.1:1', 'http://127.0.0.1:2', false],
    demoEmbedded: ['http://127.0.0.1:3/quote/', 'http://127.0.0.1:4', false],
    demoRunning: null,
    diffHeading: ['legacy', 'renewal'],
    summary: null,
    targetCounts: ['legacy', 6, 5, 1, 0],
    plantedCaught: null,
    plantedEmbeddedCaught: null,
    files: null,
    fileReport: ['legacy', true],
    filePdf: ['legacy'],
    fileDiff: null,
    asDocumentedClean: null,
    asDocumented: null,
    timesIn: ['Asia/Tokyo'],
    traces: ['reports/acceptance/playwright'],
    printedReport: ['reports/acceptance/index.html'],
    unreadable: ['reports/acceptance/report.json'],
    runLine: ['2026-12-08 10:15:41 JST', '7 min', '0.1.0', 'cutover.config.ts', 2],
    counts: ['legacy', 6, 5, 1, 0, 1],
    alsoFiles: ['reports/acceptance/report.json', 'reports/acceptance/junit.xml'],
    parityDiff: ['reports/demo/diff.html'],
    playwrightReport: ['reports/acceptance/playwright'],
  },
};

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Every message of a catalog, rendered with the samples: [path, text]. */
function renderAll(catalog: unknown, sample: unknown, path = ''): Array<[string, string]> {
  if (typeof catalog === 'string') return [[path, catalog]];
  if (typeof catalog === 'function') {
    const args = sample as unknown[];
    expect(Array.isArray(args), `${path}: a sample`).toBe(true);
    return [[path, (catalog as (...a: unknown[]) => string)(...args)]];
  }
  return Object.entries(catalog as Record<string, unknown>).flatMap(([key, value]) =>
    renderAll(
      value,
      sample === null ? null : (sample as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    ),
  );
}

describe('the message catalogs', () => {
  const english = renderAll(en, samples);
  const japanese = renderAll(ja, samples);

  it('render every message in both languages, with the same keys', () => {
    expect(japanese.map(([path]) => path)).toEqual(english.map(([path]) => path));
    expect(english.length).toBeGreaterThan(250);
    for (const [path, text] of [...english, ...japanese]) {
      expect(typeof text, path).toBe('string');
      expect(text, path).not.toMatch(/undefined|NaN|\[object /);
    }
  });

  it('Japanese messages are Japanese: no English word but data and names kept as they are', () => {
    // Whatever the samples pass in is data: the words left are the catalog's own.
    const data = wordsOf(...SAMPLE_DATA, ...stringsOf(samples));
    const english_ = japanese
      .filter(([path]) => path !== 'lang')
      .map(([path, text]) => [path, englishWords(text, data)] as const)
      .filter(([, words]) => words.length > 0);
    expect(english_).toEqual([]);
  });

  it('the words a QA lead writes: 検収, 合否, 合格, 不合格, 期限, 遅延, 証跡, 通知メール', () => {
    const all = japanese.map(([, text]) => text).join('\n');
    for (const word of [
      '検収',
      '合格',
      '不合格',
      '期限',
      '遅延',
      '証跡',
      '通知メール',
      '受入基準',
      '差分比較',
    ])
      expect(all).toContain(word);
  });

  it('a resubmission says what it proved, in both languages', () => {
    const proved = { count: 1, id: '59005', delay: '1.2 s', sla: '30 s', updatedBy: 2 };
    expect(en.grounds.recorded(proved)).toBe(
      '1 CRM record (59005), updated by the 2nd submission (SLA 30 s), fields as expected',
    );
    expect(ja.grounds.recorded(proved)).toBe(
      '1 件（59005）、2 回目の送信で更新（期限 30 s）、項目の値は想定どおり',
    );
  });
});

describe('times say their zone', () => {
  const at = '2026-12-08T01:15:41.000Z';
  it('JST for Asia/Tokyo, UTC for UTC, from Intl', () => {
    expect(formatTime(at, 'Asia/Tokyo')).toBe('2026-12-08 10:15:41 JST');
    expect(formatTime(at, 'UTC')).toBe('2026-12-08 01:15:41 UTC');
    expect(formatTime(at, 'America/New_York')).toBe('2026-12-07 20:15:41 EST');
    expect(zoneName(new Date(at), 'Asia/Kolkata')).toBe('GMT+5:30');
  });
});

describe('the language of the documents', () => {
  it('--lang, then the config, then LC_ALL/LANG (ja_* → ja), then English', () => {
    expect(resolveLang({ flag: 'en', config: 'ja' }, { LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLang({ config: 'ja' }, { LANG: 'C.UTF-8' })).toBe('ja');
    expect(resolveLang({}, { LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(resolveLang({}, { LC_ALL: 'en_US.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLang({}, {})).toBe('en');
    expect(langOfEnv({ LANG: 'ja' })).toBe('ja');
  });
});
