import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Browser } from 'playwright';
import { launchChromium } from '../../src/browser/index.ts';
import { type CutoverConfig, loadProject, resolveDemo, type Scenario } from '../../src/config/index.ts';
import {
  AUTO_REPLY_FROM,
  AUTO_REPLY_SUBJECT,
  type DemoWorld,
  type DemoWorldOptions,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { createHttpClient, type HttpClient } from '../../src/http/index.ts';
import type { ProbeDeps } from '../../src/probes/index.ts';
import type { CaseResult, CheckName, CheckResult, Verdict } from '../../src/scenario/case-result.ts';
import { type CaseRequest, type CaseRunner, createCaseRunner } from '../../src/scenario/case-runner.ts';
import {
  closeTargetProbes,
  createTargetProbes,
  type TargetProbes,
} from '../../src/scenario/target-probes.ts';
import { REPO_ROOT } from './repo.ts';

export type BuildName = 'legacy' | 'renewal' | 'embedded';

/** The shipped cutover.config.ts (demo:// URLs unresolved) and the scenario pack, by id. */
export interface Pack {
  config: CutoverConfig;
  scenarios: Map<string, Scenario>;
}

export async function loadPack(): Promise<Pack> {
  const loaded = await loadProject({ cwd: REPO_ROOT });
  if (!loaded.ok) {
    throw new Error(`the shipped project does not load: ${JSON.stringify(loaded.problems, null, 2)}`);
  }
  const { config, scenarios } = loaded.project;
  return {
    config: config.config,
    scenarios: new Map(scenarios.map((s) => [s.value.id, s.value])),
  };
}

export function scenarioOf(pack: Pack, id: string): Scenario {
  const scenario = pack.scenarios.get(id);
  if (!scenario) throw new Error(`no scenario ${id} in scenarios/`);
  return scenario;
}

/**
 * The demo world as the tests of cutover use it: one world, the shipped config resolved against it,
 * one HTTP client, the case runner with each build's probes, a way to send mail to the world's SMTP
 * server, and — unless `browser: false` — one Chromium. Every test that needs the world and more
 * than its URLs starts it here, and `stop()` closes all of it.
 */
export interface DemoRig {
  world: DemoWorld;
  /** Throws with `browser: false`: such a rig reads and sends, it runs no case. */
  readonly browser: Browser;
  config: CutoverConfig;
  /** The HTTP client of the rig's probes (the real one on 127.0.0.1, or the one given). */
  http: HttpClient;
  probes: Record<BuildName, TargetProbes>;
  /** The one case runner, as every caller uses it. */
  runner: CaseRunner;
  artifactsDir: string;
  /** Probes for a build with other deps (e.g. a recording retry sleep); closed by stop(). */
  probesWith(build: BuildName, deps: Partial<ProbeDeps>): TargetProbes;
  /** One case run in a fresh browser context, closed afterwards. */
  run(build: BuildName, scenario: Scenario, options?: RunOptions): Promise<CaseResult>;
  /** A mail through the world's SMTP server, as a site sends its notification (default to the sales inbox). */
  sendMail(mail: { subject: string; text: string; to?: string; from?: string }): Promise<void>;
  stop(): Promise<void>;
}

export type RunOptions = Omit<CaseRequest, 'target' | 'scenario'>;

export interface RigOptions {
  world?: DemoWorldOptions;
  /** false: no Chromium (a test that only reads and writes the world's systems). Default true. */
  browser?: boolean;
  /** Launches the browser; default launchChromium(). */
  launch?: () => Promise<Browser>;
  /** The probes' HTTP client (e.g. one that records requests); default the real one. */
  http?: HttpClient;
  /** Adjusts the resolved config (shorter defaults for a fault test, another success text…). */
  configure?: (config: CutoverConfig, world: DemoWorld) => CutoverConfig;
}

export async function startRig(pack: Pack, options: RigOptions = {}): Promise<DemoRig> {
  const world = await startDemoWorld(options.world);
  const opened: TargetProbes[] = [];
  const http = options.http ?? createHttpClient();
  let browser: Browser | undefined;
  try {
    if (options.browser !== false) browser = await (options.launch ?? launchChromium)();
    const resolved = resolveDemo(pack.config, { urls: world.urls, crmToken: world.crmToken });
    const config = options.configure ? options.configure(resolved, world) : resolved;
    const artifactsDir = await mkdtemp(join(tmpdir(), 'cutover-scenario-test-'));
    const probesWith = (build: BuildName, deps: Partial<ProbeDeps>): TargetProbes => {
      const probes = createTargetProbes(config.targets[build]!, { http, ...deps });
      opened.push(probes);
      return probes;
    };
    const theBrowser = browser;
    const browserOf = (): Browser => {
      if (!theBrowser) throw new Error('this rig was started with browser: false');
      return theBrowser;
    };
    const runner = createCaseRunner({ config, probeDeps: { http }, browser: async () => browserOf() });
    const probes = {
      legacy: runner.probesOf('legacy'),
      renewal: runner.probesOf('renewal'),
      embedded: runner.probesOf('embedded'),
    };
    const mailer = createTransport({
      host: world.smtp.host,
      port: world.smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    return {
      world,
      get browser() {
        return browserOf();
      },
      config,
      http,
      probes,
      runner,
      artifactsDir,
      probesWith,
      run(build, scenario, more = {}) {
        return runner.run({ ...more, target: build, scenario });
      },
      async sendMail({
        subject,
        text,
        to = world.salesInbox,
        from = 'デモ商事 Webサイト <noreply@demo.cutover.test>',
      }) {
        await mailer.sendMail({ from, to, subject, text });
      },
      async stop() {
        mailer.close();
        await runner.close();
        await Promise.all(opened.map((p) => closeTargetProbes(p)));
        await theBrowser?.close();
        await world.stop();
        await http.close();
        await rm(artifactsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await world.stop();
    throw error;
  }
}

export function checkOf(result: CaseResult, name: CheckName): CheckResult {
  const found = result.checks.find((c) => c.check === name);
  if (!found) throw new Error(`the case result has no ${name} check`);
  return found;
}

/** The four verdicts of a case, for one readable assertion. */
/** Each check's verdict by its name; the notification is the main channel's (further channels: `c.channel`). */
export function verdicts(result: CaseResult): Record<CheckName, Verdict> {
  return Object.fromEntries(
    result.checks.filter((c) => c.channel === undefined).map((c) => [c.check, c.verdict]),
  ) as Record<CheckName, Verdict>;
}

/** A copy of a scenario with some of its expectations replaced (scenarios are plain objects). */
export function withExpect(scenario: Scenario, expect: Partial<Scenario['expect']>): Scenario {
  return { ...scenario, expect: { ...scenario.expect, ...expect } };
}

// What the mail catcher and the CRM hold, read through their own HTTP APIs ----------------------

export interface MailItem {
  ID: string;
  Subject: string;
  Read: boolean;
  To: string[];
  Created: string;
}

/**
 * Every message in the catcher but the site's 自動返信 (auto-replies), oldest first. The site
 * mails each visitor an auto-reply through the same catcher; it is addressed to the (synthetic)
 * visitor, outside the inbox cutover's Mailpit probe reads and cleans, so it is left out here.
 * Everything else stays in, mail to look-alike inboxes included.
 */
export async function mailbox(world: DemoWorld): Promise<MailItem[]> {
  const response = await fetch(`${world.urls.mailpit}/api/v1/messages?start=0&limit=1000`);
  if (!response.ok) throw new Error(`Mailpit list answered ${response.status}`);
  const body = (await response.json()) as {
    messages: Array<{
      ID: string;
      Subject: string;
      Read: boolean;
      From: { Address: string } | null;
      To: { Address: string }[];
      Created: string;
    }>;
  };
  return body.messages
    .filter((m) => !(m.Subject === AUTO_REPLY_SUBJECT && m.From?.Address === AUTO_REPLY_FROM.address))
    .map((m) => ({
      ID: m.ID,
      Subject: m.Subject,
      Read: m.Read,
      To: m.To.map((t) => t.Address),
      Created: m.Created,
    }))
    .reverse();
}

export interface ContactItem {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string;
  archived: boolean;
}

const CONTACT_PROPERTIES = ['email', 'company', 'phone', 'message', 'utm_campaign', 'lifecyclestage'];

/** Every live contact in the CRM, with the properties a case could touch. */
export async function contacts(world: DemoWorld): Promise<ContactItem[]> {
  const out: ContactItem[] = [];
  let after: string | undefined;
  for (;;) {
    const url = new URL(`${world.urls.crm}/crm/v3/objects/contacts`);
    url.searchParams.set('limit', '100');
    url.searchParams.set('properties', CONTACT_PROPERTIES.join(','));
    if (after) url.searchParams.set('after', after);
    const response = await fetch(url, { headers: { authorization: `Bearer ${world.crmToken}` } });
    if (!response.ok) throw new Error(`CRM list answered ${response.status}`);
    const body = (await response.json()) as {
      results: Array<ContactItem & { properties: Record<string, string | null> }>;
      paging?: { next?: { after: string } };
    };
    for (const c of body.results) {
      const properties = Object.fromEntries(CONTACT_PROPERTIES.map((p) => [p, c.properties[p] ?? null]));
      out.push({ id: c.id, properties, updatedAt: c.updatedAt, archived: c.archived });
    }
    after = body.paging?.next?.after;
    if (!after) return out;
  }
}

/** Creates a contact through the CRM API, as another system would. */
export async function createContact(world: DemoWorld, properties: Record<string, string>): Promise<string> {
  const response = await fetch(`${world.urls.crm}/crm/v3/objects/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.crmToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties }),
  });
  if (response.status !== 201)
    throw new Error(`CRM create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * The shipped cutover.config.ts with every demo:// URL replaced by this world's origins and the
 * CRM token read from `tokenEnv` (give it `world.crmToken`): a project on a demo world that runs
 * in the test's process, whose faults the test switches. Write it inside the repository, so that
 * its `import … from 'cutover'` resolves.
 */
export async function configAgainst(w: DemoWorld, tokenEnv: string): Promise<string> {
  const shipped = await readFile(join(REPO_ROOT, 'cutover.config.ts'), 'utf8');
  const urls: Record<string, string> = w.urls;
  let text = shipped.replace(/'demo:\/\/([a-z]+)'/g, (whole, part: string) => {
    const origin = urls[part];
    if (!origin) throw new Error(`cutover.config.ts names ${whole}, which the demo world does not have`);
    return `'${origin}'`;
  });
  // Right after the hubspot probe's URL, whatever options follow it.
  const withToken = text.replace(/(use:\s*'hubspot',\s*url:\s*'[^']+')/, `$1, token: env('${tokenEnv}')`);
  if (withToken === text)
    throw new Error("cutover.config.ts: no `{ use: 'hubspot', url: … }` probe to add a token to");
  text = withToken.replace(/import \{ defineConfig\b/, 'import { defineConfig, env');
  if (!text.includes('defineConfig, env'))
    throw new Error('cutover.config.ts: no `import { defineConfig … }`');
  if (text.includes("'demo://")) throw new Error('a demo:// URL is left in the rewritten config');
  return text;
}
