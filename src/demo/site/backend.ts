import { createTransport } from 'nodemailer';
import type { DemoFaults } from '../faults.ts';
import { sleep } from '../sleep.ts';
import { composeAutoReply, sendAutoReply } from './auto-reply.ts';
import type { BuildBehaviour, BuildName } from './builds.ts';
import { composeChatMessage, postChatMessage } from './chat-notification.ts';
import { type CrmTarget, contactProperties, upsertContact } from './crm-sync.ts';
import type { Inquiry } from './fields.ts';
import { inquiryRecord, KINTONE_LOST_FIELD, type KintoneTarget, writeInquiryRecord } from './kintone-sync.ts';
import { composeNotification, sendNotification } from './notification.ts';
import { qualify } from './qualify.ts';
import { composeTeamsMessage, postTeamsMessage } from './teams-notification.ts';

/** What the backend did with one accepted submission (for people and tests to inspect). */
export interface SubmissionRecord {
  id: string;
  build: BuildName;
  receivedAt: string;
  email: string;
  company: string;
  inScope: boolean;
  mail: 'pending' | 'sent' | 'skipped' | 'failed';
  /** The Slack-style chat notification, when the world posts one (`chatWebhookUrl`). */
  chat: 'none' | 'pending' | 'sent' | 'skipped' | 'failed';
  /** The Teams (Workflows, Adaptive Card) post, when the world posts one (`teamsWebhookUrl`); `none` also under `teamsPostMissing`. */
  teams: 'none' | 'pending' | 'sent' | 'skipped' | 'failed';
  /** The 自動返信 to the visitor (every accepted submission, in scope or not); `none` under `autoReplyMissing`. */
  autoReply: 'pending' | 'sent' | 'failed' | 'none';
  crm: 'pending' | 'created' | 'updated' | 'failed';
  crmContactId: string | null;
  /** The queued write into the kintone app, when the world has one (`kintone`). */
  kintone: 'none' | 'pending' | 'written' | 'failed';
  kintoneRecordId: string | null;
  /** The embedded build's お見積り依頼: the file that arrived (name, size, SHA-256), or null; absent on other forms. */
  attachment?: { name: string; size: number; sha256: string } | null;
  /** Swallowed downstream errors, in plain words. */
  errors: string[];
}

export interface BackendOptions {
  smtp: { host: string; port: number };
  salesInbox: string;
  crm: CrmTarget;
  /** Where the site also posts its notification as a Slack incoming-webhook message (default: nowhere). */
  chatWebhookUrl?: string;
  /** Where the site also posts its notification as a Teams Workflows (Adaptive Card) message (default: nowhere). */
  teamsWebhookUrl?: string;
  /** The kintone app both builds also write each inquiry into, after a queue delay (default: none). */
  kintone?: KintoneTarget;
  faults: () => DemoFaults;
  /** Aborts pending downstream work when the world stops. */
  signal: AbortSignal;
}

export interface Backend {
  /** Accept a validated submission: decide scope, then mails, chat posts and CRM in the background. */
  submit(inquiry: Inquiry, behaviour: BuildBehaviour): SubmissionRecord;
  submissions(): SubmissionRecord[];
  /** Resolves once no downstream work is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The site's backend, shared by both builds. Downstream failures are swallowed and only
 * recorded: the visitor still sees the thank-you page, as on a real site.
 */
/** Where the renewal's sales mail goes under `salesNotificationLost`: a mailbox nobody reads. */
export const DEAD_SALES_MAILBOX = 'sales-old@demo.cutover.test';

export function createBackend(options: BackendOptions): Backend {
  const transport = createTransport({
    host: options.smtp.host,
    port: options.smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 3000,
    greetingTimeout: 3000,
    socketTimeout: 5000,
  });
  const records: SubmissionRecord[] = [];
  const pending = new Set<Promise<void>>();
  const fail = (record: SubmissionRecord, what: string, error: unknown): void => {
    record.errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  };

  const mail = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    if (!record.inScope) {
      record.mail = 'skipped';
      return;
    }
    try {
      const faults = options.faults();
      await sleep(faults.mailDelayMs, options.signal);
      if (options.signal.aborted) throw new Error('the demo world stopped');
      const notification = composeNotification(inquiry, { listPhone: behaviour.mailListsPhone });
      const to =
        behaviour.build === 'renewal' && faults.salesNotificationLost
          ? DEAD_SALES_MAILBOX
          : options.salesInbox;
      await sendNotification(transport, to, inquiry, notification, {
        mislabelledCharset: faults.mislabelledCharset,
      });
      record.mail = 'sent';
    } catch (error) {
      record.mail = 'failed';
      fail(record, 'notification', error);
    }
  };

