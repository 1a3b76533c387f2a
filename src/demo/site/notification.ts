import type { Transporter } from 'nodemailer';
import { choiceLabel, FIELD_LABELS, type Inquiry } from './fields.ts';

export const NOTIFICATION_FROM = { name: 'デモ商事 Webサイト', address: 'noreply@demo.cutover.test' };

export interface Notification {
  subject: string;
  text: string;
}

/**
 * The sales notification: subject `【お問い合わせ】{会社名} 様`, a plain-text body with one
 * `label: value` line per field (お問い合わせ内容 last, its text following on the same line),
 * then the UTM values and the form page's URL.
 */
export function composeNotification(inquiry: Inquiry, options: { listPhone: boolean }): Notification {
  const lines = [
    'Webサイトのお問い合わせフォームから新しいお問い合わせがありました。',
    '',
    `${FIELD_LABELS.company}: ${inquiry.company}`,
    `${FIELD_LABELS.name}: ${inquiry.name}`,
    `${FIELD_LABELS.email}: ${inquiry.email}`,
    ...(options.listPhone ? [`${FIELD_LABELS.phone}: ${inquiry.phone}`] : []),
    `${FIELD_LABELS.industry}: ${choiceLabel('industry', inquiry.industry)}`,
    `${FIELD_LABELS.employees}: ${choiceLabel('employees', inquiry.employees)}`,
    `${FIELD_LABELS.timeline}: ${choiceLabel('timeline', inquiry.timeline)}`,
    `${FIELD_LABELS.consent}: ${inquiry.consent ? '同意する' : '同意しない'}`,
    `${FIELD_LABELS.message}: ${inquiry.message}`,
    '',
    `utm_source: ${inquiry.utm.source}`,
    `utm_medium: ${inquiry.utm.medium}`,
    `utm_campaign: ${inquiry.utm.campaign}`,
    `ページURL: ${inquiry.pageUrl}`,
  ];
  return { subject: `【お問い合わせ】${inquiry.company} 様`, text: `${lines.join('\n')}\n` };
}

export async function sendNotification(
  transport: Transporter,
  to: string,
  inquiry: Inquiry,
  notification: Notification,
): Promise<void> {
  await transport.sendMail({
    from: NOTIFICATION_FROM,
    to,
    replyTo: { name: inquiry.name, address: inquiry.email },
    subject: notification.subject,
    text: notification.text,
  });
}
