import { describe, expect, it } from 'vitest';
import { bodyFields } from '../../src/scenario/checks/notification-check.ts';

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
