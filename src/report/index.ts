/** The acceptance report (JSON, HTML, JUnit) and the parity diff. */
export { caseResultSchema, checkResultSchema, evidenceSchema, findingSchema } from './case-result.schema.ts';
export * from './diff/index.ts';
export { formatDelay, formatTime } from './format.ts';
export { escapeHtml } from './html/escape.ts';
export { type ReportHtmlOptions, renderReportHtml } from './html/report-html.ts';
export { renderJunit } from './junit.ts';
export { keepPreviousReport, PREVIOUS_REPORT_DIR, REPORT_ENTRIES } from './keep-previous.ts';
export { parseReport, readReport } from './read-report.ts';
export {
  type AcceptanceReport,
  buildReport,
  hashText,
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
  type ReportMeta,
  type ReportSummary,
  type ReportTarget,
  reportJsonSchema,
  reportSchema,
  summarise,
} from './report.schema.ts';
export {
  loadCaseScreenshots,
  loadScreenshots,
  REPORT_FILES,
  type WriteReportOptions,
  type WrittenReport,
  writeReport,
} from './write-report.ts';
