import { type Lang, type Messages, messagesFor } from '../../foundation/i18n/index.ts';
import { aspectPath } from '../../scenario/findings.ts';
import { checkLabelIn } from '../format.ts';
import type { Difference, DiffResult, DiffSide, DiffValue } from './diff-types.ts';
import { displayWidth, padEndWidth, terminalSafe, truncateWidth } from './text-width.ts';

export interface DiffTextOptions {
  /** The language of the words around the data (default en); the reasons are the result's own. */
  lang?: Lang;
  /** ANSI colours (regressions red, changes yellow). Default off: pass `process.stdout.isTTY`. */
  color?: boolean;
  /** Widest a value column may be, in terminal columns (default 32). */
  valueWidth?: number;
}

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  green: '\u001b[32m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

/**
 * The diff as a plain-text table for a terminal: one block per scenario, one aligned row per
 * difference (columns measured in terminal cells, so Japanese lines up), the reason last.
 */
export function renderDiffText(result: DiffResult, options: DiffTextOptions = {}): string {
  const paint = (code: keyof typeof ANSI, text: string) =>
    options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text;
  const m = messagesFor(options.lang ?? 'en');
  const d = m.diff;
  const b = result.baseline;
  const c = result.candidate;
  const roleWidth = Math.max(displayWidth(m.diff.baselineShort), displayWidth(m.diff.candidateShort));
  const targetWidth = Math.max(displayWidth(terminalSafe(b.target)), displayWidth(terminalSafe(c.target)));
  const lines = [
    paint('bold', d.textTitle),
    sideLine(padEndWidth(d.baselineShort, roleWidth), b, targetWidth),
    sideLine(padEndWidth(d.candidateShort, roleWidth), c, targetWidth),
    `  ${d.compared(result.scenarios.compared.length)} · ${paint(result.summary.regressions ? 'red' : 'green', d.regressions(result.summary.regressions))} · ${d.changes(result.summary.changes)}`,
  ];
  for (const id of result.scenarios.onlyInBaseline)
    lines.push(`  ${d.notRunOn(terminalSafe(id), terminalSafe(c.target))}`);
  for (const id of result.scenarios.onlyInCandidate)
    lines.push(`  ${d.notRunOn(terminalSafe(id), terminalSafe(b.target))}`);
  lines.push('');
  if (result.differences.length === 0) {
    lines.push(paint('green', d.noDifferences(terminalSafe(c.target), terminalSafe(b.target))), '');
    return lines.join('\n');
  }

  const width = options.valueWidth ?? 32;
  const header = [d.kind, d.check, d.aspect, b.target, c.target, d.why].map((h) =>
    truncateWidth(terminalSafe(h.toUpperCase()), width),
  );
  const rows = result.differences.map((x) => [
    d.kindShort[x.kind],
    x.check === 'case' ? 'case' : checkLabelIn({ check: x.check, channel: x.channel }, m),
    truncateWidth(terminalSafe(aspectPath(x.check, x.aspect, x.item)), 40),
    truncateWidth(terminalSafe(cell(x.baseline, x, m)), width),
    truncateWidth(terminalSafe(cell(x.candidate, x, m)), width),
    terminalSafe(x.reason),
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  // Padding is measured first and colour added after: escape codes take no columns.
  const line = (cells: string[], color?: (padded: string) => string) =>
    cells
      .map((text, i) => {
        if (i === cells.length - 1) return text;
        const padded = padEndWidth(text, widths[i]!);
        return i === 0 && color ? color(padded) : padded;
      })
      .join('  ')
      .trimEnd();

  let current: string | undefined;
  for (const [i, x] of result.differences.entries()) {
    if (x.scenario !== current) {
      current = x.scenario;
      if (i > 0) lines.push('');
      lines.push(
        `${paint('bold', terminalSafe(x.scenario))} ${terminalSafe(x.title)}${verdicts(result, x, m)}`,
      );
      lines.push(`  ${line(header)}`);
    }
    lines.push(`  ${line(rows[i]!, (k) => paint(x.kind === 'regression' ? 'red' : 'yellow', k))}`);
  }
  const s = result.summary;
  lines.push(
    '',
    s.regressions
      ? paint('red', d.worse(s.regressions, terminalSafe(c.target), terminalSafe(b.target)))
      : paint('green', d.toReview(s.changes)),
    '',
  );
  return lines.join('\n');
}

function sideLine(role: string, side: DiffSide, targetWidth: number): string {
  const file = side.file ? `  (${terminalSafe(side.file)})` : '';
  return `  ${role}  ${padEndWidth(terminalSafe(side.target), targetWidth)}  ${terminalSafe(side.url)}${file}`;
}

function cell(value: DiffValue, x: Difference, m: Messages): string {
  if (value === null) return '—';
  return shownValue(value, x, m);
}

/** A compared value as shown: a verdict (of a check or a whole case) in the document's words, anything else as it is. */
export function shownValue(value: Exclude<DiffValue, null>, x: Difference, m: Messages): string {
  const verdict =
    (x.aspect === 'verdict' || x.aspect === 'case') && typeof value === 'string' && value in m.verdictWord;
  return verdict ? m.verdictWord[value as keyof Messages['verdictWord']] : String(value);
}

function verdicts(result: DiffResult, d: Difference, m: Messages): string {
  const v = result.verdicts.find((x) => x.scenario === d.scenario);
  if (!v) return '';
  const word = (verdict: Difference['kind'] | null | string) =>
    verdict === null ? m.diff.notRun : (m.verdictWord[verdict as keyof Messages['verdictWord']] ?? verdict);
  return `  (${word(v.baseline)} → ${word(v.candidate)})`;
}
