/** The public API of cutover for cutover.config.ts and for programs that embed it. */

export type { CutoverConfigInput, Scenario, TargetProbesInput } from './config/index.ts';
export { defineConfig } from './config/index.ts';
export { env } from './foundation/index.ts';
