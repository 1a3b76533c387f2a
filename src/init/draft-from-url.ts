import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright';
import { launchChromium } from '../browser/index.ts';
import { renderText } from '../foundation/index.ts';
import { mintMarker, syntheticEmail } from '../foundation/marker.ts';
import { DEFAULT_CONTEXT_OPTIONS } from '../scenario/case-runner.ts';
import type { FormScope } from '../scenario/form-frame.ts';
import type { DraftedProject } from './drafted-project.ts';
import { checkLocators, formConfigOf } from './form/check-locators.ts';
import { type FormFacts, readFormFacts } from './form/dom-facts.ts';
import { type DraftNames, draftConfig, type LearnedFinish, type ProbeDraft } from './form/draft-config.ts';
import {
  draftScenarios,
  happyInput,
  markerFieldOf,
  type PackSize,
  sampleFixture,
} from './form/draft-scenarios.ts';
import { probeSubmit } from './form/probe-submit.ts';
import { type ReadForm, toReadForm } from './form/read-form.ts';
import type { DraftedProbes } from './probe-lines.ts';

export interface DraftOptions {
  /** Submit the form once with a marked synthetic identity to learn the confirmation step and the success page. */
  probeSubmit: boolean;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Deadline of each page step (default 30 s). */
  timeoutMs?: number;
  /** The starter pack: the small one a person writes first (default), or every case init can draft. */
  pack?: PackSize;
  /** The probes to draft into the target (the registry's catalogue and what was chosen). */
  probes: ProbeDraft;
  /**
   * Told every file the draft will write, once the form is read and before anything is submitted:
   * throwing stops the drafting there (the browser closes, nothing is submitted).
   */
  plan?: (paths: string[]) => void | Promise<void>;
}

/** The one marked submission of `--probe-submit`: what it may have created carries its marker. */
export interface ProbeSubmission {
  marker: string;
  email: string;
  /** Just before the form was filled in: nothing it created is older. */
  startedAt: Date;
  /** The site accepted it (the success page showed); false: refused, or it did not finish. */
  accepted: boolean;
}

export interface DraftFromUrl extends DraftedProject {
  /** The probes drafted into the target. */
  probes: DraftedProbes;
  /** With `--probe-submit`: the submission made, whether or not it went through. */
  submitted?: ProbeSubmission;
}

const MARKER_PREFIX = 'ct';
const EMAIL_PATTERN = 'qa+{marker}@example.com';

/**
 * `cutover init URL`: opens the form in Chromium, reads it the way a person sees it, and drafts
 * cutover.config.ts and a starter pack. Nothing is submitted unless `probeSubmit` is set.
 */
export async function draftFromUrl(url: string, options: DraftOptions): Promise<DraftFromUrl> {
  const pageUrl = parseUrl(url);
  const signal = options.signal ?? new AbortController().signal;
  const timeoutMs = options.timeoutMs ?? 30_000;
  signal.throwIfAborted();
  const browser = await launchChromium({ handleSignals: false });
  const stop = () => void browser.close().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  try {
    const names: DraftNames = { target: 'staging', form: formName(pageUrl) };
    const draft = (read: ReadForm, learned?: LearnedFinish, probeFailure?: string) => {
      const config = draftConfig(read, names, {
        probes: options.probes,
        learned,
        probeFailure,
        markerField: markerFieldOf(read.fields) !== undefined,
      });
      const scenarios = draftScenarios(read, names, { pack: options.pack ?? 'small', probes: config.probes });
      const files = [config, ...scenarios].map(({ path, text }) => ({ path, text }));
      // A file field's drafted input is a sample file: written with the pack.
      if (read.fields.some((f) => f.kind === 'file')) files.push(sampleFixture());
      const todos = [config, ...scenarios].flatMap((f) => f.todos);
      return { files, todos, probes: config.probes };
    };
    const { read, learned, probeFailure, submitted } = await readAndProbe(
      browser,
      pageUrl,
      options,
      signal,
      timeoutMs,
      async (read) => options.plan?.(draft(read).files.map((f) => f.path)),
    );
    return { ...draft(read, learned, probeFailure), ...(submitted ? { submitted } : {}) };
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    await browser.close().catch(() => undefined);
  }
}

