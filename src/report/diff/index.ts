export { diffExitCode, diffReports } from './diff-reports.ts';
export {
  type DiffCheck,
  type DiffCounts,
  type Difference,
  type DiffKind,
  type DiffOptions,
  type DiffResult,
  type DiffSide,
  DiffUsageError,
  type DiffValue,
  PER_PAGE_EVENTS,
} from './diff-types.ts';
export { caseNormaliser, type Normaliser, PLACEHOLDER } from './normalise.ts';
export { renderDiffHtml } from './render-html.ts';
export { renderDiffJson } from './render-json.ts';
export { type DiffTextOptions, renderDiffText } from './render-text.ts';
export { displayWidth, padEndWidth, truncateWidth } from './text-width.ts';
