import type { Frame, Page } from 'playwright';
import { type FrameConfig, regexOfFrameSrc } from '../config/index.ts';
import { compileLinear } from '../foundation/linear-regex.ts';

/** Where a form's fields, buttons, errors and success text are looked up: the page, or the frame it is embedded in. */
export type FormScope = Page | Frame;

/** The form's frame is not on the page: says which frames are. */
export class FormFrameError extends Error {
  readonly code = 'CUTOVER_FORM_FRAME';

  constructor(message: string) {
    super(message);
    this.name = 'FormFrameError';
  }
}

/** How a frame setting reads in messages: `frame { src: "/f/quote" }`. */
export function describeFrame(frame: FrameConfig): string {
  return 'src' in frame
    ? `frame { src: ${JSON.stringify(frame.src)} }`
    : `frame { selector: ${JSON.stringify(frame.selector)} }`;
}

function srcMatcher(src: string): (url: string) => boolean {
  const regex = regexOfFrameSrc(src);
  if (regex === undefined) return (url) => url.includes(src);
  const compiled = compileLinear(regex);
  return (url) => compiled.test(url);
}

/** The form's frame as the page has it now, or undefined (no waiting). */
export async function currentFrame(page: Page, frame: FrameConfig): Promise<Frame | undefined> {
  if (frame.src !== undefined) {
    const matches = srcMatcher(frame.src);
    return page.frames().find((f) => f !== page.mainFrame() && !f.isDetached() && matches(f.url()));
  }
  const handle = await page
    .locator(frame.selector ?? 'iframe')
    .first()
    .elementHandle({ timeout: 1 })
    .catch(() => null);
  if (!handle) return undefined;
  try {
    return (await handle.contentFrame()) ?? undefined;
  } finally {
    await handle.dispose().catch(() => undefined);
  }
}

/**
 * Where the form is: the page itself, or — with `frame` — the frame it is embedded in, cross-origin
 * included, waited for until the deadline. A frame that never shows is a FormFrameError naming the
 * frames the page does have.
 */
export async function formScope(
  page: Page,
  frame: FrameConfig | undefined,
  deadline: number,
): Promise<FormScope> {
  if (!frame) return page;
  for (;;) {
    const found = await currentFrame(page, frame);
    if (found) {
      await found.waitForLoadState('domcontentloaded', { timeout: Math.max(1, deadline - Date.now()) });
      return found;
    }
    if (Date.now() >= deadline || page.isClosed()) {
      const others = page
        .frames()
        .filter((f) => f !== page.mainFrame())
        .map((f) => `${f.url() || 'about:blank'}${f.name() ? ` (name "${f.name()}")` : ''}`);
      throw new FormFrameError(
        `the form's ${describeFrame(frame)} is not on ${page.url()}; frames on the page: ${others.length > 0 ? others.join(', ') : 'none'}`,
      );
    }
    await page.waitForTimeout(100);
  }
}

/** Every place an outcome may show: the form's frame as it is now (when the form has one), then the page. */
export async function outcomeScopes(page: Page, frame: FrameConfig | undefined): Promise<FormScope[]> {
  if (!frame) return [page];
  const found = await currentFrame(page, frame).catch(() => undefined);
  return found ? [found, page] : [page];
}
