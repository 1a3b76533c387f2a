import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small forms cutover has never seen, the way vendors build them: every label style, a
 * confirmation step in-page and on its own page, success by redirect, by text and by pushState.
 */
const page = (body: string, script = '') =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>資料請求</title></head><body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`;

/** Labels by for, by wrapping, by aria-labelledby, placeholder only; a visible 必須 badge; radios in a fieldset; a select. */
const FIELDS = `
<div class="row"><label for="f-co">貴社名</label><span class="must">必須</span><input id="f-co" name="co" type="text"></div>
<div class="row"><label>ご担当者名 <input name="person" type="text" required></label></div>
<div class="row"><span id="l-mail">メールアドレス</span><em>※必須</em><input name="mail" type="email" aria-labelledby="l-mail"></div>
<div class="row"><input name="tel" type="tel" placeholder="電話番号"></div>
<fieldset><legend>ご希望の資料</legend>
<label><input type="radio" name="doc" value="a">製品カタログ</label>
<label><input type="radio" name="doc" value="b">導入事例集</label></fieldset>
<div class="row"><label for="f-size">従業員数</label><select id="f-size" name="size"><option value="">選択してください</option><option value="s">1〜49名</option><option value="l">50名以上</option></select></div>
<div class="row"><label for="f-body">ご質問</label><textarea id="f-body" name="body"></textarea></div>
<div class="row"><label><input type="checkbox" name="agree" aria-required="true">プライバシーポリシーに同意する</label></div>`;

/** Marks empty required fields invalid the way the renewal build does (aria-invalid), without any server. */
const VALIDATE = `
const form = document.querySelector('form');
const missing = () => {
  const bad = [];
  for (const [sel, ok] of [['#f-co', (e) => e.value.trim()], ['[name=person]', (e) => e.value.trim()],
    ['[name=mail]', (e) => /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(e.value)], ['[name=agree]', (e) => e.checked]]) {
    const el = document.querySelector(sel);
    if (ok(el)) el.removeAttribute('aria-invalid'); else { el.setAttribute('aria-invalid', 'true'); bad.push(el); }
  }
  return bad.length > 0;
};`;

export const UNSEEN_PAGES = {
  /** Confirmation in-page (the form hides, a summary with 送信する shows), success by text in place. */
  inPage: page(
    `<h1>資料請求</h1><form id="form" novalidate>${FIELDS}<button type="button" id="to-confirm">確認画面へ</button></form>
<section id="confirm" hidden><h2>入力内容のご確認</h2><button type="button" id="back">修正する</button><button type="button" id="send">この内容で送信</button></section>
<section id="done" hidden><h2>資料請求を受け付けました</h2></section>`,
    `${VALIDATE}
document.getElementById('to-confirm').onclick = () => { if (missing()) return; form.hidden = true; document.getElementById('confirm').hidden = false; };
document.getElementById('back').onclick = () => { form.hidden = false; document.getElementById('confirm').hidden = true; };
document.getElementById('send').onclick = () => fetch('/api/send', { method: 'POST', body: new FormData(form) }).then(() => {
  document.getElementById('confirm').hidden = true; document.getElementById('done').hidden = false; });`,
  ),
  /** No confirmation, success by pushState: the thank-you view is rendered in place under a new URL. */
  pushState: page(
    `<h1>資料請求</h1><form id="form" novalidate>${FIELDS}<button type="submit">送信する</button></form><div id="done"></div>`,
    `${VALIDATE}
form.onsubmit = (e) => { e.preventDefault(); if (missing()) return;
  fetch('/api/send', { method: 'POST', body: new FormData(form) }).then(() => {
    history.pushState({}, '', '/spa/thanks'); form.remove(); document.getElementById('done').innerHTML = '<h2>お申し込みありがとうございます</h2>'; }); };`,
  ),
  /** Confirmation on its own page (GET), then a POST answered by a redirect to the thank-you page. */
  separate: page(
    `<h1>資料請求</h1><form action="/separate/confirm" method="get">${FIELDS}<input type="submit" value="入力内容を確認する"></form>`,
  ),
  separateConfirm: page(
    `<h1>確認</h1><form action="/separate/send" method="post"><input type="hidden" name="x" value="1"><a href="/separate/">戻る</a><button type="submit">送信</button></form>`,
  ),
  /** Refuses a phone number with hyphens, in place: an alert and aria-invalid, no thank-you. */
  strict: page(
    `<h1>資料請求</h1><form id="form" novalidate>${FIELDS}<button type="submit">送信</button></form><div id="msg"></div>`,
    `const form = document.getElementById('form');
