import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  AUTO_REPLY_FOOTER,
  AUTO_REPLY_FROM,
  AUTO_REPLY_LABELS,
  AUTO_REPLY_SUBJECT,
  autoReplyRows,
  composeAutoReply,
  legacyAutoReplyMessage,
} from '../../src/demo/site/auto-reply.ts';
import type { Inquiry } from '../../src/demo/site/fields.ts';
import { composeNotification, mislabelledNotification } from '../../src/demo/site/notification.ts';
import { crlf, encodeIso2022Jp, encodeWords } from '../../src/demo/site/raw-mail.ts';

/**
 * The demo site's 自動返信 (auto-reply) and the hand-made MIME it needs: legacy writes
 * ISO-2022-JP plain text, the renewal an HTML-only table; and the `mislabelledCharset` sales
 * notification, UTF-8 bytes under an ISO-2022-JP label.
 */
const INQUIRY: Inquiry = {
  company: '株式会社テスト商事 <R&D>',
  name: '山田 太郎',
  email: 'qa+ct-20261207-abc123@example.com',
  phone: '03-1234-5678',
  industry: 'manufacturing',
  employees: '10-49',
  timeline: 'within_3_months',
  message: '資料をください。\n二行目 ct-20261207-abc123',
  consent: true,
  utm: { source: 'newsletter', medium: 'email', campaign: 'ct-20261207-abc123' },
  pageUrl: 'http://127.0.0.1:1/contact/?utm_campaign=ct-20261207-abc123',
};

const jis = new TextDecoder('iso-2022-jp');

describe('auto-reply composition', () => {
  it('has one subject and sender on both builds, and echoes 会社名, 氏名, メールアドレス, 電話番号, お問い合わせ内容', () => {
    expect(AUTO_REPLY_SUBJECT).toBe('【デモ商事】お問い合わせありがとうございます');
    expect(AUTO_REPLY_FROM).toEqual({ name: 'デモ商事株式会社', address: 'noreply@demo.cutover.test' });
    expect(AUTO_REPLY_LABELS).toEqual(['会社名', '氏名', 'メールアドレス', '電話番号', 'お問い合わせ内容']);
    expect(autoReplyRows(INQUIRY).map(([label]) => label)).toEqual([...AUTO_REPLY_LABELS]);
    expect(autoReplyRows(INQUIRY, true).map(([label]) => label)).toEqual(
      AUTO_REPLY_LABELS.filter((l) => l !== '電話番号'),
    );
  });

  it('legacy: plain text, `label: value` lines between rules, then a footer whose lines hold colons', () => {
    const reply = composeAutoReply(INQUIRY, { build: 'legacy' });
    expect(reply.kind).toBe('text');
    if (reply.kind !== 'text') return;
    expect(reply.subject).toBe(AUTO_REPLY_SUBJECT);
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe('山田 太郎 様');
    expect(lines).toContain('会社名: 株式会社テスト商事 <R&D>');
    expect(lines).toContain('メールアドレス: qa+ct-20261207-abc123@example.com');
    expect(lines).toContain('電話番号: 03-1234-5678');
    expect(reply.text).toContain('お問い合わせ内容: 資料をください。\n二行目 ct-20261207-abc123\n');
    expect(reply.text.trimEnd().split('\n').slice(-4)).toEqual([...AUTO_REPLY_FOOTER]);
    expect(AUTO_REPLY_FOOTER).toEqual([
      'デモ商事株式会社 営業部',
      'TEL 052-000-0000（平日 9:00〜17:30）',
      '営業時間: 9:00〜17:30',
      'URL: https://demo.cutover.test/',
    ]);
    const lost = composeAutoReply(INQUIRY, { build: 'legacy', loseRow: true });
    expect(lost.kind === 'text' && lost.text).not.toMatch(/^電話番号:/m);
  });

  it('renewal: HTML only, a <th>label</th><td>value</td> row per field (escaped, <br> line breaks), the footer after an <hr>', () => {
    const reply = composeAutoReply(INQUIRY, { build: 'renewal' });
    expect(reply.kind).toBe('html');
    if (reply.kind !== 'html') return;
    const rows = [...reply.html.matchAll(/<tr><th[^>]*>([^<]*)<\/th><td>(.*?)<\/td><\/tr>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ['会社名', '株式会社テスト商事 &lt;R&amp;D&gt;'],
      ['氏名', '山田 太郎'],
      ['メールアドレス', 'qa+ct-20261207-abc123@example.com'],
      ['電話番号', '03-1234-5678'],
      ['お問い合わせ内容', '資料をください。<br>二行目 ct-20261207-abc123'],
    ]);
    const footer = reply.html.slice(reply.html.indexOf('<hr>'));
    expect(footer).toContain('営業時間: 9:00〜17:30');
    expect(footer).toContain('TEL 052-000-0000（平日 9:00〜17:30）');
    expect(footer).toContain('URL: <a href="https://demo.cutover.test/">https://demo.cutover.test/</a>');
    expect(reply.html.indexOf('<hr>')).toBeGreaterThan(reply.html.indexOf('</table>'));

    const lost = composeAutoReply(INQUIRY, { build: 'renewal', loseRow: true });
    expect(lost.kind === 'html' && lost.html).not.toContain('<th align="left">電話番号</th>');
    expect(lost.kind === 'html' && lost.html).toContain('<th align="left">会社名</th>');
  });
});

