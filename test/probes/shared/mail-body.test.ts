/**
 * A raw mail read as its reader reads it, strictly in the charsets it declares: every Japanese
 * charset a form mailer sends (ISO-2022-JP, Shift_JIS / CP932, EUC-JP, UTF-8) under every
 * transfer encoding reads right, RFC 2047 subjects too — and a body whose bytes are not in the
 * charset it declares carries a charset problem instead of passing as text.
 */
import Encoding from 'encoding-japanese';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { readMailBody } from '../../../src/probes/shared/mail-body.ts';

/** Text in a charset, by encoding-japanese (CP932 for Shift_JIS: ①, ㈱ and 髙 included). */
function encode(text: string, charset: 'ISO-2022-JP' | 'Shift_JIS' | 'EUC-JP' | 'UTF-8'): Buffer {
  if (charset === 'UTF-8') return Buffer.from(text, 'utf8');
  const to = { 'ISO-2022-JP': 'JIS', Shift_JIS: 'SJIS', 'EUC-JP': 'EUCJP' } as const;
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: to[charset], from: 'UNICODE' }));
}

type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

function transferEncode(bytes: Buffer, encoding: TransferEncoding): string {
  if (encoding === 'base64') return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  if (encoding === 'quoted-printable') {
    let out = '';
    let line = 0;
    for (const byte of bytes) {
      const char = String.fromCharCode(byte);
      const piece =
        byte === 0x0a
          ? '\n'
          : byte === 0x0d
            ? '\r'
            : (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || byte === 0x20
              ? char
              : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      if (piece === '\n' || piece === '\r') {
        out += piece;
        line = 0;
        continue;
      }
      if (line + piece.length > 75) {
        out += '=\r\n';
        line = 0;
      }
      out += piece;
      line += piece.length;
    }
    return out;
  }
  return bytes.toString('latin1');
}

/** A raw message: headers as written (latin1), a body of bytes. */
function raw(headers: string[], body: string | Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'),
    typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
  ]);
}

