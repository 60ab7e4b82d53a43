// First load of the console's one screen in Debian's Chromium (playwright-core of the browser tests),
// for bench/run-console.sh; beside the tests, never in them.
//   node bench/console-load.mjs USERNAME PASSWORD ROWS MARKERS RUNS OUT.json NAME=BASE_URL...
// One unmeasured load of each server first (its JIT), then RUNS rounds, each server in turn (the
// order alternating from round to round, so that the shared machine's drift falls on all alike):
// a fresh browser context (empty cache, no connection open), sign-in through the API (the cookie
// lands in the context), then
//   cold: a new page opens /console/;  warm: a second page of the same context opens it again.
// Interactive: the first frame after the page shows its tiles filled, ROWS event rows and MARKERS
// map markers (watched by a MutationObserver in the page, times from navigation start).
// Bytes: every response from navigation until 1 s after interactive and the last answer (but the
// event stream's), as CDP's Network domain saw it (encoded = on the wire with headers; decoded =
// bodies after content decoding).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const browserTests = join(dirname(fileURLToPath(import.meta.url)), '../cloud-ingest/src/test/browser/');
const { chromium } = createRequire(browserTests)('playwright-core');
const WAIT = 180_000;

const [username, password, rowsArg, markersArg, runsArg, out, ...servers] = process.argv.slice(2);
if (servers.length === 0 || servers.some((s) => !s.includes('='))) {
  console.error('usage: node bench/console-load.mjs USERNAME PASSWORD ROWS MARKERS RUNS OUT.json NAME=BASE_URL...');
  process.exit(2);
}
const targets = servers.map((s) => ({ name: s.slice(0, s.indexOf('=')), baseUrl: s.slice(s.indexOf('=') + 1) }));
const ROWS = Number(rowsArg);
const MARKERS = Number(markersArg);
const RUNS = Number(runsArg);

