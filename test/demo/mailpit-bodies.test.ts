import { createTransport, type Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailStore,
  type MailStore,
  mailpitHandlers,
  type ServedHandlers,
  type SmtpCatcher,
  serveHandlers,
  startSmtpCatcher,
} from '../../src/demo/index.ts';
import { htmlToMailpitText } from '../../src/demo/mail-catcher/html-to-text.ts';
import { crlf, rawTextMail } from '../../src/demo/site/raw-mail.ts';

/**
 * What the Mailpit-compatible catcher shows of mails that are not plain UTF-8 text, as real
 * Mailpit (enmime) does: an HTML-only mail's `Text` is html2text's rendering of the HTML, a part
 * labelled ISO-2022-JP is decoded as ISO-2022-JP (UTF-8 bytes under that label turn to U+FFFD),
 * and `/raw` gives the received bytes unchanged.
 */

describe('html2text, as enmime down-converts an HTML-only mail for Mailpit', () => {
  // Expectations from jaytaylor/html2text's own tests (html2text_test.go @74c2419, default options).
  it.each([
    ['Test text<br>Test', 'Test text\nTest'],
    ['\n<p>Test text</p>\n\n\n\t<p>Test text</p>\n', 'Test text\n\nTest text'],
    ['Test text<br><BR />Test text', 'Test text\n\nTest text'],
    ['<pre>test1\ntest 2\n\ntest  3</pre>', 'test1\ntest 2\n\ntest  3'],
    ['<table><tr><td>cell1</td><td>cell2</td></tr></table>', 'cell1 cell2'],
    ['<table><tr><td>row1</td></tr><tr><td>row2</td></tr></table>', 'row1 row2'],
    ['_<table><tr><td>cell</td></tr></table>_', '_\n\ncell\n\n_'],
    ['<li>item 1</li> \t\n <li>item 2</li> <li> item 3</li>\n_', '* item 1\n* item 2\n* item 3\n_'],
    ['<a href="http://example.com/">Link</a>', 'Link ( http://example.com/ )'],
    ["<a href='mailto:contact@example.org'>Contact Us</a>", 'Contact Us ( contact@example.org )'],
    ['<a href="http://www.google.com" >http://www.google.com</a>', 'http://www.google.com'],
    ['<h1>Test</h1> <h1>Test</h1>', '****\nTest\n****\n\n****\nTest\n****'],
    ["<h3> <span class='a'>Test </span></h3>", 'Test\n----'],
    ['\t<b>Test line 1<br>Test 2</b> ', '*Test line 1\nTest 2*'],
    ['Test 1<div>Test 2</div> <div>Test 3</div>Test 4', 'Test 1\nTest 2\nTest 3\nTest 4'],
    [
      '<blockquote>Test</blockquote> <blockquote>Test</blockquote> Other Test',
      '> \n> Test\n\n> \n> Test\n\nOther Test',
    ],
    ['<html><head><title>Title</title></head><body></body></html>', ''],
    ['<style>Test</style><script>x</script>', ''],
  ])('%j → %j', (html, text) => {
    expect(htmlToMailpitText(html)).toBe(text);
  });

  it('runs a <th>/<td> table together on one line: labels and values separated by spaces only', () => {
    const html =
      '<p>山田 太郎 様</p>\n<table>\n<tr><th>会社名</th><td>株式会社テスト商事</td></tr>\n<tr><th>電話番号</th><td>03-1234-5678</td></tr>\n</table>\n<hr>\n<p>営業時間: 9:00〜17:30<br>URL: <a href="https://demo.cutover.test/">https://demo.cutover.test/</a></p>';
    expect(htmlToMailpitText(html)).toBe(
      '山田 太郎 様\n\n会社名 株式会社テスト商事 電話番号 03-1234-5678\n\n営業時間: 9:00〜17:30\nURL: https://demo.cutover.test/',
    );
  });
});

let store: MailStore;
let smtp: SmtpCatcher;
let api: ServedHandlers;
let mailer: Transporter;
beforeEach(async () => {
  store = createMailStore();
  smtp = await startSmtpCatcher(store);
  api = await serveHandlers(mailpitHandlers(store));
  mailer = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
});
afterEach(async () => {
  mailer.close();
  await Promise.all([smtp.close(), api.close()]);
});

