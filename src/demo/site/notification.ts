import type { Transporter } from 'nodemailer';
import { choiceLabel, FIELD_LABELS, type Inquiry } from './fields.ts';
import { crlf, rawTextMail } from './raw-mail.ts';

export const NOTIFICATION_FROM = { name: 'デモ商事 Webサイト', address: 'noreply@demo.cutover.test' };

export interface Notification {
  subject: string;
  text: string;
  /** The body's first line. */
  intro: string;
  /** The body's `label: value` lines in order (fields, UTM values, ページURL), for the chat posts. */
  facts: Array<{ label: string; value: string }>;
}

const INTRO = 'Webサイトのお問い合わせフォームから新しいお問い合わせがありました。';

/**
 * The sales notification: subject `【お問い合わせ】{会社名} 様`, a plain-text body with one
 * `label: value` line per field (お問い合わせ内容 last, its text following on the same line),
 * then the UTM values and the form page's URL.
 */
export function composeNotification(inquiry: Inquiry, options: { listPhone: boolean }): Notification {
  const quote = inquiry.quote;
  const fields = [
    { label: FIELD_LABELS.company, value: inquiry.company },
    { label: FIELD_LABELS.name, value: inquiry.name },
    { label: FIELD_LABELS.email, value: inquiry.email },
    ...(options.listPhone ? [{ label: FIELD_LABELS.phone, value: inquiry.phone }] : []),
    ...(quote ? quoteFacts(quote) : []),
    { label: FIELD_LABELS.industry, value: choiceLabel('industry', inquiry.industry) },
    { label: FIELD_LABELS.employees, value: choiceLabel('employees', inquiry.employees) },
    { label: FIELD_LABELS.timeline, value: choiceLabel('timeline', inquiry.timeline) },
    { label: FIELD_LABELS.consent, value: inquiry.consent ? '同意する' : '同意しない' },
    { label: FIELD_LABELS.message, value: inquiry.message },
  ];
  const tracking = [
    { label: 'utm_source', value: inquiry.utm.source },
    { label: 'utm_medium', value: inquiry.utm.medium },
    { label: 'utm_campaign', value: inquiry.utm.campaign },
    { label: 'ページURL', value: inquiry.pageUrl },
  ];
  const line = (f: { label: string; value: string }): string => `${f.label}: ${f.value}`;
  const lines = [INTRO, '', ...fields.map(line), '', ...tracking.map(line)];
  return {
    subject: `${quote ? '【お見積り依頼】' : '【お問い合わせ】'}${inquiry.company} 様`,
    text: `${lines.join('\n')}\n`,
    intro: INTRO,
    facts: [...fields, ...tracking],
  };
}

/** The お見積り依頼 form's own lines: the address, the attachment (name and size, or なし) and the newsletter choice. */
function quoteFacts(quote: NonNullable<Inquiry['quote']>): Array<{ label: string; value: string }> {
  const attachment = quote.attachment ? `${quote.attachment.name} (${quote.attachment.size} bytes)` : 'なし';
  return [
    { label: '郵便番号', value: quote.zip },
    { label: '都道府県', value: quote.prefecture },
    { label: '住所', value: quote.address },
    { label: '添付ファイル', value: attachment },
    { label: 'メールマガジン', value: quote.newsletter ? '希望する' : '希望しない' },
  ];
}

export interface SendNotificationOptions {
  /**
   * The `mislabelledCharset` fault: the body goes out as UTF-8 bytes under
   * `Content-Type: text/plain; charset=ISO-2022-JP` (a raw message built by hand, since
   * nodemailer labels correctly). The headers stay correctly encoded (UTF-8 encoded-words).
   */
  mislabelledCharset?: boolean;
}

export async function sendNotification(
  transport: Transporter,
  to: string,
  inquiry: Inquiry,
  notification: Notification,
  options: SendNotificationOptions = {},
): Promise<void> {
  const replyTo = { name: inquiry.name, address: inquiry.email };
  if (options.mislabelledCharset) {
    await transport.sendMail({
      envelope: { from: NOTIFICATION_FROM.address, to: [to] },
      raw: mislabelledNotification(to, replyTo, notification),
    });
    return;
  }
  await transport.sendMail({
    from: NOTIFICATION_FROM,
    to,
    replyTo,
    subject: notification.subject,
    text: notification.text,
  });
}

/** The notification with UTF-8 body bytes whose Content-Type claims ISO-2022-JP. */
export function mislabelledNotification(
  to: string,
  replyTo: { name: string; address: string },
  notification: Notification,
): Buffer {
  return rawTextMail({
    from: NOTIFICATION_FROM,
    to: { name: '', address: to },
    replyTo,
    subject: notification.subject,
    headerCharset: 'UTF-8',
    declaredCharset: 'ISO-2022-JP',
    body: Buffer.from(crlf(notification.text), 'utf8'),
    contentTransferEncoding: '7bit',
  });
}