  /** The visitor's 自動返信, held by the same mail queue (`mailDelayMs`) as the notification. */
  const autoReply = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    try {
      const faults = options.faults();
      if (faults.autoReplyMissing) {
        record.autoReply = 'none';
        return;
      }
      await sleep(faults.mailDelayMs, options.signal);
      if (options.signal.aborted) throw new Error('the demo world stopped');
      const reply = composeAutoReply(inquiry, { build: behaviour.build, loseRow: faults.autoReplyFieldLost });
      await sendAutoReply(transport, inquiry, reply);
      record.autoReply = 'sent';
    } catch (error) {
      record.autoReply = 'failed';
      fail(record, 'auto-reply', error);
    }
  };

  const teams = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    const url = options.teamsWebhookUrl;
    if (!url) return;
    if (!record.inScope) {
      record.teams = 'skipped';
      return;
    }
    if (options.faults().teamsPostMissing) {
      record.teams = 'none';
      return;
    }
    try {
      const notification = composeNotification(inquiry, { listPhone: behaviour.mailListsPhone });
      await postTeamsMessage(url, composeTeamsMessage(notification), options.signal);
      record.teams = 'sent';
    } catch (error) {
      record.teams = 'failed';
      fail(record, 'teams', error);
    }
  };

  const chat = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    const url = options.chatWebhookUrl;
    if (!url) return;
    if (!record.inScope) {
      record.chat = 'skipped';
      return;
    }
    try {
      const notification = composeNotification(inquiry, { listPhone: behaviour.mailListsPhone });
      await postChatMessage(url, composeChatMessage(inquiry, notification), options.signal);
      record.chat = 'sent';
    } catch (error) {
      record.chat = 'failed';
      fail(record, 'chat', error);
    }
  };

  const crm = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    try {
      const properties = contactProperties(inquiry, {
        inScope: record.inScope,
        withUtm: behaviour.crmGetsUtm,
      });
      const faults = options.faults();
      const outcome = await upsertContact(options.crm, properties, options.signal, {
        duplicate: faults.crmDuplicate,
        updateLost: faults.crmUpdateLost,
      });
      record.crm = outcome.action;
      record.crmContactId = outcome.id;
    } catch (error) {
      record.crm = 'failed';
      fail(record, 'crm', error);
    }
  };

  const kintone = async (
    record: SubmissionRecord,
    inquiry: Inquiry,
    behaviour: BuildBehaviour,
  ): Promise<void> => {
    const target = options.kintone;
    if (!target) return;
    try {
      const lost = behaviour.build === 'renewal' && options.faults().kintoneFieldLost;
      const fields = inquiryRecord(inquiry, {
        inScope: record.inScope,
        drop: lost ? [KINTONE_LOST_FIELD] : [],
      });
      record.kintoneRecordId = await writeInquiryRecord(target, fields, options.signal);
      record.kintone = 'written';
    } catch (error) {
      record.kintone = 'failed';
      fail(record, 'kintone', error);
    }
  };

  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all(pending);
  };

  return {
    submit: (inquiry, behaviour) => {
      const record: SubmissionRecord = {
        id: `sub-${records.length + 1}`,
        build: behaviour.build,
        receivedAt: new Date().toISOString(),
        email: inquiry.email,
        company: inquiry.company,
        inScope: qualify(inquiry).inScope,
        mail: 'pending',
        chat: options.chatWebhookUrl ? 'pending' : 'none',
        teams: options.teamsWebhookUrl ? 'pending' : 'none',
        autoReply: 'pending',
        crm: 'pending',
        crmContactId: null,
        kintone: options.kintone ? 'pending' : 'none',
        kintoneRecordId: null,
        ...(inquiry.quote ? { attachment: inquiry.quote.attachment } : {}),
        errors: [],
      };
      records.push(record);
      const job = Promise.all([
        mail(record, inquiry, behaviour),
        autoReply(record, inquiry, behaviour),
        chat(record, inquiry, behaviour),
        teams(record, inquiry, behaviour),
        crm(record, inquiry, behaviour),
        kintone(record, inquiry, behaviour),
      ]).then(() => {
        pending.delete(job);
      });
      pending.add(job);
      return record;
    },
    submissions: () => records.map((r) => ({ ...r, errors: [...r.errors] })),
    idle,
    close: async () => {
      await idle();
      transport.close();
    },
  };
}
