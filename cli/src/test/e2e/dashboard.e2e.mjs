// End-to-end test of the solemate serve page in Debian's headless Chromium, driven by playwright-core.
// Run by BrowserEndToEndTest (JUnit), which starts the server on sim: and answers this script's
// requests on stdin/stdout: "DEVICE" -> the simulated device's zones as JSON, "PULL" -> the USB cable
// is pulled (a sim fault), "PLUG" -> it is plugged back in. Screenshots go to --shots DIR.
//
//   node dashboard.e2e.mjs --url http://127.0.0.1:8765/ --shots /tmp/shots
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const url = args.url;
const shots = args.shots;
mkdirSync(shots, { recursive: true });

// ---- talking to the JUnit test -------------------------------------------------------------
const lines = createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', (line) => { const w = waiting.shift(); if (w) w(line); });
function ask(question) {
  return new Promise((resolve) => { waiting.push(resolve); process.stdout.write(`${question}\n`); });
}
const device = async () => JSON.parse(await ask('DEVICE'));

function check(condition, message) {
  if (!condition) throw new Error(`FAILED: ${message}`);
}
const log = (m) => process.stdout.write(`# ${m}\n`);

async function until(what, probe, timeoutMs = 5000) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`FAILED: ${what} (not within ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- one run at one size -------------------------------------------------------------------
async function run(name, width, height) {
  const profile = mkdtempSync(join(tmpdir(), 'solemate-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width, height },
    reducedMotion: 'reduce',
    colorScheme: 'dark',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const errors = [];
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // Shown from the top of the page, as a person sees it on arrival, unless a dialog is open.
  const shot = async (step, top = true) => {
    if (top) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `web-${name}-${step}.png`) });
  };
  try {
    // 1. Open the page on sim:.
    await page.goto(url);
    await until('the page shows the massager connected', () => page.locator('#link.ok').count());
    check((await page.locator('#foot .zone').count()) === 4, 'the foot map shows the 4 zones of shiatsu-4zone');
    check(await page.locator('#stop').isVisible(), 'STOP is visible on arrival');
    await until('the routines are listed', () => page.locator('.routine[data-routine] button').count());
    const unnamed = await page.$$eval('button, select, input, [role="button"]', (els) => els
      .filter((e) => !(e.getAttribute('aria-label') || (e.textContent || '').trim() || (e.labels && e.labels.length)))
      .map((e) => e.outerHTML.slice(0, 80)));
    check(unnamed.length === 0, `every control has a name for screen readers (${unnamed.join(', ')})`);
    const small = await page.$$eval('button, select', (els) => els.filter((e) => e.offsetParent !== null)
      .map((e) => e.getBoundingClientRect()).filter((r) => r.height < 40 || r.width < 40).length);
    check(small === 0, `every visible button is a large target (${small} under 40 px)`);
    log(`${name}: page open, 4 zones`);

    // 2. Start a routine and see its progress move.
    const card = page.locator('.routine[data-routine="quick-unwind"]');
    // Its plot, as `solemate plot` draws it for this device, in the page's dark colours.
    await card.locator('summary').click();
    await until('the plot loads', () => card.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0));
    await card.locator('select').selectOption('60');
    await card.getByRole('button', { name: /^Start quick-unwind/ }).click();
    await until('the routine shows as playing', () => page.locator('#routine-now:not([hidden])').count());
    const progress = async () => Number(await page.locator('#progress').getAttribute('aria-valuenow'));
    await until('progress moves past 5 %', async () => (await progress()) >= 5);
    const first = await progress();
    await until('progress keeps moving', async () => (await progress()) > first);
    check((await page.locator('#step-count').textContent()).length > 0, 'the current step is named');
    check(/left of 5:00/.test(await page.locator('#time-left').textContent()), 'time remaining is shown');
    await shot('routine');
    log(`${name}: routine progress ${first} -> ${await progress()} %`);

    // 3. Tap a zone, choose a level, and see the level change on the device.
    await page.locator('#foot .zone[data-zone="arch"]').click();
    await until('the zone dialog opens', () => page.locator('#zone-dialog[open]').count());
    await page.locator('#zone-techniques').getByRole('button', { name: 'Technique roll' }).click();
    await page.locator('#zone-levels').getByRole('button', { name: 'arch level 2 of 5' }).click();
    await until('the device runs the arch', async () => (await device()).arch.level > 0);
    const onDevice = await device();
    check(onDevice.arch.technique === 'roll', `the device rolls the arch (got ${onDevice.arch.technique})`);
    await until('the map shows the arch running', async () =>
      Number(await page.locator('#foot .zone[data-zone="arch"]').getAttribute('data-level')) > 0);
    await until('the dialog shows level 2', async () => /level 2 of 5/.test(await page.locator('#zone-title').textContent()), 4000);
    await shot('zone', false);
    await page.getByRole('button', { name: 'Done' }).click();
    log(`${name}: arch on the device: ${JSON.stringify(onDevice.arch)}`);

    // 4. STOP: the device confirms zero within 1 s (a tap on the phone, Escape on the desktop).
    const before = Date.now();
    if (name === 'desktop') await page.keyboard.press('Escape');
    else await page.locator('#stop').click();
    const confirmed = await until('the page shows the device confirmed zero',
      async () => /confirmed zero/.test(await page.locator('#stop-status').textContent()), 1000);
    check((await device()).atZero, 'the device is at zero');
    await shot('stopped');
    log(`${name}: STOP confirmed on the page after ${Date.now() - before} ms (${confirmed} ms polling)`);

    // 5. Pull the device: the page says so; plug it back: back at zero.
    await page.locator('#foot .zone[data-zone="heel"]').click();
    await page.locator('#zone-levels').getByRole('button', { name: 'heel level 1 of 5' }).click();
    await until('the device runs the heel', async () => (await device()).heel.level > 0);
    await page.getByRole('button', { name: 'Done' }).click();
    await ask('PULL');
    await until('the page says the massager is disconnected', async () =>
      /disconnected/i.test(await page.locator('#banner').textContent()) && await page.locator('#link.bad').count());
    check(/USB cable pulled.*watchdog/.test(await page.locator('#banner').textContent()), 'the page says why and that the device stops itself');
    await shot('disconnected');
    await ask('PLUG');
    await until('the page says the massager is back at zero', async () =>
      /Back.*at zero/.test(await page.locator('#banner').textContent()));
    check((await device()).atZero, 'the device is at zero after it came back');
    check((await page.locator('#foot .zone[data-level="0"]').count()) === 4, 'the map shows every zone off');
    log(`${name}: disconnect and reconnect shown`);
    check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  } catch (e) {
    await shot('failure').catch(() => {});
    throw e;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// Signing a phone in with the printed link: the token leaves the address bar for an HttpOnly cookie.
async function signIn(base, token) {
  const profile = mkdtempSync(join(tmpdir(), 'solemate-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, viewport: { width: 360, height: 740 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const refused = await page.goto(base);
    check(refused.status() === 401, `without the token the page is refused (got ${refused.status()})`);
    check(/needs its link/.test(await page.textContent('body')), 'the refusal says how to sign in');
    await page.goto(`${base}#token=${token}`);
    await until('the dashboard opens after signing in', () => page.locator('#link.ok').count(), 10000);
    check(!page.url().includes(token), `the token left the address bar (${page.url()})`);
    check(!(await page.evaluate(() => document.cookie)).includes(token), 'the cookie is out of reach of scripts');
    log('sign-in with the printed link works and cleans the address bar');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  if (args['token-url']) await signIn(args['token-url'], args.token);
  await run('phone', 360, 740);
  await run('desktop', 1280, 800);
  process.stdout.write('PASS\n');
  process.exit(0);
} catch (e) {
  process.stdout.write(`${e.stack || e}\n`);
  process.exit(1);
}
