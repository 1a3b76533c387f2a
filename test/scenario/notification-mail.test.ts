/**
 * Issue 22: the notification check reads a mail as a person reads it — an HTML-only 自動返信 by
 * its tables, a mail whose bytes are not the charset it declares as 文字化け (a `mojibake` finding,
 * whatever else the scenario expects) — and its evidence carries the HTML body, capped.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationExpectation } from '../../src/config/index.ts';
import type { CharsetProblem, NotificationMessage } from '../../src/probes/index.ts';
import { caseResultSchema } from '../../src/report/index.ts';
import type { NotificationEvidence } from '../../src/scenario/case-result.ts';
import { checkNotification, EVIDENCE_HTML_MAX } from '../../src/scenario/checks/notification-check.ts';
import { aspect, FINDING_KINDS, mojibakeFinding, parseAspect } from '../../src/scenario/findings.ts';
import { renderFindings } from '../../src/scenario/render-findings.ts';
import { checkContext, EMAIL, MARKER, mail, mailProbe } from '../support/check-fixtures.ts';

async function notification(messages: NotificationMessage[], expectation: NotificationExpectation) {
  return (await checkNotification(mailProbe(messages), expectation, checkContext())).result;
}

const MISLABELLED: CharsetProblem = {
  part: 'text',
  declared: 'ISO-2022-JP',
  problem: 'invalid',
  looksLike: 'UTF-8',
  offset: 6,
  byte: 0xe5,
};

describe('the notification check and a mail’s charset', () => {
  it('a body whose bytes are not its declared charset fails as 文字化け, before any field', async () => {
    const result = await notification([mail('会社名: ������', { charsetProblems: [MISLABELLED] })], {
      fields: { 会社名: '株式会社テスト商事' },
    });
    expect(result.verdict).toBe('failed');
    expect(result.findings).toEqual([
      {
        aspect: 'body.charset',
        kind: 'mojibake',
        expected: 'ISO-2022-JP',
        actual: 'UTF-8',
        charset: { problem: 'invalid', offset: 6, byte: 0xe5 },
      },
      {
        aspect: 'fields.会社名',
        kind: 'differs',
        match: 'equals',
        expected: '株式会社テスト商事',
        actual: '������',
      },
    ]);
    expect(result.details[0]).toBe(
      '文字化け: the mail declares ISO-2022-JP but its body is not valid ISO-2022-JP (byte 0xE5 at offset 6; the bytes are UTF-8)',
    );
    expect(result.reason).toBe(
      'notification 文字化け: the mail declares ISO-2022-JP but its body is not valid ISO-2022-JP (byte 0xE5 at offset 6; the bytes are UTF-8); and 1 more: 会社名',
    );
  });

  it('fails even when the scenario asks nothing of the text: nobody can read it', async () => {
    const result = await notification(
      [mail('x', { charsetProblems: [{ ...MISLABELLED, part: 'subject' }] })],
      {
        count: 1,
      },
    );
    expect(result.verdict).toBe('failed');
    expect(result.findings.map((f) => [f.aspect, f.kind])).toEqual([['subject.charset', 'mojibake']]);
  });

  it('words every kind of charset problem, numbered by message when there are several', () => {
    const problems: Array<[CharsetProblem, string]> = [
      [
        { part: 'subject', problem: 'invalid', looksLike: 'Shift_JIS', offset: 0, byte: 0x82 },
        '文字化け: the mail declares no charset for its subject, whose bytes are not UTF-8 (byte 0x82 at offset 0; the bytes are Shift_JIS)',
      ],
      [
        { part: 'text', problem: 'invalid', offset: 3, byte: 0xe4 },
        '文字化け: the mail declares no charset for its body, whose bytes are not US-ASCII (byte 0xE4 at offset 3)',
      ],
      [
        { part: 'html', declared: 'Shift_JIS', problem: 'mislabelled', looksLike: 'UTF-8' },
        '文字化け: the mail declares Shift_JIS but its HTML body is UTF-8: it reads as Shift_JIS only by chance',
      ],
      [
        { part: 'text', problem: 'mislabelled', looksLike: 'ISO-2022-JP' },
        '文字化け: the mail declares no charset for its body, which is ISO-2022-JP',
      ],
      [
        { part: 'text', declared: 'x-unknown-jp', problem: 'unknown' },
        '文字化け: the mail declares x-unknown-jp for its body, a charset mail readers need not know (not in the WHATWG Encoding Standard)',
      ],
    ];
    const findings = problems.map(([problem], i) => mojibakeFinding(problem, i + 1));
    expect(renderFindings({ check: 'notification', findings }).details).toEqual(
      problems.map(([, line], i) => `#${i + 1} ${line}`),
    );
  });

  it('reads back the charset aspects; every finding kind is a kind the report schema accepts', () => {
    expect(parseAspect(aspect.charset('subject'))).toEqual({ is: 'charset', part: 'subject' });
    expect(parseAspect('body.charset')).toEqual({ is: 'charset', part: 'body' });
    expect(parseAspect('html.charset')).toEqual({ is: 'charset', part: 'html' });
    expect(FINDING_KINDS).toContain('mojibake');
  });
});

/** An HTML-only auto-reply to the visitor, as the probes give it: no text part. */
const AUTO_REPLY = `<html><body><p>山田 太郎 様</p><table>
<tr><th>会社名</th><td>株式会社テスト商事</td></tr>
<tr><th>フリガナ</th><td>ヤマダ タロウ</td></tr>
</table><p>${MARKER}</p><hr><p>株式会社サンプル<br>TEL 052-000-0000（平日 9:00〜17:30）<br>営業時間: 9:00〜17:30</p></body></html>`;

