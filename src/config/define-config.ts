import type { CutoverConfigInput } from './config.schema.ts';

/**
 * Declares cutover.config.ts. Returns its argument: it exists for types and editor completion.
 *
 * @example
 * import { defineConfig, env } from 'cutover';
 * export default defineConfig({
 *   forms: { contact: { fields: { company: '会社名', email: 'メールアドレス' } } },
 *   targets: {
 *     staging: {
 *       url: 'https://staging.example.co.jp',
 *       forms: { contact: { path: '/contact/', confirm: '入力内容の確認', submit: '送信する',
 *                           success: { text: '送信が完了しました' } } },
 *       probes: {
 *         notification: { use: 'imap', host: 'imap.example.co.jp', user: 'qa@example.co.jp', password: env('IMAP_PASSWORD') },
 *         crm: { use: 'hubspot', token: env('HUBSPOT_TOKEN') },
 *         analytics: [{ use: 'ga4' }],
 *       },
 *     },
 *   },
 * });
 */
export function defineConfig(config: CutoverConfigInput): CutoverConfigInput {
  return config;
}
