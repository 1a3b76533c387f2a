import { styleText } from 'node:util';
import { formatProblem, type Problem } from '../foundation/index.ts';

/** Where commands write: injectable so tests read what a user would see. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

type Style = Parameters<typeof styleText>[0];

export function paint(output: Output, style: Style, text: string): string {
  return output.color ? styleText(style, text) : text;
}

export function printProblems(output: Output, problems: Problem[]): void {
  const files = new Set(problems.map((p) => p.file)).size;
  output.err(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}:`,
  );
  for (const problem of problems) output.err(`  ${formatProblem(problem)}`);
  output.err('Nothing was submitted.');
}

/**
 * Warnings (an expectation that cannot fail, src/config/vacuous-checks.ts): each marked `warning`,
 * with file, line and key path like a problem. They stop nothing — `validate --strict` makes them errors.
 */
export function printWarnings(output: Output, warnings: Problem[]): void {
  const files = new Set(warnings.map((w) => w.file)).size;
  output.err(
    `${warnings.length} warning${warnings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}:`,
  );
  for (const warning of warnings)
    output.err(`  ${paint(output, 'yellow', 'warning')}: ${formatProblem(warning)}`);
}