// in the page, from its first script on: the moments each condition first holds
function watch({ rows, markers }) {
  const marks = {};
  const longTasks = [];
  window.__bench = { marks, longTasks };
  const mark = (name) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  const check = () => {
    const tile = document.querySelector('[data-testid=tile-devicesOnline] .tile-value');
    if (tile && tile.textContent.trim() !== '—') mark('tiles');
    if (document.querySelectorAll('[data-testid=events] [data-testid=event]').length >= rows) mark('rows');
    if (document.querySelectorAll('[data-testid=map] path.marker').length >= markers) mark('markers');
    if ('tiles' in marks && 'rows' in marks && 'markers' in marks && !('ready' in marks)) {
      mark('ready');
      // rAF runs before the frame is painted; a task queued from it runs after
      requestAnimationFrame(() => setTimeout(() => mark('interactive'), 0));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

async function load(context, baseUrl, label) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  const entry = (id) => {
    if (!requests.has(id)) requests.set(id, { url: '', status: 0, encoded: 0, decoded: 0, headerBytes: 0 });
    return requests.get(id);
  };
  cdp.on('Network.requestWillBeSent', (e) => (entry(e.requestId).url = e.request.url));
  cdp.on('Network.responseReceived', (e) => {
    const r = entry(e.requestId);
    r.status = e.response.status;
    r.type = e.type;
    r.mime = e.response.mimeType;
    const header = (name) => Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === name)?.[1] || '';
    r.encoding = header('content-encoding');
    r.cacheControl = header('cache-control');
    r.cache = e.response.fromDiskCache ? 'disk' : e.response.fromServiceWorker ? 'sw' : '';
    r.headerBytes = e.response.encodedDataLength;
  });
  cdp.on('Network.requestServedFromCache', (e) => (entry(e.requestId).cache = 'memory'));
  cdp.on('Network.dataReceived', (e) => {
    const r = entry(e.requestId);
    r.decoded += e.dataLength;
    r.streamed = (r.streamed || 0) + e.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = entry(e.requestId);
    r.encoded = e.encodedDataLength;
    r.finished = true;
  });
  cdp.on('Network.loadingFailed', (e) => (entry(e.requestId).failed = e.errorText));
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  await page.addInitScript(watch, { rows: ROWS, markers: MARKERS });

  await page.goto(baseUrl + '/console/', { timeout: WAIT });
  await page.waitForFunction(() => window.__bench && 'interactive' in window.__bench.marks, null, {
    timeout: WAIT,
    polling: 100,
  });
  // the bytes of every answer the load asked for: wait until only the event stream is open
  const settle = Date.now() + 60_000;
  const open = () => [...requests.values()].filter((r) => !r.finished && !r.failed && !r.url.includes('/events/stream'));
  while (open().length > 0 && Date.now() < settle) await page.waitForTimeout(100);
  await page.waitForTimeout(1000);
  const inPage = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const api = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes('/api/'))
      .map((r) => ({ path: new URL(r.name).pathname + new URL(r.name).search, start: r.startTime, end: r.responseEnd }));
    return {
      marks: window.__bench.marks,
      longTasks: window.__bench.longTasks,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      documentResponse: nav.responseEnd,
      api,
    };
  });
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const responses = [...requests.values()]
    .filter((r) => r.url.startsWith('http'))
    .map((r) => ({
      path: new URL(r.url).pathname + new URL(r.url).search,
      status: r.status,
      mime: r.mime,
      encoding: r.encoding,
      cacheControl: r.cacheControl,
      cache: r.cache,
      // the SSE stream never finishes: its headers and what it sent so far
      encoded: r.finished ? r.encoded : r.headerBytes + (r.streamed || 0),
      decoded: r.decoded,
      finished: !!r.finished,
      failed: r.failed,
    }));
  await page.close();
  const sum = (key) => responses.reduce((s, r) => s + r[key], 0);
  const round = (x) => Math.round(x);
  const result = {
    label,
    interactive: round(inPage.marks.interactive),
    ready: round(inPage.marks.ready),
    tiles: round(inPage.marks.tiles),
    rows: round(inPage.marks.rows),
    markers: round(inPage.marks.markers),
    domContentLoaded: round(inPage.domContentLoaded),
    load: round(inPage.load),
    documentResponse: round(inPage.documentResponse),
    api: inPage.api.map((a) => ({ ...a, start: round(a.start), end: round(a.end) })),
    longTasks: {
      count: inPage.longTasks.length,
      totalMs: round(inPage.longTasks.reduce((s, t) => s + t.duration, 0)),
      maxMs: round(Math.max(0, ...inPage.longTasks.map((t) => t.duration))),
      list: inPage.longTasks.map((t) => [round(t.start), round(t.duration)]),
    },
    // CDP's cumulative main-thread figures for the page, in ms
    scriptMs: round(metrics.ScriptDuration * 1000),
    layoutMs: round(metrics.LayoutDuration * 1000),
    styleMs: round(metrics.RecalcStyleDuration * 1000),
    taskMs: round(metrics.TaskDuration * 1000),
    domNodes: metrics.Nodes,
    requests: responses.length,
    fromCache: responses.filter((r) => r.cache).length,
    encodedBytes: sum('encoded'),
    decodedBytes: sum('decoded'),
    responses,
  };
  console.log(
    `${label}: interactive=${result.interactive}ms (tiles ${result.tiles}, rows ${result.rows}, markers ${result.markers}) ` +
      `dcl=${result.domContentLoaded}ms load=${result.load}ms requests=${result.requests} cached=${result.fromCache} ` +
      `encoded=${result.encodedBytes} decoded=${result.decodedBytes} longtasks=${result.longTasks.count}/${result.longTasks.totalMs}ms ` +
      `script=${result.scriptMs}ms layout=${result.layoutMs}ms style=${result.styleMs}ms`,
  );
  return result;
}

async function signedInContext(browser, baseUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const response = await context.request.post(baseUrl + '/api/v1/session', { data: { username, password } });
  if (!response.ok()) throw new Error(`sign-in answered ${response.status()}: ${await response.text()}`);
  return context;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const results = { browser: browser.version(), servers: {} };
try {
  for (const { name, baseUrl } of targets) {
    const first = await signedInContext(browser, baseUrl);
    results.servers[name] = { warmup: await load(first, baseUrl, `${name} warm-up (not counted)`), cold: [], warm: [] };
    await first.close();
  }
  for (let i = 1; i <= RUNS; i++) {
    for (const { name, baseUrl } of i % 2 ? targets : [...targets].reverse()) {
      const context = await signedInContext(browser, baseUrl);
      results.servers[name].cold.push(await load(context, baseUrl, `${name} cold ${i}`));
      results.servers[name].warm.push(await load(context, baseUrl, `${name} warm ${i}`));
      await context.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(out, JSON.stringify(results, null, 2));