function textMail(options: {
  charset?: string;
  bytes: Buffer;
  encoding?: TransferEncoding;
  subject?: string;
  type?: string;
}): Buffer {
  const encoding = options.encoding ?? '8bit';
  return raw(
    [
      'From: Site <noreply@site.example>',
      'To: sales@example.com',
      `Subject: ${options.subject ?? 'test'}`,
      'MIME-Version: 1.0',
      `Content-Type: ${options.type ?? 'text/plain'}${options.charset ? `; charset=${options.charset}` : ''}`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    transferEncode(options.bytes, encoding),
  );
}

const BODY = [
  '会社名: 株式会社テスト商事',
  'お名前: 髙橋 ①郎（ﾀｶﾊｼ）',
  'お問い合わせ内容: 資料を送付ください～よろしくお願いします',
  '',
].join('\r\n');
const READ = BODY.replace(/\r\n/g, '\n');

function b64Word(charset: 'ISO-2022-JP' | 'Shift_JIS' | 'EUC-JP' | 'UTF-8', text: string): string {
  return `=?${charset}?B?${encode(text, charset).toString('base64')}?=`;
}

describe('readMailBody: every charset × transfer encoding reads right', () => {
  const matrix: Array<[charset: 'ISO-2022-JP' | 'Shift_JIS' | 'EUC-JP' | 'UTF-8', TransferEncoding]> = [
    ['ISO-2022-JP', '7bit'],
    ['ISO-2022-JP', 'quoted-printable'],
    ['ISO-2022-JP', 'base64'],
    ['Shift_JIS', '8bit'],
    ['Shift_JIS', 'quoted-printable'],
    ['Shift_JIS', 'base64'],
    ['EUC-JP', '8bit'],
    ['EUC-JP', 'quoted-printable'],
    ['EUC-JP', 'base64'],
    ['UTF-8', '8bit'],
    ['UTF-8', 'quoted-printable'],
    ['UTF-8', 'base64'],
  ];
  for (const [charset, encoding] of matrix) {
    it(`${charset} in ${encoding}, with its subject as an RFC 2047 encoded word`, () => {
      const mail = textMail({
        charset,
        bytes: encode(BODY, charset),
        encoding,
        subject: b64Word(charset, '【お問い合わせ】株式会社テスト商事 様'),
      });
      expect(readMailBody(mail)).toEqual({
        subject: '【お問い合わせ】株式会社テスト商事 様',
        text: READ,
        charsetProblems: [],
      });
    });
  }

  it('CP932 and Windows-31J are Shift_JIS (①, ㈱, 髙 included); labels in any case, quoted', () => {
    for (const label of ['CP932', 'Windows-31J', '"shift_jis"', 'x-sjis', 'MS932']) {
      const mail = textMail({ charset: label, bytes: encode('㈱テスト ① 髙', 'Shift_JIS') });
      expect(readMailBody(mail)).toMatchObject({ text: '㈱テスト ① 髙', charsetProblems: [] });
    }
  });

  it('subjects: Q-encoded UTF-8, words split mid-character and joined, ISO-2022-JP words one after another, raw UTF-8', () => {
    const utf8 = Buffer.from('お問い合わせ', 'utf8');
    const q = [...utf8].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
    const subjectOf = (subject: string | Buffer) =>
      readMailBody(
        Buffer.concat([
          Buffer.from('Subject: ', 'latin1'),
          typeof subject === 'string' ? Buffer.from(subject, 'latin1') : subject,
          Buffer.from('\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n', 'latin1'),
        ]),
      );
    expect(subjectOf(`=?UTF-8?Q?${q}_=E6=A7=98?=`)).toMatchObject({
      subject: 'お問い合わせ 様',
      charsetProblems: [],
    });
    // An encoder that cuts a character between two words: the bytes are joined before decoding.
    expect(
      subjectOf(
        `=?utf-8?B?${utf8.subarray(0, 4).toString('base64')}?=\r\n =?utf-8?B?${utf8.subarray(4).toString('base64')}?=`,
      ),
    ).toMatchObject({ subject: 'お問い合わせ', charsetProblems: [] });
    // Two ISO-2022-JP words: `ESC ( B ESC $ B` where they meet is no error.
    expect(
      subjectOf(`${b64Word('ISO-2022-JP', 'お問い')}\r\n ${b64Word('ISO-2022-JP', '合わせ')} abc`),
    ).toMatchObject({
      subject: 'お問い合わせ abc',
      charsetProblems: [],
    });
    expect(subjectOf(Buffer.from('【お問い合わせ】 RFC 6532', 'utf8'))).toMatchObject({
      subject: '【お問い合わせ】 RFC 6532',
      charsetProblems: [],
    });
  });

  it('multipart/alternative: the text part and the HTML part, each in its own charset; attachments are not the body', () => {
    const mail = raw(
      [
        `Subject: =?UTF-8?B?${Buffer.from('自動返信', 'utf8').toString('base64')}?=`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
      ],
      Buffer.concat([
        Buffer.from(
          [
            'preamble',
            '--outer',
            'Content-Type: multipart/alternative; boundary=inner',
            '',
            '--inner',
            'Content-Type: text/plain; charset=ISO-2022-JP',
            'Content-Transfer-Encoding: 7bit',
            '',
            '',
          ].join('\r\n'),
          'latin1',
        ),
        encode('会社名: テスト\r\n', 'ISO-2022-JP'),
        Buffer.from(
          [
            '--inner',
            'Content-Type: text/html; charset=Shift_JIS',
            'Content-Transfer-Encoding: base64',
            '',
            encode('<table><tr><th>会社名</th><td>テスト</td></tr></table>', 'Shift_JIS').toString('base64'),
            '--inner--',
            '--outer',
            'Content-Type: text/plain; charset=UTF-8',
            'Content-Disposition: attachment; filename="broken.txt"',
            '',
            '\u0082\u00a0 not UTF-8',
            '--outer--',
            'epilogue',
            '',
          ].join('\r\n'),
          'latin1',
        ),
      ]),
    );
    expect(readMailBody(mail)).toEqual({
      subject: '自動返信',
      // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
      text: '会社名: テスト',
      html: '<table><tr><th>会社名</th><td>テスト</td></tr></table>',
      charsetProblems: [],
    });
  });

  it('an HTML part without a MIME charset is read in the charset of its own <meta>', () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body>お問い合わせ</body></html>';
    const mail = textMail({ type: 'text/html', bytes: encode(html, 'Shift_JIS'), encoding: 'base64' });
    expect(readMailBody(mail)).toMatchObject({ html, text: '', charsetProblems: [] });
  });

  it('format=flowed: soft line breaks joined (RFC 3676), the signature delimiter kept', () => {
    const mail = textMail({
      charset: 'utf-8; format=flowed',
      bytes: Buffer.from('お問い合わせ内容: 長い文章が \r\n折り返されています\r\n-- \r\n署名\r\n', 'utf8'),
    });
    expect(readMailBody(mail).text).toBe('お問い合わせ内容: 長い文章が 折り返されています\n-- \n署名\n');
  });

  it('reads nodemailer’s UTF-8 mail (the demo site’s) exactly as mailparser does', async () => {
    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    for (const text of [
      `${READ}ページURL: http://127.0.0.1:40123/contact/?utm_source=newsletter\n`,
      'plain ascii\n',
    ]) {
      const info = await transport.sendMail({
        from: 'デモ商事 <noreply@demo.cutover.test>',
        to: 'sales@demo.cutover.test',
        subject: '【お問い合わせ】株式会社テスト商事 様',
        text,
        html: `<p>${text}</p>`,
      });
      const source = info.message as Buffer;
      const parsed = await simpleParser(source);
      const read = readMailBody(source);
      expect(read).toMatchObject({
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html,
        charsetProblems: [],
      });
    }
  });
});

