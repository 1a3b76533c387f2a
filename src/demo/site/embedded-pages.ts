import type { EmbeddedBehaviour } from './builds.ts';
import { esc, page } from './html.ts';

/**
 * The embedded build's pages: a corporate page (its own origin) with a cookie-consent wall and
 * consent-mode GA4, embedding the お見積り依頼 form served by a form vendor on ANOTHER origin — a
 * cross-origin iframe, as HubSpot, formrun or Marketo embeds are.
 */

/** Postal codes the form's zip lookup knows (a small local table: no network), → [都道府県, 住所]. */
export const ZIP_TABLE: Readonly<Record<string, readonly [string, string]>> = {
  '1000001': ['東京都', '千代田区千代田'],
  '1500002': ['東京都', '渋谷区渋谷'],
  '2310023': ['神奈川県', '横浜市中区山下町'],
  '4600008': ['愛知県', '名古屋市中区栄'],
  '5300001': ['大阪府', '大阪市北区梅田'],
  '8120011': ['福岡県', '福岡市博多区博多駅前'],
  '0600001': ['北海道', '札幌市中央区北一条西'],
};

export const PREFECTURES = ['北海道', '東京都', '神奈川県', '愛知県', '大阪府', '福岡県'] as const;

/** The form's controls: visible label → input name (the names are the form vendor's). */
export const QUOTE_FIELDS = {
  company: { label: '会社名', name: 'company' },
  name: { label: '氏名', name: 'fullname' },
  email: { label: 'メールアドレス', name: 'email' },
  phone: { label: '電話番号', name: 'phone' },
  zip: { label: '郵便番号', name: 'zip' },
  prefecture: { label: '都道府県', name: 'state' },
  address: { label: '住所', name: 'address' },
  message: { label: 'ご依頼内容', name: 'message' },
  attachment: { label: '図面・仕様書の添付', name: 'attachment' },
  newsletter: { label: 'メールマガジンの配信を希望する', name: 'newsletter' },
  consent: { label: '個人情報の取扱いに同意', name: 'consent' },
} as const;

export type QuoteFieldKey = keyof typeof QUOTE_FIELDS;

export const QUOTE_SUCCESS_TEXT = 'お見積り依頼を受け付けました';
export const CONSENT_ACCEPT = '同意する';
export const CONSENT_REJECT = '拒否する';

const CORPORATE_CSS = `body{margin:0;font-family:"Hiragino Sans","Noto Sans CJK JP",sans-serif;color:#222}
header{padding:18px 40px;background:#0b3d91;color:#fff;font-size:20px}main{max-width:920px;margin:24px auto}
iframe{width:100%;height:1500px;border:1px solid #ccd}
.cookie-wall{position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:10}
.cookie{position:fixed;left:0;right:0;bottom:0;background:#fff;padding:20px 40px;z-index:11;box-shadow:0 -2px 8px #0003}
.cookie button{margin-right:12px;padding:10px 28px}`;

/** The corporate page: the consent wall, the embed, and the conversion fired when the frame says it was sent. */
export function corporateQuotePage(options: {
  formUrl: string;
  formsOrigin: string;
  tag: string;
  behaviour: EmbeddedBehaviour;
}): string {
  const config = JSON.stringify({
    formsOrigin: options.formsOrigin,
    honoursConsent: options.behaviour.conversionHonoursConsent,
  }).replace(/</g, '\\u003c');
  const body = `<header>DEMO KOGYO <small>デモ工業株式会社</small></header>
<main>
<h1>お見積り依頼</h1>
<p>図面・仕様書を添付のうえ、下記フォームよりご依頼ください。</p>
<iframe id="quote-form" title="お見積り依頼フォーム" src="${esc(options.formUrl)}"></iframe>
</main>
<div class="cookie-wall" id="cookie-wall"></div>
<div class="cookie" id="cookie-banner" role="dialog" aria-modal="true" aria-label="Cookieの利用について">
<p>当サイトでは、利便性向上とアクセス解析のために Cookie を使用します。</p>
<button type="button" id="cookie-accept">${CONSENT_ACCEPT}</button><button type="button" id="cookie-reject">${CONSENT_REJECT}</button>
</div>
${options.tag}
<script>
(function (c) {
  var ga = window.demoGa4;
  var atLoad = ga ? ga.gcs() : 'G100';
  function close(yes) {
    if (ga) ga.consent(yes);
    document.getElementById('cookie-banner').remove();
    document.getElementById('cookie-wall').remove();
  }
  document.getElementById('cookie-accept').addEventListener('click', function () { close(true); });
  document.getElementById('cookie-reject').addEventListener('click', function () { close(false); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.getElementById('cookie-banner')) close(false);
  });
  window.addEventListener('message', function (e) {
    if (e.origin !== c.formsOrigin || !e.data || e.data.type !== 'demo-quote-submitted' || !e.data.inScope) return;
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push({ event: 'generate_lead', form_id: 'quote', lead_type: 'quote' });
    if (ga) ga.send(['en=generate_lead&ep.form_id=quote&ep.lead_type=quote'], c.honoursConsent ? {} : { gcs: atLoad });
  });
})(${config});
</script>`;
  return page({ title: 'お見積り依頼｜DEMO KOGYO', css: CORPORATE_CSS, body, tag: '' });
}

const FORM_CSS = `body{margin:0;padding:16px;font-family:"Hiragino Sans","Noto Sans CJK JP",sans-serif;background:#f7f8fb}
.row{margin:0 0 14px}.row>label,.row>.head{display:block;font-weight:bold;margin-bottom:4px}
input[type=text],input[type=email],input[type=tel],select,textarea{width:100%;padding:8px;box-sizing:border-box}
.err{color:#c00;font-size:13px}.hint{color:#666;font-size:12px}button{padding:12px 48px;background:#0b3d91;color:#fff;border:0}
button:disabled{background:#889}`;