async function readAndProbe(
  browser: Browser,
  url: URL,
  options: DraftOptions,
  signal: AbortSignal,
  timeoutMs: number,
  plan: (read: ReadForm) => Promise<void>,
): Promise<{ read: ReadForm; learned?: LearnedFinish; probeFailure?: string; submitted?: ProbeSubmission }> {
  const context = await browser.newContext(DEFAULT_CONTEXT_OPTIONS);
  // Like the ga4 probe's default: a hit from this visit is answered here and never counted by Google.
  await context.route(
    (u) => u.pathname.endsWith('/g/collect') || /(^|\.)google-analytics\.com$/.test(u.hostname),
    (route) => route.fulfill({ status: 204 }),
  );
  const page = await context.newPage();
  const response = await page.goto(url.href, { waitUntil: 'load', timeout: timeoutMs });
  if (response && response.status() >= 400)
    throw new Error(`the form page ${shown(url)} answered HTTP ${response.status()}`);
  // A form a script renders comes after `load`: let the page go quiet, and give a late form a little longer.
  await page.waitForLoadState('networkidle', { timeout: Math.min(5_000, timeoutMs) }).catch(() => undefined);
  await controlsShown(page, Date.now() + Math.min(10_000, timeoutMs));
  const consentButton = await consentButtonOf(page);
  const found = await formOnPageOrFrame(page, options.log);
  if (!found) throw new Error(await noFieldsMessage(page, url));
  const { scope, facts, frame } = found;
  const read = await checkLocators(scope, {
    ...toReadForm(page.url(), facts),
    ...(frame ? { frame } : {}),
    ...(consentButton ? { consentButton } : {}),
  });
  options.log(summary(read));
  await plan(read);
  signal.throwIfAborted();
  if (!options.probeSubmit) {
    options.log(
      'nothing was submitted: the success page and any confirmation screen are guesses (see --probe-submit)',
    );
    return { read };
  }
  const marker = mintMarker(MARKER_PREFIX);
  const email = syntheticEmail(EMAIL_PATTERN, marker);
  options.log(
    `--probe-submit: submitting the form once with the synthetic identity ${email} (marker ${marker}) to learn the confirmation step and the success page`,
  );
  const { form, selectors } = formConfigOf(read.fields);
  const submitted: ProbeSubmission = { marker, email, startedAt: new Date(), accepted: false };
  const sample = await sampleOnDisk(read);
  const input = Object.fromEntries(
    Object.entries(happyInput(read)).map(([k, v]) => [
      k,
      read.fields.find((f) => f.key === k)?.kind === 'file' && sample
        ? sample.path
        : typeof v === 'string'
          ? renderText(v, { marker, email, target: 'staging', input: {} })
          : v,
    ]),
  );
  try {
    // The cookie wall first, as a person would: it covers the form until it is answered.
    if (consentButton)
      await page
        .getByRole('button', { name: consentButton, exact: true })
        .first()
        .click({ timeout: timeoutMs });
    const learned = await probeSubmit(scope, { read, form, selectors, input, timeoutMs, signal });
    options.log(
      `--probe-submit: sent with "${learned.submit}" (confirmation: ${learned.confirmation}); success: ${[learned.success.url && `URL ${learned.success.url}`, learned.success.text && `text "${learned.success.text}"`].filter(Boolean).join(', ') || 'not recognised'}; what it created carries the marker ${marker}`,
    );
    await sample?.remove();
    return { read, learned, submitted: { ...submitted, accepted: true } };
  } catch (error) {
    signal.throwIfAborted();
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    await sample?.remove();
    options.log(
      `--probe-submit did not finish: ${message}; what it may have created carries the marker ${marker}`,
    );
    return { read, probeFailure: message, submitted };
  }
}

/** Waits until a form control is on the page or in one of its frames (an embedded form), or the deadline. */
async function controlsShown(page: Page, deadline: number): Promise<void> {
  const controls = 'input:not([type=hidden]), select, textarea';
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (
        (await frame
          .locator(controls)
          .count()
          .catch(() => 0)) > 0
      )
        return;
    }
    await page.waitForTimeout(200);
  }
}