form.onsubmit = (e) => { e.preventDefault(); const tel = document.querySelector('[name=tel]');
  if (/-/.test(tel.value)) { tel.setAttribute('aria-invalid', 'true'); document.getElementById('msg').innerHTML = '<p role="alert">入力内容に誤りがあります</p>'; } };`,
  ),
  separateThanks: page('<h1>送信完了</h1><p>資料のダウンロードURLをメールでお送りしました。</p>'),
  /**
   * The お問い合わせ form of issue #24: お名前 in two boxes, お名前（姓） and お名前（名） (the vendor
   * named them `name` and `name2`), their フリガナ in two more, and no consent box. Like many such
   * forms it refuses a space in a name box (姓と名は分けて) and a フリガナ that is not katakana;
   * success by pushState.
   */
  nameSplit: page(
    `<h1>お問い合わせ</h1><form id="form" novalidate>
<div class="row"><label for="f-co">会社名</label><input id="f-co" name="company" type="text"></div>
<div class="row"><label for="f-sei">お名前（姓）</label><span class="must">必須</span><input id="f-sei" name="name" type="text" required></div>
<div class="row"><label for="f-mei">お名前（名）</label><span class="must">必須</span><input id="f-mei" name="name2" type="text" required></div>
<div class="row"><label for="f-ksei">フリガナ（セイ）</label><input id="f-ksei" name="kana" type="text"></div>
<div class="row"><label for="f-kmei">フリガナ（メイ）</label><input id="f-kmei" name="kana2" type="text"></div>
<div class="row"><label for="f-zip">郵便番号</label><input id="f-zip" name="zip" type="text"></div>
<div class="row"><label for="f-tel">電話番号</label><input id="f-tel" name="tel" type="tel"></div>
<div class="row"><label for="f-mail">メールアドレス</label><span class="must">必須</span><input id="f-mail" name="mail" type="email" required></div>
<div class="row"><label for="f-body">お問い合わせ内容</label><textarea id="f-body" name="body"></textarea></div>
<button type="submit">送信する</button></form><div id="done"></div>`,
    `const form = document.getElementById('form');
const rules = [['#f-sei', (v) => /^[^\\s　]+$/.test(v)], ['#f-mei', (v) => /^[^\\s　]+$/.test(v)],
  ['#f-ksei', (v) => /^[ァ-ヶー]*$/.test(v)], ['#f-kmei', (v) => /^[ァ-ヶー]*$/.test(v)],
  ['#f-mail', (v) => /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(v)]];
form.onsubmit = (e) => { e.preventDefault(); let bad = false;
  for (const [sel, ok] of rules) { const el = document.querySelector(sel);
    if (ok(el.value.trim())) el.removeAttribute('aria-invalid'); else { el.setAttribute('aria-invalid', 'true'); bad = true; } }
  if (bad) return;
  fetch('/api/send', { method: 'POST', body: new FormData(form) }).then(() => {
    history.pushState({}, '', '/name-split/thanks'); form.remove(); document.getElementById('done').innerHTML = '<h2>お問い合わせありがとうございました</h2>'; }); };`,
  ),
};

export interface UnseenSite {
  origin: string;
  /** Requests as `METHOD path`, in order. */
  seen: string[];
  close(): Promise<void>;
}

export async function serveUnseenForms(): Promise<UnseenSite> {
  const routes: Record<string, string> = {
    '/in-page/': UNSEEN_PAGES.inPage,
    '/spa/': UNSEEN_PAGES.pushState,
    '/separate/': UNSEEN_PAGES.separate,
    '/separate/confirm': UNSEEN_PAGES.separateConfirm,
    '/separate/thanks': UNSEEN_PAGES.separateThanks,
    '/strict/': UNSEEN_PAGES.strict,
    '/name-split/': UNSEEN_PAGES.nameSplit,
    '/embedded/': page(
      '<h1>お問い合わせ</h1><iframe src="/embedded/form.html" title="お問い合わせフォーム"></iframe>',
    ),
    '/embedded/form.html': UNSEEN_PAGES.pushState,
  };
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://unseen.test');
    seen.push(`${req.method} ${url.pathname}`);
    req.resume();
    if (req.method === 'POST' && url.pathname === '/separate/send') {
      res.writeHead(303, { location: '/separate/thanks' });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/send') {
      res.writeHead(204);
      res.end();
      return;
    }
    const html = routes[url.pathname];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
