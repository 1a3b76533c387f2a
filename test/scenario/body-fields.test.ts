import { describe, expect, it } from 'vitest';
import {
  bodyFields,
  htmlFields,
  htmlText,
  messageFields,
  readableText,
} from '../../src/scenario/checks/body-fields.ts';

describe('bodyFields: the "Label: value" lines of a notification', () => {
  it('reads the demo site’s mail: half-width colons, empty values, a URL value', () => {
    const text = [
      'Webサイトのお問い合わせフォームから新しいお問い合わせがありました。',
      '',
      '会社名: 株式会社テスト商事',
      '氏名: 山田 太郎',
      '電話番号: ',
      'お問い合わせ内容: 製品の資料をお送りください。',
      '二行目: も続きます',
      '',
      'ページURL: http://127.0.0.1:40123/contact/?utm_source=newsletter',
    ].join('\r\n');
    expect(bodyFields(text)).toEqual({
      会社名: '株式会社テスト商事',
      氏名: '山田 太郎',
      電話番号: '',
      お問い合わせ内容: '製品の資料をお送りください。',
      二行目: 'も続きます',
      ページURL: 'http://127.0.0.1:40123/contact/?utm_source=newsletter',
    });
  });

  it('accepts a full-width colon and full-width spaces around it', () => {
    expect(bodyFields('会社名：株式会社テスト商事\n氏名　：　山田 太郎　')).toEqual({
      会社名: '株式会社テスト商事',
      氏名: '山田 太郎',
    });
  });

  it('reads labels in 【】 or [], with or without a colon', () => {
    expect(
      bodyFields(
        ['【会社名】株式会社テスト商事', '【氏名】：山田 太郎', '[電話番号] 03-1234-5678'].join('\n'),
      ),
    ).toEqual({ 会社名: '株式会社テスト商事', 氏名: '山田 太郎', 電話番号: '03-1234-5678' });
  });

  it('splits at the first colon, so times and URLs stay whole', () => {
    expect(bodyFields('希望日時: 12/1 10:30')).toEqual({ 希望日時: '12/1 10:30' });
  });

  it('keeps the first occurrence of a label (a quoted earlier mail further down does not win)', () => {
    expect(bodyFields('会社名: 株式会社テスト商事\n> 会社名: 古い会社\n会社名: 別の会社')).toMatchObject({
      会社名: '株式会社テスト商事',
    });
  });

  it('ignores lines without a label', () => {
    expect(bodyFields('お問い合わせがありました。\n\n以上')).toEqual({});
  });
});

