/**
 * The demo world: a Japanese B2B inquiry form in two builds (legacy, renewal) with its own
 * SMTP catcher + Mailpit API, HubSpot-compatible CRM and GA4 collector. It imports nothing
 * from the harness; see README.md in this folder for every URL, label and behaviour.
 */
export { type AdminOptions, adminHandlers } from './admin.ts';
export {
  type CollectedHit,
  type CollectorHandlerOptions,
  collectorHandlers,
  createHitStore,
  type HitStore,
} from './analytics/collector.ts';
export { type Ga4Event, parseGa4Hit } from './analytics/ga4.ts';
export { type HubspotHandlerOptions, hubspotHandlers } from './crm/hubspot-handlers.ts';
export {
  createKintoneApp,
  JAPANESE_SYSTEM_CODES,
  type KintoneApiToken,
  type KintoneApp,
  type KintoneAppOptions,
  type KintoneEntity,
  type KintoneFieldDef,
  type KintoneFieldType,
  type KintoneLayout,
  type KintonePermission,
  type SystemCodes,
  toKintoneMinute,
} from './crm/kintone-app.ts';
export { type KintoneHandlerOptions, kintoneHandlers } from './crm/kintone-handlers.ts';
export type { KintoneWorldOptions } from './crm/kintone-world.ts';
export {
  type Contact,
  type ContactStore,
  type ContactStoreOptions,
  createContactStore,
} from './crm/store.ts';
export { type DefectId, PLANTED_DEFECTS, PLANTED_EMBEDDED_DEFECTS, type PlantedCatch } from './defects.ts';
export { type DemoFaults, demoFaultsSchema, type FaultSwitch } from './faults.ts';
export { type ServedHandlers, serveHandlers } from './http-bridge.ts';
export { type MailpitHandlerOptions, mailpitHandlers } from './mail-catcher/mailpit-handlers.ts';
export { type SmtpCatcher, startSmtpCatcher } from './mail-catcher/smtp.ts';
export { createMailStore, type MailStore, type StoredMail } from './mail-catcher/store.ts';
export { AUTO_REPLY_FROM, AUTO_REPLY_LABELS, AUTO_REPLY_SUBJECT } from './site/auto-reply.ts';
export type { SubmissionRecord } from './site/backend.ts';
export { CHOICES, FIELD_LABELS } from './site/fields.ts';
export { INQUIRY_APP_LAYOUT, KINTONE_LOST_FIELD, KINTONE_STATUS } from './site/kintone-sync.ts';
export { OUT_OF_SCOPE_INDUSTRIES, SALES_PITCH_PHRASES } from './site/qualify.ts';
export { COMPANIES, FAMILY_NAMES, GIVEN_NAMES } from './traffic/people.ts';
export { afterWorkingTime, businessHoursTeam, type ResponsePlan } from './traffic/sales-team.ts';
export { CAMPAIGN_PATH } from './traffic/visitors.ts';
export {
  DEFAULT_CRM_SEARCH_LAG_MS,
  DEMO_MEASUREMENT_ID,
  type DemoWorld,
  type DemoWorldOptions,
  type RealTrafficOptions,
  SALES_INBOX,
  startDemoWorld,
} from './world.ts';
