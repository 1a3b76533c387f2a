/**
 * The foundation every layer stands on: problems reported with file and path, durations, YAML and
 * input files read safely, secrets, templates, linear-time regular expressions, cutover's own files.
 * It imports nothing of the harness.
 */
export { isDemoUrl, nameSchema, regexSourceSchema, textOrSecretSchema, urlSchema } from './common.schema.ts';
export { debugEnabled } from './debug.ts';
export {
  boundedDuration,
  DURATION_LIMITS,
  durationSchema,
  formatDuration,
  parseDuration,
  parsePeriod,
} from './duration.ts';
export { markerPattern, mintMarker, syntheticEmail, syntheticEmailMatcher } from './marker.ts';
export { OWN_PACKAGE_DIR, OWN_ROOT, ownFile, ownPackage } from './own-files.ts';
export {
  formatPath,
  formatProblem,
  formatProblems,
  InvalidInputError,
  type Problem,
  parseWith,
} from './problems.ts';
export { env, redact, reveal, Secret, type SecretRef, secretRefSchema } from './secret.ts';
export { renderDeep, renderText, type TemplateValues } from './template.ts';
