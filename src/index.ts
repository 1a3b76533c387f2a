/**
 * The public API of cutover for cutover.config.ts and for programs that embed it. A user's config
 * imports this on every load: it stays light (an identity function and `env`), never the probes.
 */

export { defineConfig } from './config/define-config.ts';
export type { CutoverConfigInput, Scenario, TargetProbesInput } from './config/index.ts';
export { env } from './foundation/secret.ts';
