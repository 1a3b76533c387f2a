import type { Messages } from './messages.en.ts';

/**
 * 日本語のカタログ。検収の現場で QA リードが書く言葉で（逐語訳ではなく）。型は messages.en.ts と
 * 同じ {@link Messages}: キーの欠けや余りは型検査で落ちる。データ（項目名・値・ID・件名）は訳さない。
 */

const CHECK_NOUN = { submit: 'フォーム', notification: '通知メール', crm: 'CRM', analytics: '計測' } as const;

export const ja: Messages = {
  lang: 'ja',
  listSeparator: '、',
  verdict: {
    passed: '✓ 合格',
    failed: '✗ 不合格',
    error: '! 確認不能',
    skipped: '– 対象外',
  },
  verdictWord: {
    passed: '合格',
    failed: '不合格',
    error: '確認不能',
    skipped: '対象外',
  },
  check: {
    submit: '送信',
    notification: '通知メール',
    crm: 'CRM',
    analytics: '計測',
  },
  checkName: {
    submit: '送信',
    notification: '通知メール',
    crm: 'CRM',
    analytics: '計測',
  },
  checkWithChannel: (check, channel) => `${check}（${channel}）`,
  caveat: {
    unseen: '不合格になり得ない',
    unchecked: '未確認の項目あり',
  },
  caveatSentence: (label, why, fix) => `${label}: ${why}。対処: ${fix}。`,
  delay: {
    withSla: (shown, sla) => `${shown}（期限 ${sla}）`,
    slaOnly: (sla) => `期限 ${sla}`,
    overSla: '期限超過',
  },

  report: {
    title: '検収報告書',
    caseRuns: (cases, targets) => `${targets} で ${cases} 件のケースを実施`,
    run: '実施 ID',
    started: '開始',
    ended: '終了',
    config: '設定ファイル',
    shards: '分割数',
    target: '対象環境',
    url: 'URL',
    production: '本番',
    yes: 'はい',
    no: 'いいえ',
    fingerprint: 'report.json の SHA-256:',
    fingerprintHint: '発注者と受注者はこの値で本報告書を特定します。確認方法:',
    summary: '集計',
    caseRunsHead: 'ケース数',
    checkHead: '確認項目',
    criteria: '受入基準',
    criterion: '受入基準',
    caseHead: 'ケース合否',
    notRun: '未実施',
    evidenceSummary: (id, target) => `証跡・判定理由・後片付け — ${id}（${target}）`,
    findingsMore: (n) => `ほか ${n} 件の指摘`,
    signOff: '検収欄',
    acceptedBy: '検収者（発注者）',
    deliveredBy: '提出者（受注者）',
    signOffName: '氏名',
    signOffSignature: '署名・印',
    signOffDate: '日付',
    footer: (sha256, version) => `report.json（SHA-256 ${sha256}）から cutover ${version} で作成。`,
    pdfHashNote:
      'この値は本書の元になった report.json ファイルのハッシュです。sha256sum report.json で同じ値が得られます。',
  },

  evidence: {
    marker: 'マーカー',
    syntheticEmail: 'テスト用メールアドレス',
    started: '開始',
    submitted: '送信時刻（t0）',
    ended: '終了',
    scenarioFile: 'シナリオファイル',
    tags: 'タグ',
    via: (probe) => `取得元: ${probe}`,
    delay: '遅延:',
    outcome: '送信結果',
    page: 'ページ',
    pageToOutcome: 'ページ表示 → 結果表示',
    submissions: (n) => `${n} 回送信`,
    fieldErrors: '入力エラー',
    field: '項目',
    message: 'メッセージ',
    outcomePage: '結果画面',
    screenshotAlt: (path) => `結果画面のスクリーンショット（${path}）`,
    screenshotMissing: (path) => `スクリーンショット ${path} が報告書の隣に見つかりません。`,
    noMessage: 'このケースに該当するメールはありません。',
    messageHead: (index, subject) =>
      index === undefined ? `メール: ${subject}` : `メール ${index}: ${subject}`,
    to: '宛先',
    from: '差出人',
    received: '受信',
    messageId: 'メッセージ ID',
    bodyField: '本文の項目',
    value: '値',
    excerpt: '本文の抜粋',
    htmlBody: (truncated) => `HTML 本文${truncated ? '（100,000 文字で打ち切り）' : ''}`,
    htmlFrameTitle: '受信したメールの HTML 本文',
    noRecord: 'このケースに該当する CRM レコードはありません。',
    recordHead: (index) => (index === undefined ? 'レコード' : `レコード ${index}`),
    created: '作成',
    updated: '更新',
    noValue: '（値なし）',
    noEvent: '計測イベントは送信されていません。',
    event: 'イベント',
    source: '取得元',
    sent: '送信',
    params: 'パラメータ',
    utm: 'UTM',
    cleanupNothing: '後片付け: このケースが作成したもので削除が必要なものはありません。',
    cleanup: '後片付け',
    system: 'システム',
    probe: 'プローブ',
    id: 'ID',
    result: '結果',
    reason: '理由',
    cleanupResult: { deleted: '削除済み', left: '残存', refused: '削除拒否', failed: '削除失敗' },
    outcomeWord: { accepted: '受付', rejected: '入力エラー', error: 'サイトエラー', timeout: 'タイムアウト' },
    asReported: '原文:',
  },

  grounds: {
    accepted: (p) =>
      `受付完了: 完了条件を満たした${p.afterMs ? `（クリックから ${p.afterMs}）` : ''}${p.submissions > 1 ? `（${p.submissions} 回送信）` : ''}`,
    rejectedAsExpected: (errors) => `想定どおり入力エラー: ${errors}`,
    fieldError: (field, message) => (message ? `${field}（${message}）` : field),
    arrived: (p) =>
      `メール${p.count > 1 ? ` ${p.count} 通` : ''}を ${p.delay} で受信（期限 ${p.sla}）: 「${p.subject}」`,
    recorded: (p) =>
      `${p.count} 件（${p.id}${p.count > 1 ? ' ほか' : ''}）${p.updatedBy ? `、${p.updatedBy} 回目の送信で更新` : `、${p.delay} で作成`}（期限 ${p.sla}）、項目の値は想定どおり`,
    events: (p) => `${p.events}${p.after ? `（${p.after} 後）` : `（${p.within} 以内）`}、想定どおり`,
    eventSeen: (name, source, count) => `${name}（${source}）${count} 回`,
    eventNone: (name, source) => `${name}（${source}）送信なし`,
    absent: (what, within) =>
      `${within} 以内に${{ submit: '結果表示', notification: '通知メール', crm: 'CRM レコード', analytics: 'イベント' }[what]}なし（想定どおり）`,
    notExpected: (check) => `シナリオは${CHECK_NOUN[check]}について何も求めていません`,
    noProbe: (check, channel) =>
      channel
        ? `対象環境に通知プローブ「${channel}」がありません`
        : `対象環境に${CHECK_NOUN[check]}のプローブがありません`,
    notReached: (why) =>
      ({
        rejected: '未確認: フォームが入力を受け付けませんでした',
        incomplete: '未確認: 送信が完了しませんでした',
        notSubmitted: '未確認: フォームを送信できませんでした',
        notRun: '未確認: ケースを実施できませんでした',
      })[why],
  },

  finding: {
    prefix: { submit: '', notification: '通知メール ', crm: 'CRM ', analytics: '計測 ' },
    andMore: (n, names) => `、ほか ${n} 件: ${names}`,
    item: (n) => `${n} 件目 `,
    fieldErrorMissing: (field) => `${field}: エラー表示があるべきところ、表示なし`,
    fieldErrorUnexpected: (field) => `${field}: 想定外のエラー表示`,
    arrived: {
      submit: '完了画面の表示',
      notification: '通知メールの受信',
      crm: 'CRM レコードの作成',
      analytics: 'イベントの送信',
    },
    lateExact: (arrived, after, sla) => `${arrived}まで ${after}（期限 ${sla}）`,
    between: (lower, upper, resolution, source, note) =>
      `${lower}〜${upper}（精度 ${resolution}、${source}${note}）`,
    lateSure: (arrived, measured, sla) => `${arrived}まで ${measured}: 期限 ${sla} を超過`,
    lateMaybe: (arrived, measured, sla, coarse) =>
      `${arrived}まで ${measured}: 期限 ${sla} がこの幅の中にあるため、間に合った可能性はあるが安全側で遅延と判定${coarse}`,
    tooCoarse: (source, resolution, sla) =>
      `（${source} の時刻精度 ${resolution} では期限 ${sla} を判定できません）`,
    contradicted: (source) =>
      `。${source} の時刻が cutover 自身の観測と矛盾するため（時計の精度不足・ずれ、または後から一覧に出た）、幅は cutover の観測値`,
    notUpdated: (actual) => `最後の送信で更新されたレコードがありません: ${actual ?? '該当なし'}`,
    part: { to: '宛先', from: '差出人', subject: '件名', body: '本文' },
    value: (name, phrase) => `${name}: ${phrase}`,
    eventLabel: (name, source) => `${name}（${source}）`,
    eventNone: (label, within) => `${label}: ${within} 以内に送信なし`,
    eventForbidden: (label, fired) => `${label}: 送信されてはならないのに ${fired} 回送信`,
    eventCount: (label, fired, expected) => `${label}: ${fired} 回送信（想定はちょうど ${expected} 回）`,
    other: (path, kind, expected, actual) =>
      `${path}: ${kind}${expected !== undefined ? `（想定 ${expected}` : ''}${actual !== undefined ? `${expected !== undefined ? '、' : '（'}実際 ${actual}` : ''}${expected !== undefined || actual !== undefined ? '）' : ''}`,
    siteError: (status, step) =>
      `${{ open: 'フォーム表示', confirm: '確認画面', submit: '送信' }[step] ?? step}の段階でサイトが HTTP ${status} を返しました`,
    noOutcome: (within) => `${within} 以内に結果が表示されませんでした（完了条件も入力エラーも出ず）`,
    acceptedWrongly: 'エラーになるべき入力をフォームが受け付けました',
    rejectedWrongly: (errors) => `フォームが入力を受け付けませんでした${errors ? `: ${errors}` : ''}`,
    outcomeDiffers: (expected, actual) => `送信結果: 想定 ${expected}、実際 ${actual}`,
    wrongErrors: (got, want) => `入力エラーの項目が違います: 表示 ${got || 'なし'}、想定 ${want}`,
    mailUnexpected: (subject, to) => `届かないはずの通知メールが届きました: 「${subject}」宛先 ${to}`,
    mailsUnexpected: (count) => `届かないはずの通知メールが ${count} 通届きました`,
    mailMissing: (within) => `${within} 以内に通知メールが届きませんでした`,
    mailCount: (actual, expected) => `通知メールが ${actual} 通届きました（想定はちょうど ${expected} 通）`,
    recordUnexpected: (id) => `作成されないはずの CRM レコードが作成されました${id ? `（ID ${id}）` : ''}`,
    recordMissing: (email, within) =>
      `${within} 以内に ${email ?? 'テスト用メールアドレス'} の CRM レコードがありません`,
    recordCount: (actual, email, expected) =>
      `${email ?? 'テスト用メールアドレス'} の CRM レコードが ${actual} 件（想定 ${expected} 件）`,
    charsetPart: { subject: '件名', body: '本文', html: 'HTML 本文' },
    byteAt: (hex, offset) => `${offset} バイト目${hex ? `（${hex}）` : ''}`,
    byte: (hex) => `バイト ${hex}`,
    bytesAre: (charset) => `実際の文字コードは ${charset}`,
    mojibakeUnknown: (declared, part, more) =>
      `文字化け: ${part}の文字コードを ${declared ?? '不明なもの'} と宣言していますが、メールソフトが対応する必要のない文字コードです（WHATWG Encoding Standard 外）${more}`,
    mojibakeMislabelledUndeclared: (part, actual) =>
      `文字化け: ${part}の文字コードの宣言がなく、実際は ${actual ?? '別の文字コード'}です`,
    mojibakeMislabelled: (declared, part, actual) =>
      `文字化け: ${declared} と宣言していますが${part}は ${actual ?? '別の文字コード'}で、${declared} として読めるのは偶然です`,
    mojibakeUndeclared: (part, expectedCharset, more) =>
      `文字化け: ${part}の文字コードの宣言がなく、バイト列が ${expectedCharset} ではありません${more}`,
    mojibakeInvalid: (declared, part, more) =>
      `文字化け: ${declared} と宣言していますが${part}が ${declared} として不正です${more}`,
    match: {
      contains: (expected, got) => `${expected} を含むはず、${got}`,
      matches: (pattern, got) => `/${pattern}/ に一致するはず、${got}`,
      present: (got) => `値があるはず、${got}`,
      absent: (got) => `値がないはず、${got}`,
      equals: (expected, got) => `想定 ${expected}、${got}`,
      got: (value) => `実際 ${value}`,
      gotNothing: '実際は値なし',
    },
  },

  diff: {
    title: (baseline, candidate) => `差分比較: ${baseline} → ${candidate}`,
    pageTitle: (baseline, candidate) => `差分比較 ${baseline} → ${candidate} — cutover`,
    textTitle: 'cutover 差分比較',
    regressions: (n) => `デグレード ${n} 件`,
    changes: (n) => `変更 ${n} 件`,
    noRegression: '✓ デグレードなし',
    compared: (n) => `${n} シナリオを比較`,
    baseline: '比較元',
    candidate: '比較先',
    baselineShort: '比較元',
    candidateShort: '比較先',
    target: '対象環境',
    url: 'URL',
    run: '実施 ID',
    started: '開始',
    report: '報告書',
    scenarios: 'シナリオ',
    criterion: '受入基準',
    regressionsHead: 'デグレード',
    changesHead: '変更',
    differences: '差分',
    notRun: '未実施',
    notRunOn: (id, target) => `${id}: ${target} では未実施`,
    noDifferences: (candidate, baseline) =>
      `差分なし: 比較したすべてのシナリオで ${candidate} は ${baseline} と同じ動作です。`,
    kind: '種別',
    check: '確認項目',
    aspect: '観点',
    why: '理由',
    kindWord: { regression: '✗ デグレード', change: '~ 変更' },
    kindShort: { regression: 'デグレード', change: '変更' },
    none: '—（なし）',
    footer:
      'cutover 差分比較 · 実施ごとに変わる値は {marker}, {email}, {id}, {timestamp}, {origin} に置き換えて比較しています。',
    worse: (n, candidate, baseline) => `デグレード ${n} 件: ${candidate} は ${baseline} より悪化しています。`,
    toReview: (n) => `デグレードなし。確認が必要な変更 ${n} 件。`,
    because: {
      noneOn: (side) => `${side} ではなし`,
      newOn: (side) => `${side} で新たに発生`,
      moreOn: (side) => `${side} で増加`,
      fewerOn: (side) => `${side} で減少`,
      missingOn: (side) => `${side} で欠落`,
      differsOn: (side) => `${side} で値が異なる`,
      perPage: 'ページごとに送信されるイベントで、ページ数が異なる',
      stillPassed: '（確認項目は合格のまま）',
      failedElsewhere: (verdict) => `（確認項目は別の点で${verdict}）`,
      failedOnIt: (what, verdict, finding) => `${what}。この点で${verdict}: ${finding}`,
      verdictMoved: (bv, baseline, cv, candidate) => `${baseline} で${bv}、${candidate} で${cv}`,
      movedBecause: (moved, why) => `${moved}: ${why}`,
      caseOnlyBaseline: (baseline, verdict, candidate) =>
        `${baseline} では実施（${verdict}）、${candidate} では未実施`,
      caseOnlyCandidate: (baseline, candidate, verdict) =>
        `${baseline} では未実施、${candidate} で新たに実施（${verdict}）`,
    },
  },

  run: {
    running: (shard, cases, ids, targets) =>
      `${targets} で ${cases} 件のケース（${ids}）を実施します${shard ? `（分割 ${shard}）` : ''} …`,
    marker: (marker) => `（マーカー ${marker}）`,
    skippedAll: '対象外',
    reportWritten: (html, sha, junit) =>
      `検収報告書: ${html}（report.json の sha256 ${sha}…）、JUnit: ${junit}`,
    previousKept: (dir) => `前回の報告書は ${dir} に移しました`,
    nothingRan: (dir) => `テストは実行されていません: ${dir} の検収報告書はそのままです。`,
    pdfWritten: (pdf) => `検収用 PDF: ${pdf}`,
    demoWorldUp: (legacy, renewal, clean) =>
      `デモ環境を起動しました: legacy ${legacy}、${clean ? 'renewal（仕込み不具合なし）' : 'renewal（仕込み不具合 D1–D4 あり）'} ${renewal}`,
    demoRunning: 'legacy と renewal で同時にシナリオを実施しています …',
    diffHeading: (baseline, candidate) => `差分比較 ${baseline} → ${candidate}:`,
    summary: '結果',
    targetCounts: (target, cases, passed, failed, error) =>
      `${target} ${cases} 件: 合格 ${passed}、不合格 ${failed}、確認不能 ${error}`,
    plantedCaught: '差分比較で検出した renewal の仕込み不具合:',
    files: 'ファイル:',
    fileReport: (target, extra) => `検収報告書（${target}）${extra ? '（report.json、junit.xml も）' : ''}`,
    filePdf: (target) => `検収報告書の PDF（${target}）`,
    fileDiff: '差分比較（diff.json、diff.txt も）',
    asDocumentedClean: '想定どおり: 不具合を外した renewal にデグレードはありません。',
    asDocumented: '想定どおり: 仕込んだ不具合をすべて検出し、それ以外の検出はありません。',
    timesIn: (zone) => `時刻は ${zone} で表示しています。`,
    traces: (dir) =>
      `不合格・確認不能のケースのトレースとスクリーンショット: npx playwright show-report ${dir}`,
    printedReport: (path) => `検収報告書: ${path}`,
    unreadable: (path) => `${path} を読めません（下記参照）`,
    runLine: (started, duration, version, config, shards) =>
      `実施 ${started}（${duration}）、cutover ${version}、設定 ${config}${shards ? `、分割 ${shards} 件を統合` : ''}`,
    counts: (targets, cases, passed, failed, error, skipped) =>
      `${targets || '対象環境なし'}: ${cases} 件: 合格 ${passed}、不合格 ${failed}、確認不能 ${error}${skipped ? `、対象外 ${skipped}` : ''}`,
    alsoFiles: (json, junit) => `ほかに ${json}（SHA-256 は HTML に記載）、${junit}`,
    parityDiff: (path) => `差分比較: ${path}`,
    playwrightReport: (dir) => `Playwright のレポートとトレース: npx playwright show-report ${dir}`,
  },
};
