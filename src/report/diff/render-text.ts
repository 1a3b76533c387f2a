import { checkLabel } from '../../scenario/case-result.ts';
import { aspectPath } from '../../scenario/findings.ts';
import type { Difference, DiffResult, DiffSide, DiffValue } from './diff-types.ts';
import { displayWidth, padEndWidth, terminalSafe, truncateWidth } from './text-width.ts';

export interface DiffTextOptions {
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
  const b = result.baseline;
  const c = result.candidate;
  const targetWidth = Math.max(displayWidth(terminalSafe(b.target)), displayWidth(terminalSafe(c.target)));
  const lines = [
    paint('bold', 'cutover parity diff'),
    sideLine('baseline ', b, targetWidth),
    sideLine('candidate', c, targetWidth),
    `  ${result.scenarios.compared.length} scenario(s) compared · ${paint(result.summary.regressions ? 'red' : 'green', `${result.summary.regressions} regression(s)`)} · ${result.summary.changes} change(s)`,
  ];
  for (const id of result.scenarios.onlyInBaseline)
    lines.push(`  ${terminalSafe(id)}: not run on ${terminalSafe(c.target)}`);
  for (const id of result.scenarios.onlyInCandidate)
    lines.push(`  ${terminalSafe(id)}: not run on ${terminalSafe(b.target)}`);
  lines.push('');
  if (result.differences.length === 0) {
    lines.push(
      paint(
        'green',
        `No differences: ${terminalSafe(c.target)} behaves like ${terminalSafe(b.target)} on every scenario compared.`,
      ),
      '',
    );
    return lines.join('\n');
  }

  const width = options.valueWidth ?? 32;
  const header = ['KIND', 'CHECK', 'ASPECT', b.target.toUpperCase(), c.target.toUpperCase(), 'WHY'].map((h) =>
    truncateWidth(terminalSafe(h), width),
  );
  const rows = result.differences.map((d) => [
    d.kind,
    checkLabel(d),
    truncateWidth(terminalSafe(aspectPath(d.check, d.aspect, d.item)), 40),
    truncateWidth(terminalSafe(cell(d.baseline)), width),
    truncateWidth(terminalSafe(cell(d.candidate)), width),
    terminalSafe(d.reason),
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
  for (const [i, d] of result.differences.entries()) {
    if (d.scenario !== current) {
      current = d.scenario;
      if (i > 0) lines.push('');
      lines.push(`${paint('bold', terminalSafe(d.scenario))} ${terminalSafe(d.title)}${verdicts(result, d)}`);
      lines.push(`  ${line(header)}`);
    }
    lines.push(`  ${line(rows[i]!, (k) => paint(d.kind === 'regression' ? 'red' : 'yellow', k))}`);
  }
  const s = result.summary;
  lines.push(
    '',
    s.regressions
      ? paint(
          'red',
          `${s.regressions} regression(s): ${terminalSafe(c.target)} does worse than ${terminalSafe(b.target)}.`,
        )
      : paint('green', `No regression; ${s.changes} change(s) to review.`),
    '',
  );
  return lines.join('\n');
}

function sideLine(role: string, side: DiffSide, targetWidth: number): string {
  const file = side.file ? `  (${terminalSafe(side.file)})` : '';
  return `  ${role}  ${padEndWidth(terminalSafe(side.target), targetWidth)}  ${terminalSafe(side.url)}${file}`;
}

function cell(value: DiffValue): string {
  if (value === null) return '—';
  return String(value);
}

function verdicts(result: DiffResult, d: Difference): string {
  const v = result.verdicts.find((x) => x.scenario === d.scenario);
  if (!v) return '';
  return `  (${v.baseline ?? 'not run'} → ${v.candidate ?? 'not run'})`;
}
