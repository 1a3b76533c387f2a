import type { Notification } from './notification.ts';

/**
 * The sales notification as a Microsoft Teams webhook message in the Workflows (Power Automate)
 * form that replaces the retired Office 365 connectors' MessageCard: `{ type: 'message',
 * attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: AdaptiveCard }] }`.
 * The card holds the subject (bold TextBlock), the mail's first line, and one FactSet with every
 * `label: value` line of the mail as `{ title, value }` (お問い合わせ内容 keeps its line breaks).
 */
export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: string;
      type: 'AdaptiveCard';
      version: string;
      body: Array<
        | { type: 'TextBlock'; text: string; wrap: true; weight?: 'Bolder'; size?: 'Medium' }
        | { type: 'FactSet'; facts: Array<{ title: string; value: string }> }
      >;
    };
  }>;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function composeTeamsMessage(notification: Notification): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: notification.subject, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: notification.intro, wrap: true },
            {
              type: 'FactSet',
              facts: notification.facts.map((f) => ({ title: f.label, value: f.value })),
            },
          ],
        },
      },
    ],
  };
}

/**
 * Posts like a site's Teams client: JSON; any 2xx is success (a Workflows webhook answers
 * `202 Accepted`, the old connectors `200` with body `1`), anything else a failure.
 */
export async function postTeamsMessage(
  url: string,
  message: TeamsMessage,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]),
  });
  const answer = await response.text();
  if (response.status < 200 || response.status > 299)
    throw new Error(`Teams webhook answered ${response.status} ${answer}`);
}
