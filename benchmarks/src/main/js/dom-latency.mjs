// Opens the dashboard in Debian's headless Chromium and prints, for every change of the arch zone's
// technique on the foot map, "DOM <technique> <wall clock ms>" the moment the DOM shows it
// (a MutationObserver on the zone's data-technique attribute). Used by WebLatencyBenchmark.
//   node dom-latency.mjs --url http://127.0.0.1:PORT/ --playwright /path/to/playwright-core/index.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const { chromium } = await import(pathToFileURL(args.playwright).href);
const profile = mkdtempSync(join(tmpdir(), 'solemate-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 360, height: 740 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = context.pages()[0] || await context.newPage();
await page.exposeFunction('report', (technique, at) => process.stdout.write(`DOM ${technique} ${at}\n`));
await page.goto(args.url);
await page.waitForSelector('#foot .zone[data-zone="arch"][data-technique]');
await page.evaluate(() => {
  const zone = document.querySelector('#foot .zone[data-zone="arch"]');
  new MutationObserver(() => {
    window.report(zone.dataset.technique, performance.timeOrigin + performance.now());
  }).observe(zone, { attributes: true, attributeFilter: ['data-technique'] });
});
process.stdout.write('READY\n');
// Runs until the benchmark closes stdin.
process.stdin.resume();
process.stdin.on('end', async () => {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
});
