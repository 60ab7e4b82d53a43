// A station's, household's or device's page (GET /api/v1/console/places/{kind}/{id}): its state,
// its devices with their last contact and maintenance (on and off for operators), a chart of one
// device's readings with zoom, its recent events, and for a household its contacts.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, eventStream } from '../api.js';
import { href } from '../route.js';
import { Header, NoteDialog, Pending, headline, when } from './common.js';
import { Chart, aggregate, align } from './chart.js';
import { Contacts } from './contacts.js';

const KINDS = { stations: 'station', households: 'household', devices: 'device' };
const SPANS = { '6h': 6, '24h': 24, '7d': 168 };

export function PlacePage({ t, lang, setLang, me, onSignOut, onEnded, page, id }) {
  const kind = KINDS[page];
  const [place, setPlace] = useState(null);
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState(null); // the device to put into maintenance
  const [busy, setBusy] = useState(false);
  const canWrite = me.role === 'ADMIN' || me.role === 'OPERATOR';
  const path = `/api/v1/console/places/${kind}/${encodeURIComponent(id)}`;

  function load() {
    api('GET', path).then(setPlace).catch((err) => setError(err.message));
  }

  useEffect(() => {
    load();
    // read again when one of this place's events changes, not at every event of the area
    const field = { station: 'stationId', household: 'householdId', device: 'deviceId' }[kind];
    return eventStream((change, event) => {
      if (event[field] === id) load();
    }, onEnded);
  }, [kind, id]);

  async function startMaintenance(note, hours) {
    setBusy(true);
    setError(null);
    try {
      const until = new Date(Date.now() + Number(hours) * 3600_000).toISOString();
      await api('POST', `/api/v1/devices/${encodeURIComponent(dialog)}/maintenance`, { until, note });
      setDialog(null);
      load();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function endMaintenance(device) {
    setError(null);
    try {
      await api('DELETE', `/api/v1/devices/${encodeURIComponent(device)}/maintenance`);
      load();
    } catch (err) {
      setError(err.message);
    }
  }

  const header = html`<${Header} t=${t} lang=${lang} setLang=${setLang} me=${me} onSignOut=${onSignOut} />`;
  if (!place) return html`<${Pending} t=${t} header=${header} error=${error} />`;
  return html`<div class="screen">
    ${header}
    <main class="page" data-testid="place-page" data-kind=${place.kind} data-id=${place.id} data-state=${place.state}>
      <p><a href="#/">${t('nav.back')}</a></p>
      <h2>${t('place.' + place.kind)}: ${place.name || place.id}
        <span class=${'state ' + place.state} data-testid="place-state">${t('state.' + place.state)}</span></h2>
      <dl class="facts">
        <dt>${t('events.unit')}</dt><dd>${place.unitId || ''}</dd>
        ${place.stationId && html`<dt>${t('place.station')}</dt><dd><a href=${href('stations', place.stationId)}>${place.stationId}</a></dd>`}
        ${place.householdId && html`<dt>${t('place.household')}</dt><dd><a href=${href('households', place.householdId)}>${place.householdId}</a></dd>`}
        ${place.lat != null && html`<dt>${t('place.position')}</dt><dd>${place.lat}, ${place.lon}</dd>`}
      </dl>
      ${error && !dialog && html`<p class="error" role="alert">${error}</p>`}
      <${Devices} t=${t} lang=${lang} place=${place} canWrite=${canWrite}
        onStart=${(d) => setDialog(d)} onEnd=${endMaintenance} />
      <${Readings} t=${t} devices=${place.devices} />
      <${PlaceEvents} t=${t} lang=${lang} events=${place.events} />
      ${place.kind === 'household' && html`<${Contacts} t=${t} householdId=${place.id} canChange=${canWrite} />`}
    </main>
    ${dialog &&
    html`<${NoteDialog} t=${t} busy=${busy} error=${error} withHours=${true}
      title=${t('maintenance.startTitle', { device: dialog })}
      onConfirm=${startMaintenance} onCancel=${() => { setDialog(null); setError(null); }} />`}
  </div>`;
}

function Devices({ t, lang, place, canWrite, onStart, onEnd }) {
  return html`<section aria-labelledby="devices-title">
    <h3 id="devices-title">${t('place.devices')}</h3>
    <table class="events" data-testid="devices">
      <thead><tr>
        <th scope="col">${t('place.device')}</th><th scope="col">${t('place.profile')}</th>
        <th scope="col">${t('place.lastContact')}</th><th scope="col">${t('place.lastReading')}</th>
        <th scope="col">${t('place.deviceState')}</th>
        ${canWrite && html`<th scope="col"><span class="visually-hidden">${t('events.actions')}</span></th>`}
      </tr></thead>
      <tbody>
        ${place.devices.length === 0 && html`<tr><td colspan="6">${t('place.noDevices')}</td></tr>`}
        ${place.devices.map(
          (d) => html`<tr data-testid="device" data-device-id=${d.id} data-maintenance=${String(!!d.maintenance)}>
            <td><a href=${href('devices', d.id)}>${d.id}</a></td>
            <td>${d.profile}</td>
            <td>${d.gatewayLastContact ? html`<time datetime=${d.gatewayLastContact}>${when(lang, d.gatewayLastContact)}</time>` : t('place.never')}</td>
            <td>${d.lastReadingAt ? html`<time datetime=${d.lastReadingAt}>${when(lang, d.lastReadingAt)}</time>` : t('place.never')}</td>
            <td>${d.maintenance
              ? t('maintenance.until', { until: when(lang, d.maintenance.until), by: d.maintenance.startedBy || '' })
              : d.offline ? t('state.offline') : t('state.ok')}</td>
            ${canWrite &&
            html`<td>${d.maintenance
              ? html`<button type="button" data-testid="maintenance-end" onClick=${() => onEnd(d.id)}>${t('maintenance.end')}</button>`
              : html`<button type="button" data-testid="maintenance-start" onClick=${() => onStart(d.id)}>${t('maintenance.start')}</button>`}</td>`}
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** One device's readings of one quantity over a span; dragging across the chart zooms in. */
function Readings({ t, devices }) {
  const choices = devices.flatMap((d) => (d.quantities || []).map((q) => ({ device: d.id, quantity: q.id, unit: q.unit })));
  const [choice, setChoice] = useState(0);
  const [picked, setPicked] = useState(false); // until someone picks, the first series with readings
  const [span, setSpan] = useState('24h');
  const [zoom, setZoom] = useState(null); // {from, to} after a drag
  const [chart, setChart] = useState(null);
  const [error, setError] = useState(null);
  const c = choices[choice];

  useEffect(() => {
    if (!c) return;
    const to = zoom ? zoom.to : new Date().toISOString();
    const from = zoom ? zoom.from : new Date(Date.now() - SPANS[span] * 3600_000).toISOString();
    aggregate(c.device, c.quantity, from, to)
      .then((answer) => {
        if (answer.buckets.length === 0 && !picked && !zoom && choice < choices.length - 1) {
          setChoice(choice + 1);
          return;
        }
        const { times, columns } = align([answer]);
        const lines = [{ label: `${c.device} ${t('chart.mean')}`, values: columns[0] }];
        const byTime = new Map(answer.buckets.map((b) => [Math.floor(new Date(b.t).getTime() / 1000), b]));
        lines.push({ label: t('chart.min'), values: times.map((x) => byTime.get(x).min), colour: '#9aa0a6', width: 1, points: false });
        lines.push({ label: t('chart.max'), values: times.map((x) => byTime.get(x).max), colour: '#9aa0a6', width: 1, points: false });
        setChart({ times, lines, every: answer.every, title: t('chart.title', { quantity: c.quantity, device: c.device }), unit: c.unit });
        setError(null);
      })
      .catch((err) => setError(err.message));
  }, [choice, span, zoom, devices.length]);

  if (!c) return null;
  return html`<section aria-labelledby="readings-title">
    <h3 id="readings-title">${t('place.readings')}</h3>
    <div class="filters">
      <label>${t('place.series')}
        <select data-testid="series" value=${choice} onChange=${(e) => { setChoice(Number(e.target.value)); setPicked(true); setZoom(null); }}>
          ${choices.map((x, i) => html`<option value=${i}>${x.device} · ${x.quantity}</option>`)}
        </select>
      </label>
      <label>${t('place.span')}
        <select data-testid="span" value=${span} onChange=${(e) => { setSpan(e.target.value); setZoom(null); }}>
          ${Object.keys(SPANS).map((s) => html`<option value=${s}>${t('span.' + s)}</option>`)}
        </select>
      </label>
      ${zoom && html`<button type="button" data-testid="zoom-out" onClick=${() => setZoom(null)}>${t('chart.zoomOut')}</button>`}
      ${chart && html`<span data-testid="bucket-width">${t('chart.every', { every: chart.every })}</span>`}
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${chart && html`<${Chart} t=${t} testid="place-chart" ...${chart} onZoom=${(from, to) => setZoom({ from, to })} />`}
    <p><small>${t('chart.dragToZoom')}</small></p>
  </section>`;
}

function PlaceEvents({ t, lang, events }) {
  return html`<section aria-labelledby="place-events-title">
    <h3 id="place-events-title">${t('place.events')}</h3>
    <table class="events" data-testid="place-events">
      <thead><tr>
        <th scope="col">${t('events.severity')}</th><th scope="col">${t('events.summary')}</th>
        <th scope="col">${t('events.status')}</th><th scope="col">${t('events.raised')}</th>
      </tr></thead>
      <tbody>
        ${events.length === 0 && html`<tr><td colspan="4">${t('events.none')}</td></tr>`}
        ${events.map(
          (e) => html`<tr data-testid="event" data-event-id=${e.id} data-status=${e.status}>
            <td><span class=${'badge ' + e.severity}>${t('severity.' + e.severity)}</span></td>
            <td><a href=${href('events', e.id)} title=${e.summary}>${headline(t, e)}</a></td>
            <td>${t('status.' + e.status)}</td>
            <td><time datetime=${e.raisedAt}>${when(lang, e.raisedAt)}</time></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
