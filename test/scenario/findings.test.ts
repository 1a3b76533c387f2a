/**
 * What each check finds wrong, as data: the findings (aspect, kind, expected, actual) of every
 * kind of failure, and the sentences rendered from them — the same sentences the checks wrote
 * before findings existed.
 */
import { describe, expect, it } from 'vitest';
import type { CrmExpectation, NotificationExpectation } from '../../src/config/index.ts';
import type { CrmRecord, NotificationMessage } from '../../src/probes/index.ts';
import type { CheckResult, SubmitEvidence } from '../../src/scenario/case-result.ts';
import { checkAnalytics } from '../../src/scenario/checks/analytics-check.ts';
import type { CheckContext } from '../../src/scenario/checks/check-context.ts';
import { checkCrm } from '../../src/scenario/checks/crm-check.ts';
import { checkNotification } from '../../src/scenario/checks/notification-check.ts';
import { aspect, aspectPath, parseAspect } from '../../src/scenario/findings.ts';
import { type FindingsTemplate, renderFindings } from '../../src/scenario/render-findings.ts';
import { type Attempt, judge } from '../../src/scenario/submit-form.ts';
import {
  capture,
  checkContext,
  crmProbe,
  EMAIL,
  mail,
  mailProbe,
  record,
} from '../support/check-fixtures.ts';

function context(clickedAgoMs = 0): CheckContext {
  // Nothing waits: no settle window, no grace; the tests' own `within` are short.
  return checkContext({}, clickedAgoMs);
}

async function notification(messages: NotificationMessage[], expectation: NotificationExpectation) {
  return (await checkNotification(mailProbe(messages), expectation, context())).result;
}

async function crm(records: CrmRecord[], expectation: CrmExpectation) {
  return (await checkCrm(crmProbe(records), expectation, context())).result;
}

/** The parts of a check a test compares: verdict, findings, and the words rendered from them. */
const said = (c: CheckResult) => ({
  verdict: c.verdict,
  findings: c.findings,
  reason: c.reason,
  details: c.details,
});

const BODY = '会社名: 株式会社テスト商事\n電話番号: 03-1234-5678\n';