function row(key: QuoteFieldKey, control: string, hint = ''): string {
  const id = `q-${key}`;
  return `<div class="row"><label for="${id}">${QUOTE_FIELDS[key].label}</label>${control}${hint}<span class="err" id="${id}-err" hidden></span></div>`;
}

function input(key: QuoteFieldKey, type: string, extra = ''): string {
  return `<input type="${type}" id="q-${key}" name="${QUOTE_FIELDS[key].name}"${extra}>`;
}

/** The form vendor's page, shown inside the corporate page's iframe. */
export function quoteFormPage(options: {
  pageUrl: string;
  tag: string;
  behaviour: EmbeddedBehaviour;
}): string {
  const b = options.behaviour;
  const options_ = PREFECTURES.map((p) => `<option>${p}</option>`).join('');
  const config = JSON.stringify({
    zip: ZIP_TABLE,
    disablesButton: b.disablesButton,
    uploadsAttachment: b.uploadsAttachment,
    sendsAutofilled: b.sendsAutofilled,
  }).replace(/</g, '\\u003c');
  const body = `<form id="quote" method="post" action="/f/quote/send" enctype="multipart/form-data" novalidate>
${row('company', input('company', 'text'))}
${row('name', input('name', 'text'))}
${row('email', input('email', 'email'))}
${row('phone', input('phone', 'tel'))}
${row('zip', input('zip', 'text', ' inputmode="numeric" aria-describedby="q-zip-hint"'), '<span class="hint" id="q-zip-hint">7桁の郵便番号を入力すると、都道府県と住所を自動で入力します</span>')}
${row('prefecture', `<select id="q-prefecture" name="${QUOTE_FIELDS.prefecture.name}"><option value="">選択してください</option>${options_}</select>`)}
${row('address', input('address', 'text'))}
${row('message', `<textarea id="q-message" name="${QUOTE_FIELDS.message.name}" rows="6"></textarea>`)}
${row('attachment', input('attachment', 'file', ' accept=".pdf,.dxf,.dwg,.png,.jpg"'))}
<div class="row"><label><input type="checkbox" id="q-newsletter" name="${QUOTE_FIELDS.newsletter.name}" value="yes"${b.optInUnticked ? '' : ' checked'}> ${QUOTE_FIELDS.newsletter.label}</label></div>
<div class="row"><label><input type="checkbox" id="q-consent" name="${QUOTE_FIELDS.consent.name}" value="yes"> ${QUOTE_FIELDS.consent.label}</label><span class="err" id="q-consent-err" hidden></span></div>
<input type="hidden" name="page_url" value="${esc(options.pageUrl)}">
<div id="q-alert" role="alert"></div>
<button type="submit" id="q-send">送信する</button>
</form>
<script>
(function (c) {
  var form = document.getElementById('quote');
  var zip = document.getElementById('q-zip');
  var pref = document.getElementById('q-prefecture');
  var addr = document.getElementById('q-address');
  var button = document.getElementById('q-send');
  zip.addEventListener('input', function () {
    var hit = c.zip[zip.value.normalize('NFKC').replace(/[^0-9]/g, '')];
    if (!hit) return;
    pref.value = hit[0];
    addr.value = hit[1];
    if (!c.sendsAutofilled) pref.disabled = true;
  });
  function showErrors(errors) {
    var controls = form.querySelectorAll('[id^="q-"]');
    for (var i = 0; i < controls.length; i++) {
      var el = controls[i];
      var err = document.getElementById(el.id + '-err');
      if (!err || el.id.slice(-4) === '-err') continue;
      var message = errors[el.id.slice(2)];
      err.hidden = !message;
      err.textContent = message || '';
      if (message) { el.setAttribute('aria-invalid', 'true'); el.setAttribute('aria-describedby', el.id + '-err'); }
      else { el.removeAttribute('aria-invalid'); }
    }
    document.getElementById('q-alert').textContent = Object.keys(errors).length ? '入力内容をご確認ください。' : '';
  }
  var navigated = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (c.disablesButton) button.disabled = true;
    var data = new FormData(form);
    fetch(form.action, { method: 'POST', body: c.uploadsAttachment ? data : new URLSearchParams(data) })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.thanks) {
          if (!navigated) { navigated = true; location.assign(answer.thanks); }
          return;
        }
        showErrors(answer.errors || {});
        button.disabled = false;
      })
      .catch(function () {
        document.getElementById('q-alert').textContent = '送信できませんでした。時間をおいて再度お試しください。';
        button.disabled = false;
      });
  });
})(${config});
</script>`;
  return page({ title: 'お見積り依頼フォーム', css: FORM_CSS, body, tag: options.tag });
}

/** The vendor's thank-you page, in the frame: it tells the corporate page once, so the conversion fires there. */
export function quoteThanksPage(options: {
  parentOrigin: string;
  inScope: boolean | undefined;
  tag: string;
}): string {
  const notify =
    options.inScope === undefined
      ? ''
      : `<script>parent.postMessage({ type: 'demo-quote-submitted', inScope: ${options.inScope} }, ${JSON.stringify(options.parentOrigin)});</script>`;
  const body = `<h1>${QUOTE_SUCCESS_TEXT}</h1><p>担当者より2営業日以内にお見積りをお送りします。</p>${notify}`;
  return page({ title: '送信完了', css: FORM_CSS, body, tag: options.tag });
}
