import {
  CHOICES,
  choiceLabel,
  FIELD_LABELS,
  FIELD_ORDER,
  type FieldKey,
  type InquiryInput,
  optionValue,
  REQUIRED_FIELDS,
  SELECT_PLACEHOLDER,
  type SelectKey,
  type Utm,
} from './fields.ts';
import { esc, page } from './html.ts';
import type { FieldNames, FormView } from './shared.ts';
import type { FieldErrors } from './validate.ts';

/** Renewal markup: `entry[…]` names, `entry-…` ids, text inputs labelled by `aria-labelledby`. */
export const RENEWAL_NAMES: FieldNames = {
  company: 'entry[corp]',
  name: 'entry[person]',
  email: 'entry[mail]',
  phone: 'entry[tel]',
  industry: 'entry[biz]',
  employees: 'entry[scale]',
  timeline: 'entry[timing]',
  message: 'entry[body]',
  consent: 'entry[agree]',
};

export const RENEWAL_UTM_NAMES = {
  source: 'entry[utm_source]',
  medium: 'entry[utm_medium]',
  campaign: 'entry[utm_campaign]',
} as const satisfies Record<keyof Utm, string>;
export const RENEWAL_LANDING_NAME = 'entry[landing]';

const CSS = `body{margin:0;font-family:"Hiragino Sans","Noto Sans CJK JP",sans-serif;background:#fafafa;color:#333}
.l-header{padding:20px 40px;border-bottom:4px solid #e60033;background:#fff;font-size:20px}
.l-wrap{max-width:880px;margin:32px auto;background:#fff;padding:32px;border-radius:8px}
.c-steps ol{display:flex;gap:8px;list-style:none;padding:0}.c-steps li{flex:1;text-align:center;padding:6px;background:#eee}
.c-steps li.is-current{background:#e60033;color:#fff}
.p-entry__row{display:grid;grid-template-columns:240px 1fr;gap:16px;padding:14px 0;border-bottom:1px dashed #ddd}
.c-must{font-style:normal;margin-left:8px;color:#e60033;font-size:12px}
.c-err{display:block;color:#e60033;font-size:13px;margin-top:4px}
.p-entry input[type=text],.p-entry input[type=email],.p-entry input[type=tel],.p-entry select,.p-entry textarea{width:100%;padding:8px;box-sizing:border-box}
.c-alert{color:#e60033;border-left:4px solid #e60033;padding:8px 12px;background:#fff0f3}
.c-btn{background:#e60033;color:#fff;border:0;padding:12px 40px;border-radius:24px}
.c-btn--sub{background:#999;color:#fff;border:0;padding:12px 40px;border-radius:24px}
.p-confirm{width:100%;border-collapse:collapse}.p-confirm th,.p-confirm td{padding:10px;border-bottom:1px solid #eee;text-align:left}
.p-confirm td{white-space:pre-wrap}`;

const HEADER = '<header class="l-header">DEMO SHOJI <small>デモ商事株式会社</small></header>';
const IDS: Record<FieldKey, string> = {
  company: 'entry-corp',
  name: 'entry-person',
  email: 'entry-mail',
  phone: 'entry-tel',
  industry: 'entry-biz',
  employees: 'entry-scale',
  timeline: 'entry-timing',
  message: 'entry-body',
  consent: 'entry-agree',
};

function steps(current: 0 | 1 | 2): string {
  const items = ['入力', '確認', '完了'].map(
    (s, i) => `<li${i === current ? ' class="is-current"' : ''}>${s}</li>`,
  );
  return `<nav class="c-steps" aria-label="進捗"><ol>${items.join('')}</ol></nav>`;
}

function err(key: FieldKey, errors: FieldErrors): string {
  return errors[key] ? `<span class="c-err" id="${IDS[key]}-err">${esc(errors[key])}</span>` : '';
}

function attrs(key: FieldKey, errors: FieldErrors): string {
  const required = REQUIRED_FIELDS.has(key) ? ' required' : '';
  return `${required}${errors[key] ? ` aria-invalid="true" aria-describedby="${IDS[key]}-err"` : ''}`;
}

function must(key: FieldKey): string {
  return REQUIRED_FIELDS.has(key) ? '<em class="c-must">必須</em>' : '';
}

/** Text inputs: the label is a `<span>` referenced by `aria-labelledby`. */
function text(key: FieldKey, type: string, value: string, errors: FieldErrors): string {
  const id = IDS[key];
  return `<div class="p-entry__row"><div class="p-entry__head"><span class="p-entry__label" id="${id}-label">${FIELD_LABELS[key]}</span>${must(key)}</div>
<div class="p-entry__body"><input type="${type}" id="${id}" name="${RENEWAL_NAMES[key]}" value="${esc(value)}" aria-labelledby="${id}-label"${attrs(key, errors)}>${err(key, errors)}</div></div>`;
}

function labelled(key: FieldKey, control: string, errors: FieldErrors): string {
  return `<div class="p-entry__row"><div class="p-entry__head"><label class="p-entry__label" for="${IDS[key]}">${FIELD_LABELS[key]}</label>${must(key)}</div>
<div class="p-entry__body">${control}${err(key, errors)}</div></div>`;
}