describe('an HTML-only mail', () => {
  it('passes on the fields of its table and the body matchers on its visible text', async () => {
    const result = await notification([mail('', { to: [EMAIL], html: AUTO_REPLY })], {
      to: { equals: EMAIL },
      fields: { フリガナ: 'ヤマダ タロウ', 会社名: '株式会社テスト商事', 営業時間: { absent: true } },
      body: { contains: 'ヤマダ タロウ' },
    });
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('passed');
    const evidence = result.evidence as NotificationEvidence;
    expect(evidence.messages[0]).toMatchObject({
      fields: { 会社名: '株式会社テスト商事', フリガナ: 'ヤマダ タロウ' },
      html: AUTO_REPLY,
    });
    expect(evidence.messages[0]!.excerpt).toContain('フリガナ\tヤマダ タロウ');
    expect(evidence.messages[0]!.htmlTruncated).toBeUndefined();
  });

  it('its evidence carries the HTML cut at 100,000 characters, and says so; the report schema accepts it all', async () => {
    const long = `<p>会社名: テスト</p>${'<p>あ</p>'.repeat(20_000)}`;
    const result = await notification(
      [mail('', { html: long, charsetProblems: [{ ...MISLABELLED, part: 'html' }] })],
      { fields: { 会社名: 'テスト' } },
    );
    const message = (result.evidence as NotificationEvidence).messages[0]!;
    expect(message.html).toHaveLength(EVIDENCE_HTML_MAX);
    expect(message.htmlTruncated).toBe(true);
    const json = JSON.parse(
      JSON.stringify({
        scenario: { id: 'AC-22', title: 'auto-reply', tags: [] },
        target: { name: 'renewal', url: 'http://127.0.0.1/', production: false },
        marker: MARKER,
        email: EMAIL,
        verdict: 'failed',
        startedAt: result.startedAt,
        endedAt: result.endedAt,
        durationMs: 1,
        checks: [result],
        cleanup: [],
      }),
    );
    const parsed = caseResultSchema.parse(json);
    expect(parsed.checks[0]!.findings[0]).toEqual({
      aspect: 'html.charset',
      kind: 'mojibake',
      expected: 'ISO-2022-JP',
      actual: 'UTF-8',
      charset: { problem: 'invalid', offset: 6, byte: 0xe5 },
    });
  });
});
