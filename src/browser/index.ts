export {
  BrowserNotFoundError,
  CHROMIUM_INSTALL_HINT,
  chromiumVersion,
  findChromium,
  requireChromium,
} from './find-chromium.ts';
export { CHROMIUM_ARGS, chromiumLaunchOptions, launchChromium, launchChromiumServer } from './launch.ts';
export { type SharedBrowser, sharedBrowser } from './shared-browser.ts';
