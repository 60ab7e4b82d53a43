// The console in Debian's Chromium, driven by playwright-core: run by ConsoleBrowserTest as
//   node console.test.mjs <baseUrl> <fixture.json>
// against a running cloud-ingest that the Java test has loaded with a community and accounts.
// Exits 0 after "console browser test: all passed"; any other exit is a failure, said on stdout.
// Waits are generous (the machine is shared); nothing here is timed.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const WAIT = 60_000;

const [baseUrl, fixtureFile] = process.argv.slice(2);
if (!baseUrl || !fixtureFile) {
  console.error('usage: node console.test.mjs <baseUrl> <fixture.json>');
  process.exit(2);
}
const fx = JSON.parse(readFileSync(fixtureFile, 'utf8'));
mkdirSync(fx.screenshots, { recursive: true });
const consoleUrl = baseUrl + '/console/';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

let step = 'starting';
function log(message) {
  step = message;
  console.log('- ' + message);
}

async function shot(page, name) {
  await page.screenshot({ path: `${fx.screenshots}/${name}.png`, fullPage: true });
}

/**
 * axe-core on the page as it is: no serious or critical violation. Evaluated through the browser's
 * devtools, as the page's Content-Security-Policy refuses any script tag but its own.
 */
const axeSource = readFileSync(AXE, 'utf8');
async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(
    bad.length === 0,
    `axe-core on ${name}: ` +
      bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`).join('; '),
  );
}

/** No label of the page is missing in its language. */
async function labelled(page, name) {
  const missing = await page.evaluate(() => window.__missingLabels || []);
  check(missing.length === 0, `${name}: missing labels ${missing.join(', ')}`);
  const text = await page.locator('body').innerText();
  check(!text.includes('⟦'), `${name}: a missing label shows: ${text}`);
}

async function signIn(page, who) {
  await page.goto(consoleUrl);
  await page.locator('[data-testid=sign-in]').waitFor({ timeout: WAIT });
  await page.fill('#username', fx.accounts[who]);
  await page.fill('#password', fx.password);
  await page.locator('[data-testid=sign-in] button[type=submit]').click();
  await page.locator('[data-testid=sign-out]').waitFor({ timeout: WAIT });
}

async function ingest(batchFile, token = fx.gatewayToken) {
  const response = await fetch(baseUrl + '/api/v1/ingest', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: readFileSync(batchFile),
  });
  check(response.ok, `ingest answered ${response.status}: ${await response.text()}`);
}

async function admin(method, path) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: 'Bearer ' + fx.adminToken },
  });
  check(response.ok, `${method} ${path} answered ${response.status}: ${await response.text()}`);
}

/** The id of the event raised for a device, as the admin sees it. */
async function eventOf(device) {
  const response = await fetch(baseUrl + '/api/v1/events?limit=500', {
    headers: { Authorization: 'Bearer ' + fx.adminToken },
  });
  const page = await response.json();
  const event = page.items.find((e) => e.deviceId === device);
  check(event, `no event for device ${device}`);
  return event.id;
}

function row(page, id) {
  return page.locator(`[data-testid=event][data-event-id="${id}"]`);
}

async function statusIs(page, id, status) {
  await page.locator(`[data-testid=event][data-event-id="${id}"][data-status="${status}"]`).waitFor({ timeout: WAIT });
}

/** Whatever the Content-Security-Policy refused, on any page: the console must need nothing of it. */
const refused = [];
async function context(options) {
  const c = await browser.newContext(options);
  c.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) refused.push(m.text());
  });
  return c;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let failed = false;
const pages = [];
try {
  // a Chinese browser gets Chinese, an English one English
  const zhContext = await context({ locale: 'zh-CN' });
  const a = await zhContext.newPage();
  pages.push(a);
  log('sign-in page in Chinese');
  await a.goto(consoleUrl);
  await a.locator('[data-testid=sign-in]').waitFor({ timeout: WAIT });
  check((await a.getAttribute('html', 'lang')) === 'zh-CN', 'a Chinese browser gets lang zh-CN');
  check((await a.locator('button[type=submit]').innerText()).includes('登录'), 'the sign-in button says 登录');
  await labelled(a, 'sign-in (zh)');
  await accessible(a, 'sign-in (zh)');
  await shot(a, 'sign-in-zh');

  log('a wrong password is refused');
  await a.fill('#username', fx.accounts.operator);
  await a.fill('#password', 'not the password');
  await a.locator('[data-testid=sign-in] button[type=submit]').click();
  await a.locator('[data-testid=sign-in-error]').waitFor({ timeout: WAIT });

  log('both dictionaries have the same labels');
  const keys = await a.evaluate(async () => {
    const en = (await import('./i18n/en.js')).default;
    const zh = (await import('./i18n/zh.js')).default;
    return { en: Object.keys(en), zh: Object.keys(zh) };
  });
  const onlyEn = keys.en.filter((k) => !keys.zh.includes(k));
  const onlyZh = keys.zh.filter((k) => !keys.en.includes(k));
  check(onlyEn.length === 0 && onlyZh.length === 0, `labels only in en: ${onlyEn}; only in zh: ${onlyZh}`);

  log('the operator signs in: the one screen shows its tiles');
  await signIn(a, 'operator');
  await a.locator('[data-testid=tile-devicesOnline] .tile-value').filter({ hasText: '/ 3' }).waitFor({ timeout: WAIT });
  const tiles = await a.locator('[data-testid=tiles] .tile').count();
  check(tiles === 13, `13 KPI tiles, not ${tiles}`);
  for (const tile of ['devicesOnline', 'devicesOffline', 'gatewaysOffline', 'openCritical', 'openMajor', 'unacknowledged', 'oldestUnacknowledged', 'notificationsFailed', 'closureRate', 'meanTimeToResolve']) {
    await a.locator(`[data-testid=tile-${tile}]`).waitFor({ timeout: WAIT });
  }
  check((await a.locator('[data-testid=tile-openCritical] .tile-label').innerText()) === '未处理紧急事件', 'tile labels in Chinese');

  const enContext = await context({ locale: 'en-US' });
  const b = await enContext.newPage();
  pages.push(b);
  log('a second browser (English) signs in as the same operator');
  await signIn(b, 'operator');
  check((await b.getAttribute('html', 'lang')) === 'en', 'an English browser gets lang en');
  check((await b.locator('[data-testid=sign-out]').innerText()) === 'Sign out', 'the sign-out button in English');

  log('the language is switchable, and the choice is kept');
  await b.selectOption('[data-testid=language]', 'zh');
  await b.locator('[data-testid=sign-out]', { hasText: '退出登录' }).waitFor({ timeout: WAIT });
  await b.reload();
  await b.locator('[data-testid=sign-out]', { hasText: '退出登录' }).waitFor({ timeout: WAIT });
  check((await b.getAttribute('html', 'lang')) === 'zh-CN', 'the page says it is Chinese');
  await labelled(b, 'one screen (en browser switched to zh)');
  await b.selectOption('[data-testid=language]', 'en');
  await b.locator('[data-testid=sign-out]', { hasText: 'Sign out' }).waitFor({ timeout: WAIT });

  log('gas at 30 %LEL in two flats: their events appear in both browsers without a reload');
  await ingest(fx.stationBatch);
  await ingest(fx.homeBatch);
  await ingest(fx.neighbourBatch);
  const homeEvent = await pollEvent(fx.homeDevice);
  const neighbourEvent = await pollEvent(fx.neighbourDevice);
  for (const page of [a, b]) {
    await statusIs(page, homeEvent, 'open');
    await statusIs(page, neighbourEvent, 'open');
  }
  // what it is about and the figure that matters, in each reader's language
  const zhLine = await row(a, homeEvent).locator('[data-testid=event-link]').innerText();
  check(zhLine === '燃气泄漏：30 %LEL（限值 20 %LEL）', `the Chinese event line: ${zhLine}`);
  const enLine = await row(b, homeEvent).locator('[data-testid=event-link]').innerText();
  check(enLine === 'Gas leak: 30 %LEL (limit 20 %LEL)', `the English event line: ${enLine}`);
  await a.locator('[data-testid=tile-openCritical] .tile-value').filter({ hasText: '2' }).waitFor({ timeout: WAIT });
  log('the map: the station placed and ok, both flats (no position of their own) listed in alarm');
  await a.locator('[data-testid=map] path.marker-ok').first().waitFor({ timeout: WAIT });
  const stations = await a.locator('[data-testid=map] path.marker').count();
  check(stations === 1, `one placed marker (the station), not ${stations}`);
  await a.locator('[data-testid=unplaced] li[data-state=alarm]').nth(1).waitFor({ timeout: WAIT });
  const alarmed = await a.locator('[data-testid=unplaced] li[data-state=alarm]').count();
  check(alarmed === 2, `both flats in alarm beside the map, not ${alarmed}`);
  check(
    (await a.locator('[data-testid=legend] li[data-state=alarm]').innerText()).includes('2'),
    'the legend counts two in alarm',
  );
  await labelled(a, 'one screen (zh)');
  await labelled(b, 'one screen (en)');
  await accessible(a, 'one screen (zh)');
  await accessible(b, 'one screen (en)');
  await shot(a, 'one-screen-zh');
  await shot(b, 'one-screen-en');

  log('the filter by severity hides what does not match');
  await b.selectOption('[data-testid=filter-severity]', 'minor');
  await b.locator('[data-testid=no-events]').waitFor({ timeout: WAIT });
  await b.selectOption('[data-testid=filter-severity]', 'critical');
  await statusIs(b, neighbourEvent, 'open');
  log('and so do the filters by type and by unit');
  await b.selectOption('[data-testid=filter-type]', 'offline');
  await b.locator('[data-testid=no-events]').waitFor({ timeout: WAIT });
  await b.selectOption('[data-testid=filter-type]', 'threshold');
  await statusIs(b, neighbourEvent, 'open');
  await b.selectOption('[data-testid=filter-unit]', fx.community);
  await statusIs(b, neighbourEvent, 'open');
  const unitChoices = await b.locator('[data-testid=filter-unit] option').evaluateAll((os) => os.map((o) => o.value));
  check(!unitChoices.includes(fx.otherCommunity), `the unit filter offers only the operator's units: ${unitChoices}`);
  await b.selectOption('[data-testid=filter-unit]', '');
  await b.selectOption('[data-testid=filter-type]', '');

  log('acknowledging one event in the first browser updates the second');
  await row(a, neighbourEvent).locator('[data-testid=ack]').click();
  await a.locator('[data-testid=note-dialog]').waitFor({ timeout: WAIT });
  await accessible(a, 'acknowledge dialog (zh)');
  await shot(a, 'acknowledge-dialog-zh');
  await a.fill('[data-testid=note]', 'Wang goes to flat 3-202');
  await a.locator('[data-testid=confirm]').click();
  await statusIs(a, neighbourEvent, 'acknowledged');
  await statusIs(b, neighbourEvent, 'acknowledged');

  log('the family sees its household only and acknowledges its event, on a phone');
  const phone = await context({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const f = await phone.newPage();
  pages.push(f);
  await signIn(f, 'family');
  await f.locator('[data-testid=household]').filter({ hasText: fx.homeName }).waitFor({ timeout: WAIT });
  await row(f, homeEvent).waitFor({ timeout: WAIT });
  check((await row(f, neighbourEvent).count()) === 0, 'the family does not see the neighbour');
  check((await f.locator('[data-testid=event]').count()) === 1, 'the family sees one event');
  await labelled(f, 'family page (zh)');
  await accessible(f, 'family page (zh)');
  await shot(f, 'family-zh');
  await row(f, homeEvent).locator('[data-testid=ack]').click();
  await row(f, homeEvent).locator('[data-testid=acked]').waitFor({ timeout: WAIT });
  await f.locator('[data-testid=glance].ok').waitFor({ timeout: WAIT });
  log('the family sees its contacts masked, and opts one out');
  await f.locator('[data-testid=contact]').nth(1).waitFor({ timeout: WAIT });
  const phones = await f.locator('[data-testid=contact] [data-testid=phone]').allInnerTexts();
  check(phones.length === 2 && phones.every((p) => /^\+86 139\*{4}900[01]$/.test(p)), `two masked phones, not ${phones}`);
  const optOut = f.locator(`[data-testid=contact][data-contact-id="${fx.contactToOptOut}"]`);
  await optOut.locator('[data-testid=opt-out]').click();
  await optOut.locator('[data-testid=opt-out-yes]').click();
  await f.locator(`[data-testid=contact][data-contact-id="${fx.contactToOptOut}"][data-reachable=false]`).waitFor({ timeout: WAIT });
  check(
    (await f.locator('[data-testid=contact][data-reachable=true]').count()) === 1,
    'the other contact still gets the messages',
  );
  await accessible(f, 'family page with contacts (zh)');
  await shot(f, 'family-acknowledged-zh');

  log('the operator acknowledges the rest by selecting it');
  await row(a, homeEvent).locator('input[type=checkbox]').check();
  await a.locator('[data-testid=ack-selected]').click();
  await a.fill('[data-testid=note]', 'family reached; Li checks the valve');
  await a.locator('[data-testid=confirm]').click();
  await statusIs(a, homeEvent, 'acknowledged');
  await statusIs(b, homeEvent, 'acknowledged');

  log("the event's page: its steps, its messages and a chart of the readings with the limit");
  await row(a, homeEvent).locator('[data-testid=event-link]').click();
  const eventPage = a.locator(`[data-testid=event-page][data-event-id="${homeEvent}"]`);
  await eventPage.waitFor({ timeout: WAIT });
  for (const action of ['raised', 'family_acked', 'acknowledged']) {
    await a.locator(`[data-testid=timeline-step][data-action=${action}]`).first().waitFor({ timeout: WAIT });
  }
  check(
    (await a.locator('[data-testid=timeline-step][data-action=acknowledged]').innerText()).includes('family reached; Li checks the valve'),
    'the acknowledgement shows its note',
  );
  // the alarm SMS to both family contacts and the grid worker, each with its delivery state
  await a.locator('[data-testid=timeline-message]').nth(2).waitFor({ timeout: WAIT });
  await a
    .locator('[data-testid=timeline-message][data-status=submitted], [data-testid=timeline-message][data-status=delivered]')
    .first()
    .waitFor({ timeout: WAIT });
  const messages = await a.locator('[data-testid=timeline-message]').allInnerTexts();
  check(messages.some((m) => m.includes('网格员') && m.includes('****')), `a message to the grid worker, masked: ${messages}`);
  const chart = a.locator('[data-testid=event-chart][data-lines="2"]');
  await chart.waitFor({ timeout: WAIT });
  check((await chart.locator('canvas').count()) > 0, 'the chart is drawn');
  const figures = await chart.locator('table.figures tbody tr').count();
  check(figures >= 3, `the chart has the three readings around the leak, not ${figures}`);
  check((await chart.locator('table.figures thead').textContent()).includes('限值 20'), 'the chart shows the limit, 20');
  await labelled(a, 'event page (zh)');
  await accessible(a, 'event page (zh)');
  await shot(a, 'event-zh');

  log('the same page in English, in the second browser');
  await b.goto(consoleUrl + '#/events/' + homeEvent);
  await b.locator(`[data-testid=event-page][data-event-id="${homeEvent}"] [data-testid=event-chart]`).waitFor({ timeout: WAIT });
  await labelled(b, 'event page (en)');
  await accessible(b, 'event page (en)');
  await shot(b, 'event-en');

  log('assign, resolve and close it from its page, each with a note; the other browser follows');
  await a.locator('[data-testid=step-assign]').click();
  await a.fill('[data-testid=assignee]', 'Li Wei');
  await a.fill('[data-testid=note]', 'Li Wei has the key to 3-201');
  await a.locator('[data-testid=confirm]').click();
  await a.locator('[data-testid=assignee-now]', { hasText: 'Li Wei' }).waitFor({ timeout: WAIT });
  await a.locator('[data-testid=step-resolve]').click();
  await a.fill('[data-testid=note]', 'valve closed, flat aired');
  await a.locator('[data-testid=confirm]').click();
  await a.locator('[data-testid=event-page][data-status=resolved]').waitFor({ timeout: WAIT });
  await a.locator('[data-testid=step-close]').click();
  await a.fill('[data-testid=note]', 'family called back: all well');
  await a.locator('[data-testid=confirm]').click();
  await a.locator('[data-testid=event-page][data-status=closed]').waitFor({ timeout: WAIT });
  await a.locator('[data-testid=timeline-step][data-action=closed]').waitFor({ timeout: WAIT });
  check((await a.locator('[data-testid^=step-]').count()) === 0, 'a closed event offers no step');
  await b.locator('[data-testid=event-page][data-status=closed]').waitFor({ timeout: WAIT });

  log('the rules status page');
  await a.locator('[data-testid=nav-rules]').click();
  await a.locator('[data-testid=rules-page] [data-testid=rule]').first().waitFor({ timeout: WAIT });
  const gasRule = await a.locator('[data-testid=rule]', { hasText: 'gas' }).first().innerText();
  check(/\b[1-9]\d*\b/.test(gasRule), `the gas rule has evaluated readings: ${gasRule}`);
  const judged = a.locator(`[data-testid=judgement][data-station-id="${fx.station}"][data-outcome=no_decision]`).first();
  await judged.waitFor({ timeout: WAIT });
  check((await judged.innerText()).includes('no other station lies within 10 km'), `the station's note says why: ${await judged.innerText()}`);
  await a.selectOption('[data-testid=filter-outcome]', 'signalled');
  check((await a.locator('[data-testid=judgement]').count()) === 0, 'no station signalled');
  await a.selectOption('[data-testid=filter-outcome]', '');
  await labelled(a, 'rules page (zh)');
  await accessible(a, 'rules page (zh)');
  await shot(a, 'rules-zh');

  log("the neighbour rule's event, as the admin sees it: the station, its neighbours' mean and the 30 % line");
  await ingest(fx.dustNeighboursBatch, fx.dustToken);
  await ingest(fx.dustHighBatch, fx.dustToken);
  const dustEvent = await pollEvent(fx.dustHighDevice);
  const adminContext = await context({ locale: 'zh-CN' });
  const d = await adminContext.newPage();
  pages.push(d);
  await signIn(d, 'admin');
  await d.goto(consoleUrl + '#/events/' + dustEvent);
  const dustLine = await d.locator('[data-testid=headline]').innerText();
  check(dustLine === 'PM2.5高于周边：45 µg/m³，高出 50 %', `the neighbour event's line: ${dustLine}`);
  const dustChart = d.locator('[data-testid=event-chart][data-lines="3"]');
  await dustChart.waitFor({ timeout: WAIT });
  const dustHead = await dustChart.locator('table.figures thead').textContent();
  check(dustHead.includes('周边均值') && dustHead.includes('周边均值 + 30 %'), `the neighbours' mean and the 30 % line: ${dustHead}`);
  const dustFigures = await dustChart.locator('table.figures tbody tr').first().textContent();
  check(dustFigures.includes('45') && dustFigures.includes('30') && dustFigures.includes('39'), `45 against a mean of 30 and a line at 39: ${dustFigures}`);
  await labelled(d, 'neighbour event page (zh)');
  await accessible(d, 'neighbour event page (zh)');
  await shot(d, 'event-neighbours-zh');
  await adminContext.close();

  log("the station's page: its device, a chart that zooms, maintenance on and off");
  await a.locator(`[data-testid=judgement][data-station-id="${fx.station}"] a`).first().click();
  const stationPage = a.locator(`[data-testid=place-page][data-kind=station][data-id="${fx.station}"]`);
  await stationPage.waitFor({ timeout: WAIT });
  const dustRow = a.locator(`[data-testid=device][data-device-id="${fx.stationDevice}"]`);
  await dustRow.waitFor({ timeout: WAIT });
  await a.locator('[data-testid=place-chart] canvas').first().waitFor({ timeout: WAIT });
  const wideBuckets = await a.locator('[data-testid=bucket-width]').innerText();
  const over = await a.locator('[data-testid=place-chart] .u-over').boundingBox();
  await a.mouse.move(over.x + over.width * 0.9, over.y + over.height / 2);
  await a.mouse.down();
  await a.mouse.move(over.x + over.width * 0.995, over.y + over.height / 2, { steps: 8 });
  await a.mouse.up();
  await a.locator('[data-testid=zoom-out]').waitFor({ timeout: WAIT });
  await a.locator('[data-testid=bucket-width]').filter({ hasNotText: wideBuckets }).waitFor({ timeout: WAIT });
  await a.locator('[data-testid=zoom-out]').click();
  await a.locator('[data-testid=bucket-width]').filter({ hasText: wideBuckets }).waitFor({ timeout: WAIT });
  await dustRow.locator('[data-testid=maintenance-start]').click();
  await a.fill('[data-testid=hours]', '2');
  await a.fill('[data-testid=note]', 'cleaning the sensor');
  await a.locator('[data-testid=confirm]').click();
  await a.locator(`[data-testid=device][data-device-id="${fx.stationDevice}"][data-maintenance=true]`).waitFor({ timeout: WAIT });
  await a.locator('[data-testid=place-page][data-state=maintenance]').waitFor({ timeout: WAIT });
  await labelled(a, 'station page (zh)');
  await accessible(a, 'station page (zh)');
  await shot(a, 'station-zh');
  await a.locator(`[data-testid=device][data-device-id="${fx.stationDevice}"] [data-testid=maintenance-end]`).click();
  await a.locator(`[data-testid=device][data-device-id="${fx.stationDevice}"][data-maintenance=false]`).waitFor({ timeout: WAIT });

  log("a household's page: its devices, its events and its contacts; a device's page");
  await b.goto(consoleUrl + '#/households/' + encodeURIComponent(fx.home));
  await b.locator(`[data-testid=place-page][data-kind=household][data-id="${fx.home}"]`).waitFor({ timeout: WAIT });
  await b.locator(`[data-testid=device][data-device-id="${fx.homeDevice}"]`).waitFor({ timeout: WAIT });
  await b.locator(`[data-testid=place-events] [data-testid=event][data-event-id="${homeEvent}"][data-status=closed]`).waitFor({ timeout: WAIT });
  await b.locator('[data-testid=contact]').nth(1).waitFor({ timeout: WAIT });
  await b.locator('[data-testid=place-chart] canvas').first().waitFor({ timeout: WAIT });
  await labelled(b, 'household page (en)');
  await accessible(b, 'household page (en)');
  await shot(b, 'household-en');
  await b.locator(`[data-testid=device][data-device-id="${fx.homeDevice}"] a`).click();
  await b.locator(`[data-testid=place-page][data-kind=device][data-id="${fx.homeDevice}"]`).waitFor({ timeout: WAIT });
  await accessible(b, 'device page (en)');
  await b.goto(consoleUrl);

  await a.locator('[data-testid=nav-overview]').click();
  await a.locator('[data-testid=tiles]').waitFor({ timeout: WAIT });

  log('an operator of another community sees none of it');
  const otherContext = await context({ locale: 'en-US' });
  const o = await otherContext.newPage();
  pages.push(o);
  await signIn(o, 'otherOperator');
  await o.selectOption('[data-testid=filter-status]', '');
  await o.locator('[data-testid=no-events]').waitFor({ timeout: WAIT });
  check((await row(o, homeEvent).count()) === 0 && (await row(o, neighbourEvent).count()) === 0, 'another community sees no event of this one');
  const other = await o.evaluate(async () => (await fetch('/api/v1/events')).json());
  check(other.items.length === 0, `another community's operator gets ${other.items.length} events from the API`);
  await o.goto(consoleUrl + '#/events/' + homeEvent);
  await o.locator('[role=alert]').waitFor({ timeout: WAIT });
  check((await o.locator('[data-testid=event-page]').count()) === 0, "another community's operator gets no event page");
  await o.goto(consoleUrl + '#/households/' + encodeURIComponent(fx.home));
  await o.reload(); // a fresh page, so that the alert waited for is this page's
  await o.locator('[role=alert]').waitFor({ timeout: WAIT });
  check((await o.locator('[data-testid=place-page]').count()) === 0, "another community's operator gets no household page");

  log('signing out ends the session, also after a reload');
  await b.locator('[data-testid=sign-out]').click();
  await b.locator('[data-testid=sign-in]').waitFor({ timeout: WAIT });
  await b.reload();
  await b.locator('[data-testid=sign-in]').waitFor({ timeout: WAIT });
  const afterSignOut = await b.evaluate(async () => (await fetch('/api/v1/events')).status);
  check(afterSignOut === 401, `after signing out the API answers ${afterSignOut}, not 401`);

  log('disabling an account ends its session in the open page');
  const viewerContext = await context({ locale: 'en-US' });
  const v = await viewerContext.newPage();
  pages.push(v);
  await signIn(v, 'viewer');
  await statusIs(v, neighbourEvent, 'acknowledged');
  check((await v.locator('[data-testid=ack]').count()) === 0, 'a viewer has no acknowledge button');
  await accessible(v, 'one screen (viewer, en)');
  await admin('POST', `/api/v1/accounts/${fx.accounts.viewer}/disable`);
  await v.locator('[data-testid=sign-in]').waitFor({ timeout: WAIT });
  const afterDisable = await v.evaluate(async () => (await fetch('/api/v1/events')).status);
  check(afterDisable === 401, `after disabling the API answers ${afterDisable}, not 401`);
  await shot(v, 'sign-in-en');

  check(refused.length === 0, `the Content-Security-Policy refused: ${refused.join('; ')}`);
  console.log('console browser test: all passed');
} catch (e) {
  failed = true;
  console.log(`FAILED at "${step}": ${e.message}`);
  for (const [i, page] of pages.entries()) {
    try {
      await shot(page, `failure-${i}`);
    } catch {
      // the page may be gone
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

/** The event of a device, once the rules have raised it. */
async function pollEvent(device) {
  const until = Date.now() + WAIT;
  for (;;) {
    try {
      return await eventOf(device);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