describe('readMailBody: bytes that are not the declared charset are a charset problem', () => {
  it('UTF-8 labelled ISO-2022-JP (the sales team’s 文字化け): invalid at the first 8-bit byte, plainly UTF-8', () => {
    const read = readMailBody(
      textMail({ charset: 'ISO-2022-JP', bytes: encode('Name: 山田', 'UTF-8'), encoding: '8bit' }),
    );
    expect(read.charsetProblems).toEqual([
      {
        part: 'text',
        declared: 'ISO-2022-JP',
        problem: 'invalid',
        looksLike: 'UTF-8',
        offset: 6,
        byte: 0xe5,
      },
    ]);
    // The text is what a reader trusting the label shows, not a silent repair.
    expect(read.text).not.toContain('山田');
  });

  it('Shift_JIS labelled UTF-8, in base64: invalid, plainly Shift_JIS', () => {
    const read = readMailBody(
      textMail({ charset: 'UTF-8', bytes: encode(BODY, 'Shift_JIS'), encoding: 'base64' }),
    );
    expect(read.charsetProblems).toEqual([
      { part: 'text', declared: 'UTF-8', problem: 'invalid', looksLike: 'Shift_JIS', offset: 0, byte: 0x89 },
    ]);
    expect(read.text).toContain('\ufffd');
  });

  it('UTF-8 labelled Shift_JIS or EUC-JP: caught even where the bytes happen to decode', () => {
    for (const charset of ['Shift_JIS', 'EUC-JP', 'ISO-8859-1']) {
      const read = readMailBody(
        textMail({ charset, bytes: encode(BODY, 'UTF-8'), encoding: 'quoted-printable' }),
      );
      expect(read.charsetProblems).toEqual([
        expect.objectContaining({ part: 'text', declared: charset, looksLike: 'UTF-8' }),
      ]);
    }
    // Japanese in UTF-8 that Shift_JIS decodes without an error (as 譬ｪ蠑丈ｼ夂､ｾ): mislabelled.
    const lucky = readMailBody(textMail({ charset: 'Shift_JIS', bytes: encode('株式会社', 'UTF-8') }));
    expect(lucky.charsetProblems).toEqual([
      { part: 'text', declared: 'Shift_JIS', problem: 'mislabelled', looksLike: 'UTF-8' },
    ]);
  });

  it('EUC-JP labelled Shift_JIS and the reverse, ISO-2022-JP labelled UTF-8', () => {
    expect(
      readMailBody(textMail({ charset: 'Shift_JIS', bytes: encode(BODY, 'EUC-JP') })).charsetProblems,
    ).toEqual([expect.objectContaining({ part: 'text', declared: 'Shift_JIS', problem: 'invalid' })]);
    // 会 is 0x89 0xEF in Shift_JIS: ICU's EUC-JP would pass 0x89 through as a C1 control character.
    expect(
      readMailBody(textMail({ charset: 'EUC-JP', bytes: encode(BODY, 'Shift_JIS') })).charsetProblems,
    ).toEqual([
      { part: 'text', declared: 'EUC-JP', problem: 'invalid', looksLike: 'Shift_JIS', offset: 0, byte: 0x89 },
    ]);
    expect(
      readMailBody(textMail({ charset: 'UTF-8', bytes: encode(BODY, 'ISO-2022-JP'), encoding: '7bit' }))
        .charsetProblems,
    ).toEqual([{ part: 'text', declared: 'UTF-8', problem: 'mislabelled', looksLike: 'ISO-2022-JP' }]);
  });

  it('8-bit bytes with no charset declared (US-ASCII by RFC 2045), and a charset no reader need know', () => {
    expect(readMailBody(textMail({ bytes: encode('会社名: テスト', 'UTF-8') })).charsetProblems).toEqual([
      { part: 'text', problem: 'invalid', looksLike: 'UTF-8', offset: 0, byte: 0xe4 },
    ]);
    expect(
      readMailBody(textMail({ charset: 'us-ascii', bytes: encode('Name: テスト', 'Shift_JIS') }))
        .charsetProblems,
    ).toEqual([
      {
        part: 'text',
        declared: 'us-ascii',
        problem: 'invalid',
        looksLike: 'Shift_JIS',
        offset: 6,
        byte: 0x83,
      },
    ]);
    expect(
      readMailBody(textMail({ charset: 'x-unknown-jp', bytes: Buffer.from('abc') })).charsetProblems,
    ).toEqual([{ part: 'text', declared: 'x-unknown-jp', problem: 'unknown' }]);
    // Plain ASCII needs no declaration.
    expect(readMailBody(textMail({ bytes: Buffer.from('Name: Taro\r\n') })).charsetProblems).toEqual([]);
  });

  it('subjects: a UTF-8 encoded word labelled ISO-2022-JP, raw Shift_JIS bytes in the header', () => {
    const mislabelled = `=?ISO-2022-JP?B?${Buffer.from('お問い合わせ', 'utf8').toString('base64')}?=`;
    expect(
      readMailBody(textMail({ charset: 'utf-8', bytes: Buffer.from('x'), subject: mislabelled }))
        .charsetProblems,
    ).toEqual([
      {
        part: 'subject',
        declared: 'ISO-2022-JP',
        problem: 'invalid',
        looksLike: 'UTF-8',
        offset: 0,
        byte: 0xe3,
      },
    ]);
    const rawShiftJis = Buffer.concat([
      Buffer.from('Subject: ', 'latin1'),
      encode('お問い合わせ', 'Shift_JIS'),
      Buffer.from('\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n', 'latin1'),
    ]);
    expect(readMailBody(rawShiftJis).charsetProblems).toEqual([
      { part: 'subject', problem: 'invalid', looksLike: 'Shift_JIS', offset: 0, byte: 0x82 },
    ]);
  });

  it('one problem per part: a fine text part and a mislabelled HTML part', () => {
    const mail = raw(
      ['Subject: test', 'Content-Type: multipart/alternative; boundary=b'],
      Buffer.concat([
        Buffer.from('--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n会社名: テスト\r\n', 'utf8'),
        Buffer.from(
          '--b\r\nContent-Type: text/html; charset=iso-2022-jp\r\n\r\n<p>会社名: テスト</p>\r\n--b--\r\n',
          'utf8',
        ),
      ]),
    );
    expect(readMailBody(mail).charsetProblems).toEqual([
      {
        part: 'html',
        declared: 'iso-2022-jp',
        problem: 'invalid',
        looksLike: 'UTF-8',
        offset: 3,
        byte: 0xe4,
      },
    ]);
  });
});
