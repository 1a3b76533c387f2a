import type { Transporter } from 'nodemailer';
import type { BuildName } from './builds.ts';
import { FIELD_LABELS, type Inquiry } from './fields.ts';
import { esc } from './html.ts';
import { crlf, encodeIso2022Jp, rawTextMail } from './raw-mail.ts';

/**
 * The 自動返信メール (auto-reply) both builds send to the visitor's メールアドレス for every
 * accepted inquiry, in or out of scope, through the same SMTP server as the sales notification.
 * Legacy: plain text in ISO-2022-JP, as the old Japanese mail system writes it. Renewal: HTML
 * only (no text part), UTF-8, the inquiry echoed as a `<th>label</th><td>value</td>` table.
 * Both end in a company footer whose lines hold colons (`営業時間: 9:00〜17:30`, `URL: https://…`)
 * — lines that look like `label: value` but are not the inquiry.
 */

export const AUTO_REPLY_FROM = { name: 'デモ商事株式会社', address: 'noreply@demo.cutover.test' };
export const AUTO_REPLY_SUBJECT = '【デモ商事】お問い合わせありがとうございます';
/** The inquiry's fields the auto-reply echoes, in order (the form has no フリガナ field). */
export const AUTO_REPLY_LABELS = [
  FIELD_LABELS.company,
  FIELD_LABELS.name,
  FIELD_LABELS.email,
  FIELD_LABELS.phone,
  FIELD_LABELS.message,
] as const;

/** The company footer, one entry per line (after an `<hr>` in HTML, a rule in text). */
export const AUTO_REPLY_FOOTER = [
  'デモ商事株式会社 営業部',
  'TEL 052-000-0000（平日 9:00〜17:30）',
  '営業時間: 9:00〜17:30',
  'URL: https://demo.cutover.test/',
] as const;

const GREETING = [
  'この度はデモ商事へお問い合わせいただき、誠にありがとうございます。',
  '以下の内容でお問い合わせを受け付けました。担当者より2営業日以内にご連絡いたします。',
];
const NOTICE =
  '※このメールは送信専用アドレスから自動でお送りしています。ご返信いただいてもお答えできません。';
const RULE = '――――――――――――――――――――';

export type AutoReply =
  | { kind: 'text'; subject: string; text: string }
  | { kind: 'html'; subject: string; html: string };

export interface AutoReplyOptions {
  build: BuildName;
  /** The `autoReplyFieldLost` fault: the echo of the inquiry loses its 電話番号 row. */
  loseRow?: boolean;
}

/** The echoed `label → value` rows (電話番号 dropped with `loseRow`). */
export function autoReplyRows(inquiry: Inquiry, loseRow = false): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [FIELD_LABELS.company, inquiry.company],
    [FIELD_LABELS.name, inquiry.name],
    [FIELD_LABELS.email, inquiry.email],
    [FIELD_LABELS.phone, inquiry.phone],
    [FIELD_LABELS.message, inquiry.message],
  ];
  return loseRow ? rows.filter(([label]) => label !== FIELD_LABELS.phone) : rows;
}

export function composeAutoReply(inquiry: Inquiry, options: AutoReplyOptions): AutoReply {
  const rows = autoReplyRows(inquiry, options.loseRow);
  const salutation = `${inquiry.name} 様`;
  if (options.build === 'legacy') {
    const lines = [
      salutation,
      '',
      ...GREETING,
      '',
      RULE,
      ...rows.map(([label, value]) => `${label}: ${value}`),
      RULE,
      '',
      NOTICE,
      '',
      ...AUTO_REPLY_FOOTER,
    ];
    return { kind: 'text', subject: AUTO_REPLY_SUBJECT, text: `${lines.join('\n')}\n` };
  }
  const cell = (value: string): string => esc(value).replace(/\r?\n/g, '<br>');
  const html = `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>${esc(AUTO_REPLY_SUBJECT)}</title>
</head>
<body style="font-family: sans-serif; color: #333;">
<p>${esc(salutation)}</p>
<p>${GREETING.map(esc).join('<br>')}</p>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse: collapse;">
${rows.map(([label, value]) => `<tr><th align="left">${esc(label)}</th><td>${cell(value)}</td></tr>`).join('\n')}
</table>
<p>${esc(NOTICE)}</p>
<hr>
<p>${AUTO_REPLY_FOOTER.map(footerLine).join('<br>')}</p>
</body>
</html>
`;
  return { kind: 'html', subject: AUTO_REPLY_SUBJECT, html };
}

/** A footer line in HTML: the URL line's address as a link. */
function footerLine(line: string): string {
  if (!line.startsWith('URL: ')) return esc(line);
  const url = esc(line.slice('URL: '.length));
  return `URL: <a href="${url}">${url}</a>`;
}

/** The legacy auto-reply as the raw ISO-2022-JP message it goes out as. */
export function legacyAutoReplyMessage(inquiry: Inquiry, reply: { subject: string; text: string }): Buffer {
  return rawTextMail({
    from: AUTO_REPLY_FROM,
    to: { name: inquiry.name, address: inquiry.email },
    subject: reply.subject,
    headerCharset: 'ISO-2022-JP',
    declaredCharset: 'ISO-2022-JP',
    body: encodeIso2022Jp(crlf(reply.text)),
    contentTransferEncoding: '7bit',
  });
}

export async function sendAutoReply(
  transport: Transporter,
  inquiry: Inquiry,
  reply: AutoReply,
): Promise<void> {
  if (reply.kind === 'text') {
    await transport.sendMail({
      envelope: { from: AUTO_REPLY_FROM.address, to: [inquiry.email] },
      raw: legacyAutoReplyMessage(inquiry, reply),
    });
    return;
  }
  await transport.sendMail({
    from: AUTO_REPLY_FROM,
    to: { name: inquiry.name, address: inquiry.email },
    subject: reply.subject,
    html: reply.html,
  });
}