describe('ISO-2022-JP (legacy mail)', () => {
  it('encodes JIS X 0208 between ESC $ B and ESC ( B, 7-bit only, ASCII again before each line end', () => {
    const bytes = encodeIso2022Jp('電話番号: 03\n次の行');
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString('latin1')).toBe('\x1b$BEEOCHV9f\x1b(B: 03\n\x1b$B<!$N9T\x1b(B');
    expect(jis.decode(bytes)).toBe('電話番号: 03\n次の行');
  });

  it('writes 〜 as JIS 0x2141, half-width kana as full-width, and 〓 for what JIS X 0208 lacks', () => {
    expect(encodeIso2022Jp('〜').toString('latin1')).toBe('\x1b$B!A\x1b(B');
    expect(jis.decode(encodeIso2022Jp('ｶﾀｶﾅ'))).toBe('カタカナ');
    expect(jis.decode(encodeIso2022Jp('～'))).toBe('～');
    expect(jis.decode(encodeIso2022Jp('絵文字😀'))).toBe('絵文字〓');
  });

  it('encodes headers as self-contained encoded-words of at most 75 characters', async () => {
    const words = encodeWords(AUTO_REPLY_SUBJECT, 'ISO-2022-JP').split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word).toMatch(/^=\?ISO-2022-JP\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
    }
    const raw = legacyAutoReplyMessage(INQUIRY, { subject: AUTO_REPLY_SUBJECT, text: '本文\n' });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(AUTO_REPLY_SUBJECT);
    expect(parsed.from?.value).toEqual([{ name: 'デモ商事株式会社', address: 'noreply@demo.cutover.test' }]);
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value).toEqual([
      { name: '山田 太郎', address: INQUIRY.email },
    ]);
  });

  it('the legacy auto-reply is a 7-bit text/plain message labelled ISO-2022-JP', () => {
    const reply = composeAutoReply(INQUIRY, { build: 'legacy' });
    if (reply.kind !== 'text') throw new Error('legacy writes text');
    const raw = legacyAutoReplyMessage(INQUIRY, reply);
    expect([...raw].every((b) => b < 0x80)).toBe(true);
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toContain('\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n');
    expect(head).toContain('\r\nContent-Transfer-Encoding: 7bit');
    expect(head).toContain(`<${INQUIRY.email}>`);
    const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
    expect(jis.decode(body)).toContain('\r\n電話番号: 03-1234-5678\r\n');
  });
});

describe('mislabelledCharset: the sales notification, UTF-8 bytes under an ISO-2022-JP label', () => {
  it('has the UTF-8 body bytes exactly, and the header claims ISO-2022-JP', () => {
    const notification = composeNotification(INQUIRY, { listPhone: true });
    const raw = mislabelledNotification(
      'sales@demo.cutover.test',
      { name: INQUIRY.name, address: INQUIRY.email },
      notification,
    );
    const at = raw.indexOf('\r\n\r\n');
    const head = raw.subarray(0, at).toString('latin1');
    expect(head).toContain('\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n');
    expect(head).toMatch(/\r\nSubject: =\?UTF-8\?B\?/);
    expect(head).toContain('\r\nTo: sales@demo.cutover.test\r\n');
    expect(raw.subarray(at + 4).equals(Buffer.from(crlf(notification.text), 'utf8'))).toBe(true);
    // Read as the label says (WHATWG/Go decoders): every byte ≥ 0x80 is U+FFFD; ASCII survives.
    const asLabelled = jis.decode(raw.subarray(at + 4));
    expect(asLabelled).not.toContain('会社名');
    expect(asLabelled).toContain('\ufffd: ');
    expect(asLabelled).toContain('utm_campaign: ct-20261207-abc123');
  });
});
