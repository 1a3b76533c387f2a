/**
 * UAT on Playwright Test: one project per target of cutover.config.ts. With the shipped config
 * the demo world starts by itself, so `npx playwright test` works out of the box.
 * Choose targets with CUTOVER_TARGETS=legacy,renewal or `cutover uat --target`.
 */
import { defineConfig } from '@playwright/test';
import { uatConfig } from './src/uat/playwright-config.ts';

export default defineConfig(await uatConfig());