describe('notification findings', () => {
  it('a body field that is missing, and one that differs', async () => {
    const result = await notification([mail('会社名: 株式会社テスト商会\n')], {
      fields: { 会社名: '株式会社テスト商事', 電話番号: '03-1234-5678' },
    });
    expect(said(result)).toEqual({
      verdict: 'failed',
      findings: [
        {
          aspect: 'fields.会社名',
          kind: 'differs',
          match: 'equals',
          expected: '株式会社テスト商事',
          actual: '株式会社テスト商会',
        },
        { aspect: 'fields.電話番号', kind: 'missing', match: 'equals', expected: '03-1234-5678' },
      ],
      reason:
        'notification 会社名: expected "株式会社テスト商事", got "株式会社テスト商会"; and 1 more: 電話番号',
      details: [
        '会社名: expected "株式会社テスト商事", got "株式会社テスト商会"',
        '電話番号: expected "03-1234-5678", got no value',
      ],
    });
  });

  it('subject, recipients and body matchers, numbered by message when there are several', async () => {
    const result = await notification([mail(BODY), mail(BODY, { subject: 'お問い合わせ' })], {
      subject: { contains: '株式会社テスト商事' },
      body: { matches: '^会社名' },
    });
    expect(result.findings).toEqual([
      {
        aspect: 'subject',
        kind: 'differs',
        match: 'contains',
        expected: '株式会社テスト商事',
        actual: 'お問い合わせ',
        item: 2,
      },
    ]);
    expect(result.reason).toBe(
      'notification #2 subject: expected to contain "株式会社テスト商事", got "お問い合わせ"',
    );
  });

  it('a wrong number of mails is a count finding', async () => {
    const result = await notification([mail(BODY), mail(BODY)], { count: 1 });
    expect(said(result)).toEqual({
      verdict: 'failed',
      findings: [{ aspect: 'messages.count', kind: 'count', expected: '1', actual: '2' }],
      reason: '2 notifications arrived; expected exactly 1',
      details: ['2 notifications arrived; expected exactly 1'],
    });
  });

  it('no mail at all is missing; a mail where none may come is unexpected', async () => {
    const none = await notification([], { within: 20 });
    expect(none.findings).toEqual([
      { aspect: 'messages.count', kind: 'missing', expected: '1', actual: '0', withinMs: 20 },
    ]);
    expect(none.reason).toBe('no notification arrived within 20 ms');
    const unwanted = await notification([mail(BODY)], { none: true, within: 20 });
    expect(unwanted.findings).toEqual([
      { aspect: 'messages.count', kind: 'unexpected', expected: '0', actual: '1', withinMs: 20 },
    ]);
    expect(unwanted.reason).toBe(
      'a notification arrived although none was expected: "【お問い合わせ】株式会社テスト商事 様" to sales@demo.cutover.test',
    );
  });

  it('a mail after the SLA is late, expected and actual in milliseconds', async () => {
    // Clicked 5 s ago: the reads come after the stamps, as they would.
    const ctx = context(5000);
    const late = mail(BODY, { receivedAt: new Date(ctx.identity.t0.getTime() + 1500) });
    const { result } = await checkNotification(mailProbe([late]), { within: 1000 }, ctx);
    expect(result.findings).toEqual([
      {
        aspect: 'delay',
        kind: 'late',
        expected: '1000',
        actual: '1500',
        range: { lowerMs: 1500, upperMs: 1500, resolutionMs: 1, source: 'Mailpit Created' },
      },
    ]);
    expect(result.reason).toBe('notification arrived after 1.5 s; SLA 1 s');
  });

  it('a mail stamped in whole seconds around the SLA: judged late by the conservative rule, saying so', async () => {
    // Clicked 5 s ago: the reads come after the stamps, as they would.
    const ctx = context(5000);
    // Stamped 0.6 s after the click (a whole-second stamp truncated): it arrived between 0.6 and 1.599 s.
    const straddling = mail(BODY, { receivedAt: new Date(ctx.identity.t0.getTime() + 600) });
    const probe = {
      ...mailProbe([straddling]),
      timestamps: { source: 'IMAP INTERNALDATE', resolutionMs: 1000, clock: 'system' as const },
    };
    const { result } = await checkNotification(probe, { within: 1000 }, ctx);
    expect(result.verdict).toBe('failed');
    expect(result.delay).toMatchObject({
      lowerMs: 600,
      upperMs: 1599,
      ms: 1599,
      source: 'IMAP INTERNALDATE',
    });
    expect(result.reason).toBe(
      'notification arrived between 600 ms and 1.6 s (±1 s, IMAP INTERNALDATE); SLA 1 s lies inside: may have been on time, judged late (conservative rule); the IMAP INTERNALDATE clock (±1 s) is too coarse to judge an SLA of 1 s',
    );
  });

  it('a mail stamped in whole seconds well within the SLA passes, its resolution in the reason', async () => {
    // Clicked 5 s ago: the reads come after the stamps, as they would.
    const ctx = context(5000);
    const early = mail(BODY, { receivedAt: new Date(ctx.identity.t0.getTime() + 300) });
    const probe = {
      ...mailProbe([early]),
      timestamps: { source: 'IMAP INTERNALDATE', resolutionMs: 1000, clock: 'system' as const },
    };
    const { result } = await checkNotification(probe, { within: 5000 }, ctx);
    expect(result.verdict).toBe('passed');
    expect(result.delayMs).toBe(1299);
    expect(result.reason).toMatch(
      /^notification arrived after 1\.3 s \(±1 s, IMAP INTERNALDATE\) \(SLA 5 s\)/,
    );
  });

  it('a passed check has no findings', async () => {
    const result = await notification([mail(BODY)], { fields: { 電話番号: '03-1234-5678' } });
    expect(result.verdict).toBe('passed');
    expect(result.findings).toEqual([]);
    expect(result.details).toEqual([]);
  });
});

