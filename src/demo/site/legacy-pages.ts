import {
  CHOICES,
  FIELD_LABELS,
  type FieldKey,
  REQUIRED_FIELDS,
  SELECT_PLACEHOLDER,
  type SelectKey,
} from './fields.ts';
import { esc, page } from './html.ts';
import type { FieldNames, FormView } from './shared.ts';
import type { FieldErrors } from './validate.ts';

/** Legacy markup: a table form, `<label for>` on every control, name = id (except 電話番号: tel). */
export const LEGACY_NAMES: FieldNames = {
  company: 'company',
  name: 'name',
  email: 'email',
  phone: 'tel',
  industry: 'industry',
  employees: 'employees',
  timeline: 'timeline',
  message: 'message',
  consent: 'consent',
};

const CSS = `body{font-family:"Noto Sans CJK JP",sans-serif;margin:0;color:#222}
header{background:#003366;color:#fff;padding:12px 24px;font-weight:bold}
main{max-width:760px;margin:24px auto;padding:0 16px}
table.form{width:100%;border-collapse:collapse}
table.form th,table.form td{border:1px solid #ccc;padding:10px;text-align:left;vertical-align:top}
table.form th{width:30%;background:#f3f3f3}
.req{margin-left:6px;background:#c00;color:#fff;font-size:11px;padding:1px 4px}
.error{color:#c00;margin:4px 0 0}.alert{border:1px solid #c00;color:#c00;padding:8px}
input[type=text],input[type=email],input[type=tel],select,textarea{width:95%}`;

const SITE = '<header>デモ商事株式会社</header>';

function errorText(key: FieldKey, errors: FieldErrors): string {
  const message = errors[key];
  return message ? `<p class="error" id="${LEGACY_NAMES[key]}-error">${esc(message)}</p>` : '';
}

function aria(key: FieldKey, errors: FieldErrors): string {
  const required = REQUIRED_FIELDS.has(key) ? ' aria-required="true"' : '';
  const invalid = errors[key] ? ` aria-invalid="true" aria-describedby="${LEGACY_NAMES[key]}-error"` : '';
  return required + invalid;
}

function row(key: FieldKey, control: string, errors: FieldErrors): string {
  const badge = REQUIRED_FIELDS.has(key) ? '<span class="req">必須</span>' : '';
  return `<tr><th><label for="${LEGACY_NAMES[key]}">${FIELD_LABELS[key]}</label>${badge}</th><td>${control}${errorText(key, errors)}</td></tr>`;
}

function textInput(key: FieldKey, type: string, value: string, errors: FieldErrors): string {
  const id = LEGACY_NAMES[key];
  return row(
    key,
    `<input type="${type}" id="${id}" name="${id}" value="${esc(value)}"${aria(key, errors)}>`,
    errors,
  );
}

function select(key: SelectKey, value: string, errors: FieldErrors): string {
  const options = CHOICES[key]
    .map((c) => `<option value="${c.crm}"${c.crm === value ? ' selected' : ''}>${esc(c.label)}</option>`)
    .join('');
  const id = LEGACY_NAMES[key];
  const control = `<select id="${id}" name="${id}"${aria(key, errors)}><option value="">${SELECT_PLACEHOLDER}</option>${options}</select>`;
  return row(key, control, errors);
}

export function legacyFormPage(view: FormView, tag: string): string {
  const { input, errors } = view;
  const alert = Object.keys(errors).length
    ? '<p class="alert" role="alert">入力内容に誤りがあります。赤字の項目をご確認ください。</p>'
    : '';
  const hidden = [
    ['utm_source', view.utm.source],
    ['utm_medium', view.utm.medium],
    ['utm_campaign', view.utm.campaign],
    ['page_url', view.pageUrl],
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${esc(value ?? '')}">`)
    .join('\n');
  const body = `${SITE}
<main>
<h1>お問い合わせ</h1>
<p>サービスに関するお問い合わせは、以下のフォームよりお送りください。</p>
${alert}
<form method="post" action="/contact/" novalidate>
<table class="form">
${textInput('company', 'text', input.company, errors)}
${textInput('name', 'text', input.name, errors)}
${textInput('email', 'email', input.email, errors)}
${textInput('phone', 'tel', input.phone, errors)}
${select('industry', input.industry, errors)}
${select('employees', input.employees, errors)}
${select('timeline', input.timeline, errors)}
${row('message', `<textarea id="message" name="message" rows="8"${aria('message', errors)}>${esc(input.message)}</textarea>`, errors)}
</table>
<p class="agree"><input type="checkbox" id="consent" name="consent" value="1"${input.consent ? ' checked' : ''}${aria('consent', errors)}>
<label for="consent">${FIELD_LABELS.consent}</label><span class="req">必須</span>${errorText('consent', errors)}</p>
${hidden}
<p><button type="submit">送信</button></p>
</form>
</main>`;
  return page({ title: 'お問い合わせ | デモ商事株式会社', css: CSS, body, tag });
}

export function legacyThanksPage(tag: string): string {
  const body = `${SITE}
<main>
<h1>お問い合わせありがとうございました</h1>
<p>内容を確認のうえ、担当者より2営業日以内にご連絡いたします。</p>
<p><a href="/">トップページへ戻る</a></p>
</main>`;
  return page({ title: 'お問い合わせ完了 | デモ商事株式会社', css: CSS, body, tag });
}

export function legacyHomePage(tag: string): string {
  const body = `${SITE}<main><h1>デモ商事株式会社</h1><p><a href="/contact/">お問い合わせ</a></p></main>`;
  return page({ title: 'デモ商事株式会社', css: CSS, body, tag });
}
