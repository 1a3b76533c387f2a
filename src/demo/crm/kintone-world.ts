import { randomBytes } from 'node:crypto';
import { type ServedHandlers, serveHandlers } from '../http-bridge.ts';
import { INQUIRY_APP_LAYOUT, type KintoneTarget } from '../site/kintone-sync.ts';
import { createKintoneApp, type KintoneApp } from './kintone-app.ts';
import { kintoneHandlers } from './kintone-handlers.ts';

/** `startDemoWorld({ kintone })`: the kintone app the site also writes each inquiry into. */
export interface KintoneWorldOptions {
  /** The お問い合わせ管理 app's id (default 1). */
  appId?: number;
  /** Its API token, with view, add, edit and delete (default a random 40-character one). */
  token?: string;
  /**
   * How long the site's integration queue holds each write, in ms (default 0). Real
   * form-to-kintone integrations write 20–40 s after the visitor's click.
   */
  delayMs?: number;
}

export interface KintoneWorldPart {
  app: KintoneApp;
  appId: string;
  token: string;
  server: ServedHandlers;
  /** What the site's backend writes to. */
  target: KintoneTarget;
}

/** Serves a kintone-compatible domain holding the inquiry app, on its own port. */
export async function startKintonePart(
  options: KintoneWorldOptions,
  serve: (handlers: ReturnType<typeof kintoneHandlers>) => Promise<ServedHandlers> = serveHandlers,
  signal?: AbortSignal,
): Promise<KintoneWorldPart> {
  const token = options.token ?? randomBytes(30).toString('base64url').slice(0, 40);
  const app = createKintoneApp({ id: options.appId ?? 1, layout: INQUIRY_APP_LAYOUT, apiTokens: [token] });
  const server = await serve(kintoneHandlers(app, { signal }));
  return {
    app,
    appId: app.id,
    token,
    server,
    target: { baseUrl: server.url, appId: app.id, token, delayMs: options.delayMs ?? 0 },
  };
}
