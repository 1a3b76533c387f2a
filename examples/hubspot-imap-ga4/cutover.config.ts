/**
 * A complete cutover config for a real site: a Japanese contact form on the old vendor's build
 * (legacy) and the new vendor's staging (with a confirmation screen), notifications read from
 * the sales inbox over IMAP, the contact checked in HubSpot, the GA4 conversion seen in the
 * browser. Secrets are environment-variable NAMES; set them in your shell or CI secrets:
 *
 *   export IMAP_PASSWORD=…  HUBSPOT_TOKEN=pat-na1-…
 *   npx cutover validate -c examples/hubspot-imap-ga4/cutover.config.ts --scenarios examples/hubspot-imap-ga4/scenarios
 */
import { defineConfig, env, type TargetProbesInput } from 'cutover';

const probes: TargetProbesInput = {
  notification: {
    use: 'imap',
    host: 'imap.example.co.jp',
    port: 993,
    user: 'sales-qa@example.co.jp',
    password: env('IMAP_PASSWORD'),
    // Only mail addressed to the sales inbox counts; the marker finds this case's mail in it.
    to: 'sales@example.co.jp',
  },
  // The form's お問い合わせ内容 lands in the `message` property: a case is also found by its
  // marker there (a case whose email is deliberately malformed, say), and `cutover cleanup` looks there.
  crm: { use: 'hubspot', token: env('HUBSPOT_TOKEN'), markerField: 'message' },
  // GA4 hits are read off the browser's network and answered locally (capture-and-block) on every
  // target, so synthetic conversions never reach the real property. `forward: true` would send
  // them on — and count every case run as a real conversion there.
  analytics: [{ use: 'ga4' }, { use: 'datalayer' }],
};

export default defineConfig({
  synthetic: { marker: 'ct', email: 'qa+{marker}@example.co.jp' },
  defaults: { within: '2m', absence: '30s', settle: '10s' },
  forms: {
    contact: {
      fields: {
        company: '会社名',
        name: 'お名前',
        email: 'メールアドレス',
        phone: '電話番号',
        topic: 'お問い合わせ種別',
        message: 'お問い合わせ内容',
        consent: { label: 'プライバシーポリシーに同意する', exact: true },
      },
    },
  },
  targets: {
    legacy: {
      url: 'https://www.example.co.jp',
      forms: {
        contact: {
          path: '/contact/',
          submit: '送信',
          success: { url: '/contact/thanks', text: 'お問い合わせありがとうございました' },
        },
      },
      probes,
    },
    staging: {
      url: 'https://stg.example.co.jp',
      forms: {
        contact: {
          path: '/inquiry/',
          confirm: '入力内容の確認',
          submit: '送信する',
          success: { url: '/inquiry/complete', text: '送信が完了しました' },
          // The new vendor's phone input has no associated label: address it directly.
          selectors: { phone: 'input[name="tel"]' },
        },
      },
      probes,
    },
    production: {
      url: 'https://www.example.co.jp',
      production: true,
      forms: {
        contact: {
          path: '/inquiry/',
          confirm: '入力内容の確認',
          submit: '送信する',
          success: { url: '/inquiry/complete' },
        },
      },
      probes,
    },
  },
});