/** The drafted sample file in a temporary directory, for the one submission of --probe-submit; none without a file field. */
async function sampleOnDisk(read: ReadForm): Promise<{ path: string; remove(): Promise<void> } | undefined> {
  if (!read.fields.some((f) => f.kind === 'file')) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'cutover-init-sample-'));
  const path = join(dir, 'sample.pdf');
  await writeFile(path, sampleFixture().text);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The form's fields: on the page itself, else in the iframe that holds the most of them (an
 * embedded HubSpot, formrun or Marketo form), followed there — cross-origin included.
 */
async function formOnPageOrFrame(
  page: Page,
  log: (line: string) => void,
): Promise<{ scope: FormScope; facts: FormFacts; frame?: { src: string } } | undefined> {
  const facts = await readFormFacts(page);
  if (facts.controls.length > 0) return { scope: page, facts };
  let best: { scope: Frame; facts: FormFacts } | undefined;
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || !/^https?:/.test(frame.url())) continue;
    const inFrame = await readFormFacts(frame).catch(() => undefined);
    if (inFrame && inFrame.controls.length > (best?.facts.controls.length ?? 0))
      best = { scope: frame, facts: inFrame };
  }
  if (!best) return undefined;
  const frameUrl = new URL(best.scope.url());
  // The frame's path is what stays the same between environments (its host and query may not).
  const src = frameUrl.pathname.length > 1 ? frameUrl.pathname : frameUrl.host;
  log(
    `the form is embedded: followed it into the frame ${shown(frameUrl)} (frame: { src: ${JSON.stringify(src)} })`,
  );
  return { ...best, frame: { src } };
}

const CONSENT =
  /^(同意する|同意して.*|すべて(を)?(許可|受け入れ|同意)|全て(を)?(許可|受け入れ|同意)|許可する|承諾する|OK|accept( all)?( cookies)?|allow( all)?( cookies)?|agree|i agree)$/i;

/** The accept button of a cookie banner or consent dialog on the top page, when it shows one. */
async function consentButtonOf(page: Page): Promise<string | undefined> {
  const banner = page.locator(
    '[role="dialog"], [role="alertdialog"], dialog[open], [id*="cookie" i], [class*="cookie" i], [id*="consent" i], [class*="consent" i]',
  );
  const names = await banner
    .getByRole('button')
    .filter({ visible: true })
    .allInnerTexts()
    .catch((): string[] => []);
  return names.map((n) => n.replace(/\s+/g, ' ').trim()).find((n) => CONSENT.test(n));
}

function summary(read: ReadForm): string {
  const required = read.fields.filter((f) => f.required).length;
  const flow = read.buttons.confirm
    ? `confirm "${read.buttons.confirm}"`
    : read.buttons.submit
      ? `submit "${read.buttons.submit}"`
      : 'no submit button found';
  return `read ${shown(new URL(read.url))}: ${read.fields.length} fields (${required} required), ${flow}`;
}

/** No fields on the page: an embedded form (HubSpot, Marketo, Google Forms) lives in an iframe — name its page. */
async function noFieldsMessage(page: Page, url: URL): Promise<string> {
  const frames = page
    .frames()
    .filter((f) => f !== page.mainFrame() && /^https?:/.test(f.url()))
    .map((f) => shown(new URL(f.url())));
  return frames.length > 0
    ? `no form fields found at ${shown(url)}; the page embeds ${frames.join(', ')}: if the form is in one of these frames, run init with that URL`
    : `no form fields found at ${shown(url)}`;
}

/** A URL as logs and errors show it: no credentials, no query string (a preview token lives there). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `not a URL: ${JSON.stringify(url)} (expected e.g. https://staging.example.co.jp/contact/)`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`expected an http or https URL of the form page, got ${parsed.protocol}`);
  return parsed;
}

/** The form's key: the last path segment when it makes a name (/inquiry/ → inquiry), else contact. */
export function formName(url: URL): string {
  const segments = url.pathname
    .split('/')
    .map((s) => s.replace(/\.[a-z]+$/i, ''))
    .filter((s) => s && s !== 'index');
  const last = segments.at(-1) ?? '';
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(last) ? last : 'contact';
}
