import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import { draftFromUrl } from '../../../src/init/draft-from-url.ts';
import { readReport } from '../../../src/report/index.ts';
import { type DraftedDir, writeDrafted } from '../../init/drafted-project-dir.ts';
import { NO_PROBES } from '../../init/probe-draft.ts';
import { runCutover } from '../../support/cli.ts';

/**
 * The user's path: a pack drafted from the legacy form (with one probe submission, which learns
 * the redirect to the thank-you page) in a project of its own, then `cutover validate` and
 * `cutover uat` run from that project's root — the first acceptance report passes.
 */

const cutover = runCutover;

let world: DemoWorld;
let project: DraftedDir;
let log: string[];
beforeAll(async () => {
  world = await startDemoWorld();
  log = [];
  const drafted = await draftFromUrl(`${world.urls.legacy}/contact/`, {
    probes: NO_PROBES,
    probeSubmit: true,
    log: (l) => log.push(l),
  });
  project = await writeDrafted(drafted);
}, 120_000);
afterAll(async () => {
  await project?.remove();
  await world?.stop();
});

it('the drafted pack validates and its first acceptance report passes, written under the project', async () => {
  expect(log.join('\n')).toMatch(
    /success: URL \/contact\/thanks\\\.html, text "お問い合わせありがとうございました"/,
  );
  const validate = await cutover(['validate', '--monitors', 'none'], project.dir);
  expect(validate.stdout).toMatch(/^✓ cutover\.config\.ts: 1 target, 5 scenarios, 0 monitors — valid/);
  expect(validate.code).toBe(0);

  const uat = await cutover(['uat', '--target', 'staging', '--report-dir', 'reports/uat'], project.dir);
  expect(uat.code, `${uat.stdout}\n${uat.stderr}`).toBe(0);
  const report = await readReport(join(project.dir, 'reports', 'uat', 'report.json'));
  expect(report.cases.map((c) => `${c.scenario.id} ${c.verdict}`)).toEqual(
    ['AC-01', 'AC-02', 'AC-03', 'AC-04', 'AC-05'].map((id) => `${id} passed`),
  );
}, 180_000);
