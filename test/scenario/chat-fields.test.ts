/**
 * Issue 14: a notification's `label → value` pairs are read as a person sees the message. Slack
 * mrkdwn (`*bold*`, `_italic_`, `<url|text>`), Slack section-field cells, Slack attachment fields,
 * Teams MessageCard facts, Adaptive-card FactSets and a plain-text mail all give the same pairs,
 * so a scenario writes `会社名`, never `"*会社名*"`.
 */
import { describe, expect, it } from 'vitest';
import { flattenChatPayload } from '../../src/probes/shared/chat-text.ts';
import { bodyFields } from '../../src/scenario/checks/notification-check.ts';
import { visibleText } from '../../src/scenario/checks/visible-text.ts';

const EXPECTED = {
  会社名: '株式会社テスト商事',
  メールアドレス: 'qa+ct-20261126-7f3a9c@example.com',
  お問い合わせ内容: '見積もりのご依頼',
};

const fieldsOf = (payload: unknown) => {
  const fields = bodyFields(flattenChatPayload(payload).text);
  return Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, fields[k]]));
};

describe('notification fields as a person reads them', () => {
  it('plain text mail', () => {
    const text =
      '会社名: 株式会社テスト商事\nメールアドレス：qa+ct-20261126-7f3a9c@example.com\n【お問い合わせ内容】見積もりのご依頼';
    expect(bodyFields(text)).toMatchObject(EXPECTED);
  });

  it('Slack text in mrkdwn: bold and italic labels, mailto links, a colon inside the marks', () => {
    const payload = {
      text: [
        '*会社名*: 株式会社テスト商事',
        '_メールアドレス_: <mailto:qa+ct-20261126-7f3a9c@example.com|qa+ct-20261126-7f3a9c@example.com>',
        '*お問い合わせ内容:* 見積もりのご依頼',
      ].join('\n'),
    };
    expect(fieldsOf(payload)).toEqual(EXPECTED);
    // The marker stays in the raw text, where the probe matches it.
    expect(flattenChatPayload(payload).text).toContain('ct-20261126-7f3a9c');
  });

  it('Slack blocks: section-field cells "*label*\\nvalue" and a link with its own text', () => {
    const payload = {
      text: 'お問い合わせがありました',
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*会社名*\n株式会社テスト商事' },
            { type: 'mrkdwn', text: '*メールアドレス*\n<mailto:qa+ct-20261126-7f3a9c@example.com>' },
            { type: 'plain_text', text: 'お問い合わせ内容\n見積もりのご依頼' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: '*管理画面*: <https://crm.example/c/1|開く>' } },
      ],
    };
    expect(fieldsOf(payload)).toEqual(EXPECTED);
    expect(bodyFields(flattenChatPayload(payload).text).管理画面).toBe('開く');
  });

  it('Slack attachment fields, Teams MessageCard facts and an Adaptive-card FactSet', () => {
    const facts = Object.entries(EXPECTED);
    const slack = { text: 'x', attachments: [{ fields: facts.map(([title, value]) => ({ title, value })) }] };
    const messageCard = {
      '@type': 'MessageCard',
      title: 'お問い合わせ',
      sections: [{ facts: facts.map(([name, value]) => ({ name: `**${name}**`, value })) }],
    };
    const adaptive = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [
              { type: 'FactSet', facts: facts.map(([title, value]) => ({ title: `${title}:`, value })) },
            ],
          },
        },
      ],
    };
    for (const payload of [slack, messageCard, adaptive]) expect(fieldsOf(payload)).toEqual(EXPECTED);
  });

  it('leaves text without marks alone', () => {
    expect(visibleText('qa_x_y@example.com a*b 2*3*4')).toBe('qa_x_y@example.com a*b 2*3*4');
    expect(visibleText('~取り消し~ `code` [資料](https://x.example/a)')).toBe('取り消し code 資料');
  });
});