describe('bodyFields: only the body’s field structure, never a footer or a sentence', () => {
  it('a colon between digits is a time, a colon before // a URL: neither makes a field', () => {
    expect(
      bodyFields(
        [
          'TEL 052-000-0000（平日 9:00〜17:30）',
          '受付時間 平日９：００〜１８：００',
          'https://example.co.jp/contact/',
          '希望日時: 12/1 10:30',
        ].join('\n'),
      ),
    ).toEqual({ 希望日時: '12/1 10:30' });
  });

  it('a label is short and names a field: no phone number, year, address, sentence or open bracket', () => {
    expect(
      bodyFields(
        [
          '2024年12月1日: 説明会',
          'info@example.co.jp: 窓口',
          '本日はありがとうございました。なお: 以下の通りです',
          'お名前（フリガナ: ヤマダ）',
          'これは四十文字を超えるとても長い行なので項目名ではなく文章として読まれるべきものです: 値',
          'お名前（フリガナ）: ヤマダ タロウ',
          '住所2: 3階',
          'Company name: ACME',
        ].join('\n'),
      ),
    ).toEqual({ 'お名前（フリガナ）': 'ヤマダ タロウ', 住所2: '3階', 'Company name': 'ACME' });
  });

  it('stops at the signature delimiter "-- "', () => {
    expect(bodyFields('会社名: テスト商事\n-- \n営業時間: 9:00〜17:30\nURL: https://example.co.jp/')).toEqual(
      {
        会社名: 'テスト商事',
      },
    );
  });

  it('a closing block after the last rule is the signature; a rule that frames a heading is not a delimiter', () => {
    const text = [
      '山田 太郎 様',
      '',
      'この度はお問い合わせいただき誠にありがとうございます。',
      '━━━━━━━━━━━━━━━━━━',
      '■お問い合わせ内容',
      '━━━━━━━━━━━━━━━━━━',
      '会社名：株式会社テスト商事',
      'お名前：山田 太郎',
      '──────────────────',
      '内容を確認のうえ、担当者よりご連絡いたします。',
      '──────────────────',
      '株式会社サンプル 営業部',
      'TEL 052-000-0000（平日 9:00〜17:30）',
      '営業時間: 9:00〜17:30',
      'URL: https://example.co.jp/',
      '──────────────────',
    ].join('\n');
    expect(bodyFields(text)).toEqual({ 会社名: '株式会社テスト商事', お名前: '山田 太郎' });
  });

  it('a rule before a section of fields (a heading or a field after it) delimits no signature', () => {
    expect(
      bodyFields(
        ['■お客様情報', 'お名前: 山田 太郎', '────────', '■お問い合わせ内容', '種別: 資料請求'].join('\n'),
      ),
    ).toEqual({ お名前: '山田 太郎', 種別: '資料請求' });
    expect(bodyFields(['お名前: 山田 太郎', '========', 'ご住所: 東京都'].join('\n'))).toEqual({
      お名前: '山田 太郎',
      ご住所: '東京都',
    });
    // Nothing before the rule was a field: what follows it is the body, not a signature.
    expect(
      bodyFields(
        ['以下の内容で受け付けました。', '＿＿＿＿＿＿＿＿', '株式会社サンプル', '会社名: テスト'].join('\n'),
      ),
    ).toEqual({
      会社名: 'テスト',
    });
  });
});

