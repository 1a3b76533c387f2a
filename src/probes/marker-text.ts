import type { CrmRecord, NotificationMessage } from './probe.ts';

/**
 * The text of an item that must carry a case's marker — what a probe searches in, and what
 * cleanup and the sweep check before deleting anything: a message's subject, text and HTML bodies
 * and recipients; a record's field values.
 */
export const markerText = {
  notification: (message: Pick<NotificationMessage, 'subject' | 'text' | 'html' | 'to'>): string =>
    [message.subject, message.text, ...(message.html ? [message.html] : []), ...message.to].join('\n'),
  crm: (record: Pick<CrmRecord, 'fields'>): string =>
    Object.values(record.fields)
      .map((value) => value ?? '')
      .join('\n'),
};
