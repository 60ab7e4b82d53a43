// The one screen: KPI tiles, the map and the live event list, with the steps of the event's life
// (acknowledge, assign, resolve, close) on one or many events, each with a note.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, eventStream } from '../api.js';
import { STEPS, takeStep } from '../actions.js';
import { href } from '../route.js';
import { Header, NoteDialog, age, headline, place, when } from './common.js';
import { AreaMap } from './map.js';

const SEVERITIES = ['critical', 'major', 'minor', 'info'];
const STATUSES = ['open', 'acknowledged', 'resolved', 'closed'];
const ACTIVE = ['open', 'acknowledged'];
const REFRESH_MS = 2000;
const TYPES = ['threshold', 'neighbour', 'rate', 'noConsumption', 'offline', 'battery', 'state', 'edge'];

export function OneScreen({ t, lang, setLang, me, onSignOut, onEnded }) {
  const [events, setEvents] = useState(new Map());
  const [kpis, setKpis] = useState(null);
  const [severity, setSeverity] = useState('');
  const [status, setStatus] = useState('active');
  const [type, setType] = useState('');
  const [unit, setUnit] = useState('');
  const [units, setUnits] = useState([]);
  const [selected, setSelected] = useState(new Set());
  const [dialog, setDialog] = useState(null); // {step, ids}
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [now, setNow] = useState(Date.now());
  const canWrite = me.role === 'ADMIN' || me.role === 'OPERATOR';

  const [mapTick, setMapTick] = useState(0);

  function loadKpis() {
    api('GET', '/api/v1/console/tiles').then(setKpis).catch(() => {});
  }

  // a burst of live events (a storm, a gateway back with its backlog) refreshes the tiles and the
  // map once per REFRESH_MS, not once per event
  const pending = useRef(null);
  function refreshSoon() {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      loadKpis();
      setMapTick((n) => n + 1);
    }, REFRESH_MS);
  }

  useEffect(() => {
    api('GET', '/api/v1/events?limit=500')
      .then((page) => setEvents(new Map(page.items.map((e) => [e.id, e]))))
      .catch((err) => setError(err.message));
    // the map loads itself once; a tick here would ask for it a second time (bench/run-console.sh)
    loadKpis();
    api('GET', '/api/v1/units').then(setUnits).catch(() => {});
    const stop = eventStream((kind, event) => {
      setEvents((old) => new Map(old).set(event.id, event));
      refreshSoon();
    }, onEnded);
    const tick = setInterval(() => setNow(Date.now()), 30000);
    return () => {
      stop();
      clearInterval(tick);
      clearTimeout(pending.current);
    };
  }, []);

  const all = [...events.values()].sort((a, b) => b.id - a.id);
  const shown = all.filter(
    (e) =>
      (!severity || e.severity === severity) &&
      (!type || e.ruleType === type) &&
      (!unit || e.unitId === unit) &&
      (status === 'active' ? ACTIVE.includes(e.status) : !status || e.status === status),
  );
  // counted by the service for the caller's units (GET /api/v1/console/tiles)
  const k = kpis;
  const bySeverity = (k && k.openBySeverity) || {};
  const closure = k && k.closure;
  const dash = '—';
  const tiles = [
    ['devicesOnline', k ? `${k.devices.online} / ${k.devices.total}` : dash],
    ['devicesOffline', k ? k.devices.offline : dash],
    ['gatewaysOffline', k ? k.gateways.offline : dash],
    ['openCritical', k ? bySeverity.critical || 0 : dash],
    ['openMajor', k ? bySeverity.major || 0 : dash],
    ['openOther', k ? (bySeverity.minor || 0) + (bySeverity.info || 0) : dash],
    ['unacknowledged', k ? k.unacknowledged : dash],
    ['oldestUnacknowledged', k && k.oldestUnacknowledgedAt ? age(t, k.oldestUnacknowledgedAt, now) : dash],
    ['notificationsFailed', k ? k.notificationsFailed24h : dash],
    ['raised', closure ? closure.raised : dash],
    ['closureRate', closure ? Math.round(closure.closureRate * 100) + ' %' : dash],
    [
      'meanTimeToResolve',
      closure && closure.meanSecondsToResolve != null
        ? age(t, now - closure.meanSecondsToResolve * 1000, now)
        : dash,
    ],
    ['overdue', closure ? closure.overdue : dash],
  ];

  function toggle(id) {
    const next = new Set(selected);
    next.has(id) ? next.delete(id) : next.add(id);
    setSelected(next);
  }

  async function step(note, assignee) {
    setBusy(true);
    setError(null);
    const failures = await takeStep(dialog.step, dialog.ids, note, assignee, (updated) =>
      setEvents((old) => new Map(old).set(updated.id, updated)),
    );
    setBusy(false);
    if (failures.length) {
      setError(failures.join('; '));
    } else {
      setDialog(null);
      setSelected(new Set());
    }
  }

  // the selected events each step may take, as their status allows
  const eligible = (s) => [...selected].filter((id) => events.get(id) && STEPS[s].allowed(events.get(id).status));

  return html`<div class="screen">
    <${Header} t=${t} lang=${lang} setLang=${setLang} me=${me} onSignOut=${onSignOut} />
    <main>
      <section aria-labelledby="kpi-title">
        <h2 id="kpi-title">${t('kpi.title')}</h2>
        <ul class="tiles" data-testid="tiles">
          ${tiles.map(
            ([key, value]) => html`<li class="tile" data-testid=${'tile-' + key}>
              <span class="tile-value">${value}</span>
              <span class="tile-label">${t('kpi.' + key)}</span>
            </li>`,
          )}
        </ul>
      </section>
      <${AreaMap} t=${t} refresh=${mapTick} />
      <section aria-labelledby="events-title">
        <h2 id="events-title">${t('events.title')}</h2>
        <div class="filters">
          <label>${t('events.severity')}
            <select data-testid="filter-severity" value=${severity} onChange=${(e) => setSeverity(e.target.value)}>
              <option value="">${t('filter.all')}</option>
              ${SEVERITIES.map((s) => html`<option value=${s}>${t('severity.' + s)}</option>`)}
            </select>
          </label>
          <label>${t('events.status')}
            <select data-testid="filter-status" value=${status} onChange=${(e) => setStatus(e.target.value)}>
              <option value="active">${t('filter.active')}</option>
              <option value="">${t('filter.all')}</option>
              ${STATUSES.map((s) => html`<option value=${s}>${t('status.' + s)}</option>`)}
            </select>
          </label>
          <label>${t('events.type')}
            <select data-testid="filter-type" value=${type} onChange=${(e) => setType(e.target.value)}>
              <option value="">${t('filter.all')}</option>
              ${TYPES.map((s) => html`<option value=${s}>${t('type.' + s)}</option>`)}
            </select>
          </label>
          <label>${t('events.unit')}
            <select data-testid="filter-unit" value=${unit} onChange=${(e) => setUnit(e.target.value)}>
              <option value="">${t('filter.all')}</option>
              ${units.map((u) => html`<option value=${u.id}>${u.name || u.id}</option>`)}
            </select>
          </label>
          ${canWrite &&
          Object.keys(STEPS).map((s) => {
            const ids = eligible(s);
            return html`<button type="button" data-testid=${s + '-selected'} disabled=${ids.length === 0}
              onClick=${() => setDialog({ step: s, ids })}>${t('step.' + s + 'Selected', { n: ids.length })}</button>`;
          })}
        </div>
        ${error && !dialog && html`<p class="error" role="alert">${error}</p>`}
        <table class="events" data-testid="events">
          <caption class="visually-hidden">${t('events.title')}</caption>
          <thead>
            <tr>
              ${canWrite && html`<th scope="col"><span class="visually-hidden">${t('events.select')}</span></th>`}
              <th scope="col">${t('events.severity')}</th>
              <th scope="col">${t('events.summary')}</th>
              <th scope="col">${t('events.where')}</th>
              <th scope="col">${t('events.status')}</th>
              <th scope="col">${t('events.raised')}</th>
              ${canWrite && html`<th scope="col"><span class="visually-hidden">${t('events.actions')}</span></th>`}
            </tr>
          </thead>
          <tbody>
            ${shown.length === 0 &&
            html`<tr><td colspan="7" data-testid="no-events">${t('events.none')}</td></tr>`}
            ${shown.map(
              (e) => html`<tr data-testid="event" data-event-id=${e.id} data-status=${e.status}>
                ${canWrite &&
                html`<td><input type="checkbox" checked=${selected.has(e.id)} onChange=${() => toggle(e.id)}
                  aria-label=${t('events.selectOne', { id: e.id })} /></td>`}
                <td><span class=${'badge ' + e.severity}>${t('severity.' + e.severity)}</span></td>
                <td><a href=${href('events', e.id)} data-testid="event-link" title=${e.summary}>${headline(t, e)}</a></td>
                <td>${place(e)}</td>
                <td data-testid="status">${t('status.' + e.status)}${e.acknowledgedBy ? html`<br /><small>${e.acknowledgedBy}</small>` : ''}</td>
                <td><time datetime=${e.raisedAt}>${when(lang, e.raisedAt)}</time></td>
                ${canWrite &&
                html`<td>${e.status === 'open' &&
                html`<button type="button" data-testid="ack" onClick=${() => setDialog({ step: 'ack', ids: [e.id] })}>${t('events.ack')}</button>`}</td>`}
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
    </main>
    ${dialog &&
    html`<${NoteDialog} t=${t} busy=${busy} error=${error} withAssignee=${dialog.step === 'assign'}
      title=${t('step.' + dialog.step + 'Title', { n: dialog.ids.length })}
      onConfirm=${step} onCancel=${() => { setDialog(null); setError(null); }} />`}
  </div>`;
}