function select(key: SelectKey, value: string, errors: FieldErrors): string {
  const options = CHOICES[key]
    .map(
      (c) =>
        `<option value="${optionValue(c, 'renewal')}"${c.crm === value ? ' selected' : ''}>${esc(c.label)}</option>`,
    )
    .join('');
  const control = `<select id="${IDS[key]}" name="${RENEWAL_NAMES[key]}"${attrs(key, errors)}><option value="">${SELECT_PLACEHOLDER}</option>${options}</select>`;
  return labelled(key, control, errors);
}

function hiddenCarry(utm: Utm, landing: string): string {
  const pairs: Array<[string, string]> = [
    [RENEWAL_UTM_NAMES.source, utm.source],
    [RENEWAL_UTM_NAMES.medium, utm.medium],
    [RENEWAL_UTM_NAMES.campaign, utm.campaign],
    [RENEWAL_LANDING_NAME, landing],
  ];
  return pairs.map(([n, v]) => `<input type="hidden" name="${n}" value="${esc(v)}">`).join('\n');
}

export function renewalFormPage(view: FormView, tag: string): string {
  const { input, errors } = view;
  const summary = Object.keys(errors).length
    ? `<div class="c-alert" role="alert">入力内容をご確認ください（${Object.keys(errors).length}件のエラーがあります）。</div>`
    : '';
  const body = `${HEADER}
<div class="l-wrap">
${steps(0)}
<h1>お問い合わせ</h1>
${summary}
<form class="p-entry" method="post" action="/inquiry/confirm/" novalidate>
${text('company', 'text', input.company, errors)}
${text('name', 'text', input.name, errors)}
${text('email', 'email', input.email, errors)}
${text('phone', 'tel', input.phone, errors)}
${select('industry', input.industry, errors)}
${select('employees', input.employees, errors)}
${select('timeline', input.timeline, errors)}
${labelled('message', `<textarea id="${IDS.message}" name="${RENEWAL_NAMES.message}" rows="8"${attrs('message', errors)}>${esc(input.message)}</textarea>`, errors)}
<div class="p-entry__row p-entry__row--agree"><div class="p-entry__body">
<label class="c-check"><input type="checkbox" id="${IDS.consent}" name="${RENEWAL_NAMES.consent}" value="on"${input.consent ? ' checked' : ''}${attrs('consent', errors)}><span>${FIELD_LABELS.consent}</span></label>${must('consent')}${err('consent', errors)}
</div></div>
${hiddenCarry(view.utm, view.pageUrl)}
<div class="p-entry__actions"><button type="submit" class="c-btn">入力内容の確認</button></div>
</form>
</div>`;
  return page({ title: 'お問い合わせ｜DEMO SHOJI', css: CSS, body, tag });
}

function shown(key: FieldKey, input: InquiryInput): string {
  if (key === 'consent') return input.consent ? '同意する' : '';
  if (key === 'industry' || key === 'employees' || key === 'timeline') return choiceLabel(key, input[key]);
  return input[key];
}

function hiddenValue(key: FieldKey, input: InquiryInput): string {
  if (key === 'consent') return input.consent ? 'on' : '';
  if (key === 'industry' || key === 'employees' || key === 'timeline') {
    const choice = CHOICES[key].find((c) => c.crm === input[key]);
    return choice ? optionValue(choice, 'renewal') : '';
  }
  return input[key];
}

export function renewalConfirmPage(view: FormView, tag: string): string {
  const rows = FIELD_ORDER.map(
    (key) => `<tr><th scope="row">${FIELD_LABELS[key]}</th><td>${esc(shown(key, view.input))}</td></tr>`,
  ).join('\n');
  const hidden = FIELD_ORDER.filter((key) => key !== 'consent' || view.input.consent)
    .map(
      (key) =>
        `<input type="hidden" name="${RENEWAL_NAMES[key]}" value="${esc(hiddenValue(key, view.input))}">`,
    )
    .join('\n');
  const body = `${HEADER}
<div class="l-wrap">
${steps(1)}
<h1>入力内容の確認</h1>
<p>以下の内容でよろしければ「送信する」ボタンを押してください。</p>
<table class="p-confirm">
${rows}
</table>
<form class="p-entry" method="post" action="/inquiry/send/">
${hidden}
${hiddenCarry(view.utm, view.pageUrl)}
<div class="p-entry__actions">
<button type="submit" class="c-btn--sub" formaction="/inquiry/" name="back" value="1">戻る</button>
<button type="submit" class="c-btn">送信する</button>
</div>
</form>
</div>`;
  return page({ title: '入力内容の確認｜DEMO SHOJI', css: CSS, body, tag });
}

export function renewalCompletePage(tag: string): string {
  const body = `${HEADER}
<div class="l-wrap">
${steps(2)}
<h1>送信が完了しました</h1>
<p>お問い合わせいただきありがとうございます。担当者より折り返しご連絡いたします。</p>
<p><a href="/">トップへ戻る</a></p>
</div>`;
  return page({ title: '送信完了｜DEMO SHOJI', css: CSS, body, tag });
}

export function renewalHomePage(tag: string): string {
  const body = `${HEADER}<div class="l-wrap"><h1>DEMO SHOJI</h1><p><a href="/inquiry/">お問い合わせ</a></p></div>`;
  return page({ title: 'DEMO SHOJI', css: CSS, body, tag });
}