interface Full {
  Text: string;
  HTML: string;
}
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${api.url}${path}`)).json()) as T;
const search = (q: string) =>
  getJson<{ messages_count: number; messages: Array<{ ID: string; Snippet: string }> }>(
    `/api/v1/search?query=${encodeURIComponent(q)}`,
  );

describe('the catcher shows these mails as Mailpit does', () => {
  it('an HTML-only mail: HTML as sent, Text rendered from it, found by to: the visitor', async () => {
    await mailer.sendMail({
      from: 'デモ商事株式会社 <noreply@demo.cutover.test>',
      to: 'qa+ct-20261207-abc123@example.com',
      subject: '【デモ商事】お問い合わせありがとうございます',
      html: '<p>様</p><table><tr><th>電話番号</th><td>03-1234-5678</td></tr></table><hr><p>営業時間: 9:00</p>',
    });
    const found = await search('to:"qa+ct-20261207-abc123@example.com"');
    expect(found.messages_count).toBe(1);
    expect((await search('to:"sales@demo.cutover.test"')).messages_count).toBe(0);
    const id = found.messages[0]!.ID;
    const full = await getJson<Full>(`/api/v1/message/${id}`);
    expect(full.HTML).toContain('<th>電話番号</th><td>03-1234-5678</td>');
    expect(full.Text).toBe('様\n\n電話番号 03-1234-5678\n\n営業時間: 9:00');
    expect(found.messages[0]!.Snippet).toBe('様 電話番号 03-1234-5678 営業時間: 9:00');
    // Free-text search reads the HTML's text, as Mailpit's does.
    expect((await search('"03-1234-5678"')).messages_count).toBe(1);
    const raw = await (await fetch(`${api.url}/api/v1/message/${id}/raw`)).text();
    expect(raw).toMatch(/\r\nContent-Type: text\/html; charset=utf-8\r\n/);
    expect(raw).not.toContain('text/plain');
  });

  it('UTF-8 bytes labelled ISO-2022-JP: /raw gives them back byte for byte, Text is the mojibake', async () => {
    const body = Buffer.from(crlf('会社名: 株式会社テスト商事\nutm_campaign: ct-20261207-abc123\n'), 'utf8');
    const sent = rawTextMail({
      from: { name: 'デモ商事 Webサイト', address: 'noreply@demo.cutover.test' },
      to: { name: '', address: 'sales@demo.cutover.test' },
      subject: '【お問い合わせ】株式会社テスト商事 様',
      headerCharset: 'UTF-8',
      declaredCharset: 'ISO-2022-JP',
      body,
      contentTransferEncoding: '7bit',
    });
    await mailer.sendMail({
      envelope: { from: 'noreply@demo.cutover.test', to: ['sales@demo.cutover.test'] },
      raw: sent,
    });
    const [summary] = (await search('to:"sales@demo.cutover.test"')).messages;
    const response = await fetch(`${api.url}/api/v1/message/${summary!.ID}/raw`);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(await response.arrayBuffer()).equals(sent)).toBe(true);

    const full = await getJson<Full & { Subject: string }>(`/api/v1/message/${summary!.ID}`);
    expect(full.Subject).toBe('【お問い合わせ】株式会社テスト商事 様');
    expect(full.Text).toBe(
      `${'\ufffd'.repeat(9)}: ${'\ufffd'.repeat(27)}\nutm_campaign: ct-20261207-abc123\n`,
    );
    expect((await search('ct-20261207-abc123')).messages_count).toBe(1);
    expect((await search('"株式会社テスト商事"')).messages_count).toBe(1); // the subject still reads
    expect((await search('"会社名"')).messages_count).toBe(0);
  });

  it('real ISO-2022-JP text is decoded (〜 reads ～, as the WHATWG/Go table maps JIS 0x2141)', async () => {
    const { encodeIso2022Jp } = await import('../../src/demo/site/raw-mail.ts');
    await mailer.sendMail({
      envelope: { from: 'noreply@demo.cutover.test', to: ['qa+x@example.com'] },
      raw: rawTextMail({
        from: { name: 'デモ商事株式会社', address: 'noreply@demo.cutover.test' },
        to: { name: '山田 太郎', address: 'qa+x@example.com' },
        subject: 'テスト',
        headerCharset: 'ISO-2022-JP',
        declaredCharset: 'ISO-2022-JP',
        body: encodeIso2022Jp(crlf('電話番号: 03-1234-5678\n営業時間: 9:00〜17:30\n')),
        contentTransferEncoding: '7bit',
      }),
    });
    const [summary] = (await search('to:"qa+x@example.com"')).messages;
    const full = await getJson<Full & { Subject: string; To: unknown }>(`/api/v1/message/${summary!.ID}`);
    expect(full.Subject).toBe('テスト');
    expect(full.To).toEqual([{ Name: '山田 太郎', Address: 'qa+x@example.com' }]);
    expect(full.Text).toBe('電話番号: 03-1234-5678\n営業時間: 9:00～17:30\n');
    expect(full.HTML).toBe('');
  });
});
