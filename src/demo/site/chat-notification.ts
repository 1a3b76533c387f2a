import type { Inquiry } from './fields.ts';
import type { Notification } from './notification.ts';

/**
 * The sales notification as a Slack incoming-webhook message, as many sites send it besides (or
 * instead of) the mail: `text` is the fallback (the mail's subject), one mrkdwn section holds the
 * mail's lines with each label in bold — `*会社名*: 株式会社テスト商事` — and the Email line links
 * the address the way Slack's own formatter does (`<mailto:a@b|a@b>`).
 */
export function composeChatMessage(inquiry: Inquiry, notification: Notification): object {
  const lines = notification.text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const at = line.indexOf(': ');
      if (at <= 0) return escapeSlack(line);
      const label = line.slice(0, at);
      const value = line.slice(at + 2);
      const shown =
        value === inquiry.email && value !== ''
          ? `<mailto:${escapeSlack(value)}|${escapeSlack(value)}>`
          : escapeSlack(value);
      return `*${escapeSlack(label)}*: ${shown}`;
    });
  return {
    text: notification.subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: notification.subject } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/** Posts like a site's webhook client: JSON, and anything but 200 `ok` is a failure. */
export async function postChatMessage(url: string, message: object, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
  });
  const answer = await response.text();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status} ${answer}`);
}

/** Slack's three escapes in message text. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