describe('CRM findings', () => {
  it('a property missing, one that differs, and one that must be absent', async () => {
    const result = await crm(
      [record({ utm_source: null, phone: '０３－１２３４－５６７８', fax: '03-0000' })],
      {
        fields: { utm_source: 'newsletter', phone: '03-1234-5678', fax: { absent: true } },
      },
    );
    expect(said(result)).toEqual({
      verdict: 'failed',
      findings: [
        { aspect: 'fields.utm_source', kind: 'missing', match: 'equals', expected: 'newsletter' },
        {
          aspect: 'fields.phone',
          kind: 'differs',
          match: 'equals',
          expected: '03-1234-5678',
          actual: '０３－１２３４－５６７８',
        },
        { aspect: 'fields.fax', kind: 'unexpected', match: 'absent', actual: '03-0000' },
      ],
      reason: 'CRM utm_source: expected "newsletter", got no value; and 2 more: phone, fax',
      details: [
        'utm_source: expected "newsletter", got no value',
        'phone: expected "03-1234-5678", got "０３－１２３４－５６７８"',
        'fax: expected no value, got "03-0000"',
      ],
    });
  });

  it('records: a wrong number, none at all, one where none may be', async () => {
    const two = await crm([record({}), { ...record({}), id: '102' }], { count: 1 });
    expect(two.findings).toEqual([{ aspect: 'records.count', kind: 'count', expected: '1', actual: '2' }]);
    expect(two.reason).toBe(`2 CRM records carry ${EMAIL}; expected 1`);
    const none = await crm([], { within: 20 });
    expect(none.findings).toEqual([
      { aspect: 'records.count', kind: 'missing', expected: '1', actual: '0', withinMs: 20 },
    ]);
    expect(none.reason).toBe(`no CRM record for ${EMAIL} within 20 ms`);
    const unwanted = await crm([record({})], { none: true, within: 20 });
    expect(unwanted.findings).toEqual([
      { aspect: 'records.count', kind: 'unexpected', expected: '0', actual: '1', withinMs: 20 },
    ]);
    expect(unwanted.reason).toBe('a CRM record was created although none was expected (id 101)');
  });
});

describe('analytics findings', () => {
  const lead = { name: 'generate_lead', params: { form_id: 'contact' }, utm: { source: 'newsletter' } };

  it('fired twice where exactly once is expected: a count finding per source', async () => {
    const captures = new Map([
      ['ga4', capture('ga4', [lead, lead])],
      ['datalayer', capture('datalayer', [lead, lead])],
    ]);
    const result = await checkAnalytics(
      captures,
      {
        within: 50,
        events: [
          { name: 'generate_lead', source: 'ga4', count: 1 },
          { name: 'generate_lead', source: 'datalayer', count: 1 },
        ],
      },
      context(),
    );
    expect(said(result)).toEqual({
      verdict: 'failed',
      findings: [
        { aspect: 'events.generate_lead[ga4].count', kind: 'count', expected: '1', actual: '2' },
        { aspect: 'events.generate_lead[datalayer].count', kind: 'count', expected: '1', actual: '2' },
      ],
      reason:
        'analytics generate_lead (ga4): fired 2×; expected exactly 1; and 1 more: generate_lead (datalayer)',
      details: [
        'generate_lead (ga4): fired 2×; expected exactly 1',
        'generate_lead (datalayer): fired 2×; expected exactly 1',
      ],
    });
  });

  it('never fired, fired although it must not, and a parameter and UTM that differ', async () => {
    const never = await checkAnalytics(
      new Map([['ga4', capture('ga4', [])]]),
      { within: 20, events: [{ name: 'generate_lead' }] },
      context(),
    );
    expect(never.findings).toEqual([
      { aspect: 'events.generate_lead[ga4].count', kind: 'missing', actual: '0', withinMs: 20 },
    ]);
    expect(never.reason).toBe('analytics generate_lead (ga4): no event within 20 ms');
    const unwanted = await checkAnalytics(
      new Map([['ga4', capture('ga4', [lead])]]),
      { within: 20, events: [{ name: 'generate_lead', count: 0 }] },
      context(),
    );
    expect(unwanted.findings).toEqual([
      {
        aspect: 'events.generate_lead[ga4].count',
        kind: 'unexpected',
        expected: '0',
        actual: '1',
        withinMs: 20,
      },
    ]);
    const wrong = await checkAnalytics(
      new Map([['ga4', capture('ga4', [lead])]]),
      {
        within: 20,
        events: [
          {
            name: 'generate_lead',
            params: { form_id: 'inquiry' },
            utm: { source: 'newsletter', medium: 'email' },
          },
        ],
      },
      context(),
    );
    expect(said(wrong)).toEqual({
      verdict: 'failed',
      findings: [
        {
          aspect: 'events.generate_lead[ga4].params.form_id',
          kind: 'differs',
          match: 'equals',
          expected: 'inquiry',
          actual: 'contact',
        },
        {
          aspect: 'events.generate_lead[ga4].utm.medium',
          kind: 'missing',
          match: 'equals',
          expected: 'email',
        },
      ],
      reason:
        'analytics generate_lead (ga4) form_id: expected "inquiry", got "contact"; and 1 more: generate_lead (ga4) utm_medium',
      details: [
        'generate_lead (ga4) form_id: expected "inquiry", got "contact"',
        'generate_lead (ga4) utm_medium: expected "email", got no value',
      ],
    });
  });
});