/** A realistic 自動返信 (auto-reply to the visitor): HTML only, in a layout table, with a footer. */
const AUTO_REPLY = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>お問い合わせありがとうございます</title>
<style>th { background: #f5f5f5; text-align: left; } .label { color: #333; }</style></head>
<body style="margin:0">
<div style="display:none;max-height:0;overflow:hidden">お問い合わせを受け付けました。件名: プレビュー</div>
<table width="600" cellpadding="0" cellspacing="0" role="presentation">
  <tr><td><img src="https://example.co.jp/logo.png" alt="株式会社サンプル"></td><td>株式会社サンプル</td></tr>
  <tr><td colspan="2">
    <p>山田 太郎 様</p>
    <p>この度は株式会社サンプルへお問い合わせいただき、誠にありがとうございます。<br>
    以下の内容でお問い合わせを受け付けました。</p>
    <h2>■お問い合わせ内容</h2>
    <table class="form-data" border="1">
      <tbody>
        <tr><th>会社名</th><td>株式会社テスト商事</td></tr>
        <tr><th>お名前</th><td>山田&nbsp;太郎</td></tr>
        <tr><th>フリガナ</th><td>ヤマダ タロウ</td></tr>
        <tr><th>メールアドレス：</th><td><a href="mailto:qa+ct-20261126-7f3a9c@example.com">qa+ct-20261126-7f3a9c@example.com</a></td></tr>
        <tr><th>【電話番号】</th><td>03-1234-5678</td></tr>
        <tr><td class="label">ご住所</td><td>〒460-0008<br>愛知県名古屋市中区栄1-2-3</td></tr>
        <tr><td>お問い合わせ種別</td><td>：</td><td>資料請求</td></tr>
        <tr><th>お問い合わせ内容</th><td>製品の資料をお送りください。<br>よろしくお願いいたします。</td></tr>
      </tbody>
    </table>
    <dl>
      <dt>ご希望の連絡方法</dt><dd>メール</dd>
      <dt>ご来場予定日時</dt><dd>12/1 10:30</dd>
    </dl>
    <p>受付番号: A-0042</p>
    <p>内容を確認のうえ、2営業日以内に担当者よりご連絡いたします。</p>
    <hr>
    <p>株式会社サンプル 営業部<br>
    〒460-0008 名古屋市中区栄1-2-3<br>
    TEL 052-000-0000（平日 9:00〜17:30）<br>
    営業時間: 9:00〜17:30<br>
    URL: https://example.co.jp/</p>
  </td></tr>
</table>
<footer>
  <p>営業時間: 9:00〜17:30</p>
  <p>TEL 052-000-0000（平日 9:00〜17:30）</p>
  <p>お問い合わせ窓口: info@example.co.jp</p>
</footer>
</body></html>`;

describe('htmlFields: an HTML-only mail read as a person reads it', () => {
  it('reads th/td rows, td td rows, a colon cell, a dl and label: value lines — and none of the footer or signature', () => {
    expect(htmlFields(AUTO_REPLY)).toEqual({
      会社名: '株式会社テスト商事',
      お名前: '山田 太郎',
      フリガナ: 'ヤマダ タロウ',
      メールアドレス: 'qa+ct-20261126-7f3a9c@example.com',
      電話番号: '03-1234-5678',
      ご住所: '〒460-0008\n愛知県名古屋市中区栄1-2-3',
      お問い合わせ種別: '資料請求',
      お問い合わせ内容: '製品の資料をお送りください。\nよろしくお願いいたします。',
      ご希望の連絡方法: 'メール',
      ご来場予定日時: '12/1 10:30',
      受付番号: 'A-0042',
    });
  });

  it('a footer element, or one whose class names a footer or a signature, is never read for fields', () => {
    expect(
      htmlFields(
        '<p>会社名: テスト</p><div class="mail-footer"><p>営業時間: 9:00〜17:30</p></div>' +
          '<table><tr class="signature"><th>TEL</th><td>052-000-0000</td></tr></table>' +
          '<div role="contentinfo">所在地: 名古屋市</div><footer>窓口: 営業部</footer>',
      ),
    ).toEqual({ 会社名: 'テスト' });
  });

  it('"-- " in the HTML ends the fields as in text; hidden elements and scripts are not seen', () => {
    expect(
      htmlFields(
        '<p>会社名: テスト</p><p hidden>隠し: 値</p><script>var a = "b: c";</script><p>--&nbsp;</p><p>署名: 山田</p>',
      ),
    ).toEqual({ 会社名: 'テスト' });
  });

  it('a layout row of an image and a name is no field; cells of a row that is no field are lines of their own', () => {
    expect(
      htmlFields(
        '<table><tr><td><img alt="logo"></td><td>株式会社サンプル</td></tr><tr><td>お名前: 山田</td><td>様</td></tr></table>',
      ),
    ).toEqual({ お名前: '山田' });
  });

  it('the visible text keeps the footer, one line per block, a field row as label⇥value', () => {
    const text = htmlText(AUTO_REPLY);
    expect(text).toContain('フリガナ\tヤマダ タロウ');
    expect(text).toContain('TEL 052-000-0000（平日 9:00〜17:30）');
    expect(text).toContain('お問い合わせ窓口: info@example.co.jp');
    expect(text).not.toContain('プレビュー');
    expect(text).not.toContain('background');
  });
});

describe('messageFields: the text part, else the HTML', () => {
  it('reads the text part when it has fields; the HTML when it has none; the HTML’s text when there is no text', () => {
    const html = '<table><tr><th>会社名</th><td>HTMLの値</td></tr></table>';
    expect(messageFields({ text: '会社名: テキストの値\n', html })).toEqual({ 会社名: 'テキストの値' });
    expect(messageFields({ text: 'HTML メールをご覧ください。\n', html })).toEqual({ 会社名: 'HTMLの値' });
    expect(messageFields({ text: '', html })).toEqual({ 会社名: 'HTMLの値' });
    expect(messageFields({ text: '会社名: テキストの値' })).toEqual({ 会社名: 'テキストの値' });
    expect(readableText({ text: '', html })).toBe('会社名\tHTMLの値');
    expect(readableText({ text: 'テキスト', html })).toBe('テキスト');
  });
});
