/**
 * The shipped config: the embedded demo world's two builds of a Japanese お問い合わせ form.
 * `demo://…` URLs are resolved when cutover starts the demo world (cutover demo, cutover uat).
 * To point cutover at your own site, see README.md "Point cutover at your site".
 */
import { defineConfig, type TargetProbesInput } from 'cutover';

// The demo CRM's search index lags writes by 2 s (HubSpot's own: up to ~10 s, the default searchLag).
const demoCrm = { use: 'hubspot', url: 'demo://crm', searchLag: '3s' } as const;

const contactProbes: TargetProbesInput = {
  // Two channels of one inquiry: the sales mail (the main one, `expect.notification`) and the
  // 自動返信 the site sends the visitor (`expect.notifications.autoreply`); cleanup covers both.
  notification: [
    { use: 'mailpit', name: 'sales', url: 'demo://mailpit', to: 'sales@demo.cutover.test' },
    { use: 'mailpit', name: 'autoreply', url: 'demo://mailpit', to: '{email}' },
  ],
  // The inquiry text lands in the contact's `message`: a case is also found by its marker there
  // (one whose email is not the synthetic address included), and `cutover cleanup` looks there.
  crm: { ...demoCrm, markerField: 'message' },
  analytics: [{ use: 'ga4' }, { use: 'datalayer' }],
};

// The embedded build: a corporate page whose お見積り依頼 form is a form vendor's cross-origin iframe.
const quoteProbes: TargetProbesInput = {
  notification: { use: 'mailpit', name: 'sales', url: 'demo://mailpit', to: 'sales@demo.cutover.test' },
  crm: { ...demoCrm, markerField: 'message' },
  analytics: [{ use: 'ga4' }, { use: 'datalayer' }],
};

export default defineConfig({
  synthetic: { marker: 'ct', email: 'qa+{marker}@example.com' },
  defaults: { within: '30s', absence: '5s', submitTimeout: '20s', grace: '3s' },
  forms: {
    contact: {
      fields: {
        company: '会社名',
        name: '氏名',
        email: 'メールアドレス',
        phone: '電話番号',
        industry: '業種',
        employees: '従業員規模',
        timeline: '導入時期',
        message: 'お問い合わせ内容',
        consent: '個人情報の取扱いに同意',
      },
    },
    quote: {
      fields: {
        company: '会社名',
        name: '氏名',
        email: 'メールアドレス',
        phone: '電話番号',
        zip: '郵便番号',
        prefecture: '都道府県',
        address: '住所',
        message: 'ご依頼内容',
        drawing: { label: '図面・仕様書の添付', type: 'file' },
        newsletter: 'メールマガジンの配信を希望する',
        consent: '個人情報の取扱いに同意',
      },
    },
  },
  targets: {
    legacy: {
      url: 'demo://legacy',
      forms: {
        contact: {
          path: '/contact/',
          submit: '送信',
          success: { url: '/contact/thanks\\.html', text: 'お問い合わせありがとうございました' },
        },
      },
      probes: contactProbes,
    },
    renewal: {
      url: 'demo://renewal',
      forms: {
        contact: {
          path: '/inquiry/',
          confirm: '入力内容の確認',
          submit: '送信する',
          success: { url: '/inquiry/complete/', text: '送信が完了しました' },
        },
      },
      probes: contactProbes,
    },
    embedded: {
      url: 'demo://embedded',
      forms: {
        quote: {
          path: '/quote/',
          // The form is the vendor's page in an iframe on another origin: looked up there.
          frame: { src: '/f/quote/' },
          submit: '送信する',
          success: { text: 'お見積り依頼を受け付けました' },
        },
      },
      probes: quoteProbes,
    },
  },
});
