import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoWorld, demoFaultsSchema, startDemoWorld } from '../../src/demo/index.ts';

const worlds: DemoWorld[] = [];
async function start(options?: Parameters<typeof startDemoWorld>[0]): Promise<DemoWorld> {
  const world = await startDemoWorld(options);
  worlds.push(world);
  return world;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.stop()));
});

function smtpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startDemoWorld', () => {
  // How fast it starts (target ≤ 1 s) is benchmark B5 (npm run bench -- --only B5), not a timed test.
  it('starts on 127.0.0.1 ephemeral ports and says where everything is', async () => {
    const world = await start();
    const origins = Object.values(world.urls);
    for (const origin of origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ports = new Set([...origins.map((o) => new URL(o).port), String(world.smtp.port)]);
    // legacy, renewal, embedded, the form vendor (the embed's other origin), mailpit, crm, analytics, admin, SMTP.
    expect(ports.size).toBe(9);
    expect(world.smtp.host).toBe('127.0.0.1');
    expect(world.salesInbox).toBe('sales@demo.cutover.test');
    expect(world.crmToken).toMatch(/^pat-na1-/);
    expect(world.defects).toBe(true);
  });

  it('stop() closes every server and socket, and can be called twice', async () => {
    const world = await start();
    await fetch(`${world.urls.legacy}/contact/`); // leaves a keep-alive connection behind
    await world.stop();
    await world.stop();
    for (const origin of Object.values(world.urls)) {
      await expect(fetch(`${origin}/`)).rejects.toThrow();
    }
    expect(await smtpAnswers(world.smtp.port)).toBe(false);
  });

  it('takes defects, crmToken and initial faults from its options', async () => {
    const world = await start({
      defects: false,
      crmToken: 'pat-na1-test',
      crmSearchLagMs: 50,
      faults: { formDelayMs: 10 },
    });
    expect(world.defects).toBe(false);
    expect(world.crmToken).toBe('pat-na1-test');
    expect(world.faults.current()).toMatchObject({ formDelayMs: 10, crmSearchLagMs: 50 });
    world.faults.clear();
    expect(world.faults.current()).toMatchObject({ formDelayMs: 0, crmSearchLagMs: 50 });
  });
});

describe('faults', () => {
  it('are off by default, settable and clearable in code', async () => {
    const world = await start({ crmSearchLagMs: 0 });
    expect(world.faults.current()).toEqual({
      formError: false,
      formDelayMs: 0,
      smtpRefused: false,
      mailDelayMs: 0,
      crmError: null,
      crmErrorCount: null,
      crmDelayMs: 0,
      crmSearchLagMs: 0,
      crmDuplicate: false,
      crmUpdateLost: false,
      analyticsBlocked: false,
      campaignFormBroken: false,
      salesNotificationLost: false,
      utmDroppedForRealVisitors: false,
      autoReplyMissing: false,
      autoReplyFieldLost: false,
      mislabelledCharset: false,
      teamsPostMissing: false,
      kintoneFieldLost: false,
    });
    world.faults.set({ crmError: 429, mailDelayMs: 300 });
    world.faults.set({ analyticsBlocked: true });
    expect(world.faults.current()).toMatchObject({ crmError: 429, mailDelayMs: 300, analyticsBlocked: true });
    world.faults.clear();
    expect(world.faults.current().crmError).toBeNull();
  });

  it('are each a row of the README fault table, and the table names no other', async () => {
    const readme = await readFile(new URL('../../src/demo/README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| fault '));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const named = rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1]);
    expect(named.sort()).toEqual(Object.keys(demoFaultsSchema.shape).sort());
  });

  it('reject invalid values in code with every problem named', async () => {
    const world = await start();
    expect(() => world.faults.set({ crmError: 418 as 401, formDelayMs: -1 })).toThrow(
      /crmError.*formDelayMs|formDelayMs.*crmError/,
    );
    expect(() => world.faults.set({ nope: true } as never)).toThrow(TypeError);
  });

  it('are switchable over the admin API (GET/POST/DELETE /faults)', async () => {
    const world = await start();
    const admin = `${world.urls.admin}/faults`;
    const post = await fetch(admin, {
      method: 'POST',
      body: JSON.stringify({ smtpRefused: true, crmDelayMs: 100 }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ smtpRefused: true, crmDelayMs: 100 });
    expect(world.faults.current()).toMatchObject({ smtpRefused: true, crmDelayMs: 100 });
    expect(await (await fetch(admin)).json()).toMatchObject({ smtpRefused: true });

    const bad = await fetch(admin, { method: 'POST', body: JSON.stringify({ crmError: 404, typo: 1 }) });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/crmError/);
    expect(problems).toMatch(/typo/);
    expect((await fetch(admin, { method: 'POST', body: 'not json' })).status).toBe(400);

    const cleared = await fetch(admin, { method: 'DELETE' });
    expect(await cleared.json()).toMatchObject({ smtpRefused: false, crmDelayMs: 0 });
  });

  it('counts down crmErrorCount, then lets the CRM answer again', async () => {
    const world = await start();
    world.faults.set({ crmError: 500, crmErrorCount: 2 });
    const get = () =>
      fetch(`${world.urls.crm}/crm/v3/objects/contacts/999`, {
        headers: { authorization: `Bearer ${world.crmToken}` },
      });
    expect((await get()).status).toBe(500);
    expect((await get()).status).toBe(500);
    expect((await get()).status).toBe(404);
    expect(world.faults.current()).toMatchObject({ crmError: null, crmErrorCount: null });
  });
});

describe('admin API', () => {
  it('describes the world at GET / and lists submissions at GET /submissions', async () => {
    const world = await start();
    const info = (await (await fetch(`${world.urls.admin}/`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      urls: world.urls,
      smtp: world.smtp,
      salesInbox: world.salesInbox,
      defects: true,
    });
    expect(await (await fetch(`${world.urls.admin}/submissions`)).json()).toEqual({ submissions: [] });
  });
});