describe('submit findings', () => {
  const attempt = (a: Partial<Attempt>): Attempt => ({
    outcome: 'accepted',
    fieldErrors: [],
    durationMs: 1200,
    outcomeMs: 800,
    step: 'submit',
    ...a,
  });
  const evidence = (a: Attempt): SubmitEvidence => ({
    kind: 'submit',
    outcome: a.outcome,
    url: 'http://127.0.0.1/inquiry/',
    status: a.status,
    fieldErrors: a.fieldErrors,
    durationMs: a.durationMs,
    submissions: 1,
    step: a.step,
  });
  /** The submit check's verdict, findings and words, for an expectation and what the page did. */
  const submit = (expectation: Parameters<typeof judge>[0]['expectation'], a: Attempt) => {
    const { verdict, findings } = judge({ expectation, timeoutMs: 15_000 }, a);
    return { verdict, findings, ...renderFindings({ check: 'submit', findings, evidence: evidence(a) }) };
  };

  it('rejected where accepted was expected: the outcome differs, each error shown is unexpected', () => {
    const a = attempt({
      outcome: 'rejected',
      fieldErrors: [{ field: 'email', message: '形式が正しくありません' }],
    });
    expect(submit({ outcome: 'accepted' }, a)).toEqual({
      verdict: 'failed',
      findings: [
        { aspect: 'outcome', kind: 'differs', expected: 'accepted', actual: 'rejected' },
        { aspect: 'fieldErrors.email', kind: 'unexpected', actual: '形式が正しくありません' },
      ],
      reason: 'the form rejected the input: email (形式が正しくありません)',
      details: [
        'the form rejected the input: email (形式が正しくありません)',
        'email: shows an error that was not expected',
      ],
    });
  });

  it('accepted where rejected was expected, an HTTP error, no outcome, a slow thank-you page', () => {
    expect(submit({ outcome: 'rejected', errors: ['email'] }, attempt({}))).toMatchObject({
      findings: [{ aspect: 'outcome', kind: 'differs', expected: 'rejected', actual: 'accepted' }],
      reason: 'the form accepted input it should reject',
    });
    expect(submit({ outcome: 'accepted' }, attempt({ outcome: 'error', status: 500 }))).toMatchObject({
      findings: [{ aspect: 'outcome', kind: 'differs', expected: 'accepted', actual: 'error' }],
      reason: 'the site answered HTTP 500 at the submit step',
    });
    expect(
      submit({ outcome: 'accepted' }, attempt({ outcome: 'timeout', outcomeMs: undefined })),
    ).toMatchObject({
      findings: [
        { aspect: 'outcome', kind: 'missing', expected: 'accepted', actual: 'timeout', withinMs: 15_000 },
      ],
      reason: 'no outcome within 15 s: neither the success condition nor field errors showed',
    });
    expect(submit({ outcome: 'accepted', within: 500 }, attempt({ outcomeMs: 800 }))).toMatchObject({
      findings: [{ aspect: 'delay', kind: 'late', expected: '500', actual: '800' }],
      reason: 'thank-you page shown after 800 ms; SLA 500 ms',
    });
  });

  it('rejected on other fields than expected: the error missing and the one not expected', () => {
    const a = attempt({ outcome: 'rejected', fieldErrors: [{ field: 'email' }, { field: 'consent' }] });
    expect(submit({ outcome: 'rejected', errors: ['email', 'phone'] }, a)).toEqual({
      verdict: 'failed',
      findings: [
        { aspect: 'fieldErrors.phone', kind: 'missing' },
        { aspect: 'fieldErrors.consent', kind: 'unexpected' },
      ],
      reason: 'rejected, but errors on email, consent; expected email, phone',
      details: [
        'phone: expected an error, the field shows none',
        'consent: shows an error that was not expected',
      ],
    });
    expect(
      submit(
        { outcome: 'rejected', errors: ['email'] },
        attempt({ ...a, fieldErrors: [{ field: 'email' }] }),
      ),
    ).toMatchObject({
      verdict: 'passed',
      findings: [],
    });
  });
});

