import { usesDemo } from '../config/index.ts';
import { startDemoWorld } from '../demo/index.ts';
import { ENV } from './env.ts';
import { loadUatProject } from './uat-project.ts';

/**
 * Playwright global setup: when the config points at the embedded demo world and nobody has
 * started it (cutover demo does), start it for this run and stop it afterwards.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[ENV.demo]) return undefined;
  const project = await loadUatProject({ resolve: false });
  if (!usesDemo(project.config)) return undefined;
  const world = await startDemoWorld();
  process.env[ENV.demo] = JSON.stringify({ urls: world.urls, crmToken: world.crmToken });
  return async () => {
    await world.stop();
  };
}
