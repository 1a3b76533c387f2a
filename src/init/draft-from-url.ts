import type { Browser, Page } from 'playwright';
import { launchChromium } from '../browser/index.ts';
import { renderText } from '../foundation/index.ts';
import { mintMarker, syntheticEmail } from '../foundation/marker.ts';
import { DEFAULT_CONTEXT_OPTIONS } from '../scenario/case-runner.ts';
import type { DraftedProject } from './drafted-project.ts';
import { checkLocators, formConfigOf } from './form/check-locators.ts';
import { readFormFacts } from './form/dom-facts.ts';
import { type DraftNames, draftConfig, type LearnedFinish, type ProbeDraft } from './form/draft-config.ts';
import { draftScenarios, happyInput, markerFieldOf, type PackSize } from './form/draft-scenarios.ts';
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
  await page
    .locator('input:not([type=hidden]), select, textarea')
    .first()
    .waitFor({ state: 'attached', timeout: Math.min(10_000, timeoutMs) })
    .catch(() => undefined);
  const facts = await readFormFacts(page);
  if (facts.controls.length === 0) throw new Error(await noFieldsMessage(page, url));
  const read = await checkLocators(page, toReadForm(page.url(), facts));
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
  const input = Object.fromEntries(
    Object.entries(happyInput(read)).map(([k, v]) => [
      k,
      typeof v === 'string' ? renderText(v, { marker, email, target: 'staging', input: {} }) : v,
    ]),
  );
  try {
    const learned = await probeSubmit(page, { read, form, selectors, input, timeoutMs, signal });
    options.log(
      `--probe-submit: sent with "${learned.submit}" (confirmation: ${learned.confirmation}); success: ${[learned.success.url && `URL ${learned.success.url}`, learned.success.text && `text "${learned.success.text}"`].filter(Boolean).join(', ') || 'not recognised'}; what it created carries the marker ${marker}`,
    );
    return { read, learned, submitted: { ...submitted, accepted: true } };
  } catch (error) {
    signal.throwIfAborted();
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    options.log(
      `--probe-submit did not finish: ${message}; what it may have created carries the marker ${marker}`,
    );
    return { read, probeFailure: message, submitted };
  }
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