describe('the wording is replaceable; the aspects are one grammar', () => {
  it('another template words the same findings differently, one line per finding', () => {
    const findings = [
      {
        aspect: aspect.field('電話番号'),
        kind: 'missing' as const,
        match: 'equals' as const,
        expected: '03-1234-5678',
      },
      {
        aspect: aspect.eventCount('generate_lead', 'ga4'),
        kind: 'count' as const,
        expected: '1',
        actual: '2',
      },
    ];
    const japanese: FindingsTemplate = ({ findings: fs }) => {
      const details = fs.map(
        (f) =>
          `${f.aspect} が ${f.kind === 'missing' ? 'ありません' : `${f.actual} 件（期待 ${f.expected} 件）`}`,
      );
      return { reason: details.join('／'), details };
    };
    expect(renderFindings({ check: 'notification', findings }, japanese)).toEqual({
      reason: 'fields.電話番号 が ありません／events.generate_lead[ga4].count が 2 件（期待 1 件）',
      details: ['fields.電話番号 が ありません', 'events.generate_lead[ga4].count が 2 件（期待 1 件）'],
    });
  });

  it('reads back every key it builds, and names items as paths', () => {
    expect(parseAspect(aspect.field('電話番号'))).toEqual({ is: 'field', name: '電話番号' });
    expect(parseAspect(aspect.fieldError('email'))).toEqual({ is: 'fieldError', field: 'email' });
    expect(parseAspect(aspect.eventCount('gtm.js', 'datalayer'))).toEqual({
      is: 'event',
      name: 'gtm.js',
      source: 'datalayer',
      part: 'count',
    });
    expect(parseAspect(aspect.eventUtm('generate_lead', 'ga4', 'campaign'))).toEqual({
      is: 'event',
      name: 'generate_lead',
      source: 'ga4',
      part: 'utm',
      key: 'campaign',
    });
    expect(parseAspect(aspect.recordsCount)).toEqual({ is: 'count', of: 'records' });
    expect(parseAspect('from')).toEqual({ is: 'from' });
    expect(parseAspect('colour')).toEqual({ is: 'other', key: 'colour' });
    expect(aspectPath('notification', 'fields.電話番号', 2)).toBe('messages[2].fields.電話番号');
    expect(aspectPath('crm', 'fields.phone')).toBe('fields.phone');
  });
});
