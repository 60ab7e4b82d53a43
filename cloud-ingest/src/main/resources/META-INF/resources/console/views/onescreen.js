// The one screen: KPI tiles and the live event list, with acknowledgement of one or many events.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, eventStream } from '../api.js';
import { Header, NoteDialog, age, when } from './common.js';
import { AreaMap } from './map.js';

const SEVERITIES = ['critical', 'major', 'minor', 'info'];
const STATUSES = ['open', 'acknowledged', 'resolved', 'closed'];
const ACTIVE = ['open', 'acknowledged'];

export function OneScreen({ t, lang, setLang, me, onSignOut, onEnded }) {
  const [events, setEvents] = useState(new Map());
  const [kpis, setKpis] = useState(null);
  const [severity, setSeverity] = useState('');
  const [status, setStatus] = useState('active');
  const [selected, setSelected] = useState(new Set());
  const [dialog, setDialog] = useState(null); // the ids to acknowledge
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [now, setNow] = useState(Date.now());
  const canWrite = me.role === 'ADMIN' || me.role === 'OPERATOR';

  const [mapTick, setMapTick] = useState(0);

  function loadKpis() {
    api('GET', '/api/v1/console/tiles').then(setKpis).catch(() => {});
  }

  useEffect(() => {
    api('GET', '/api/v1/events?limit=500')
      .then((page) => setEvents(new Map(page.items.map((e) => [e.id, e]))))
      .catch((err) => setError(err.message));
    // the map loads itself once; a tick here would ask for it a second time (bench/run-console.sh)
    loadKpis();
    const stop = eventStream((kind, event) => {
      setEvents((old) => new Map(old).set(event.id, event));
      loadKpis();
      setMapTick((n) => n + 1);
    }, onEnded);
    const tick = setInterval(() => setNow(Date.now()), 30000);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, []);

  const all = [...events.values()].sort((a, b) => b.id - a.id);
  const shown = all.filter(
    (e) =>
      (!severity || e.severity === severity) &&
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

  async function acknowledge(note) {
    setBusy(true);
    setError(null);
    const failures = [];
    for (const id of dialog) {
      try {
        const updated = await api('POST', `/api/v1/events/${id}/ack`, { note });
        setEvents((old) => new Map(old).set(updated.id, updated));
      } catch (err) {
        failures.push(`#${id}: ${err.message}`);
      }
    }
    setBusy(false);
    if (failures.length) {
      setError(failures.join('; '));
    } else {
      setDialog(null);
      setSelected(new Set());
    }
  }

  const ackable = [...selected].filter((id) => events.get(id) && events.get(id).status === 'open');

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
          ${canWrite &&
          html`<button type="button" data-testid="ack-selected" disabled=${ackable.length === 0}
            onClick=${() => setDialog(ackable)}>${t('events.ackSelected', { n: ackable.length })}</button>`}
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
                <td>${e.summary}</td>
                <td>${e.householdId || e.stationId || e.deviceId || e.subject}<br /><small>${e.unitId}</small></td>
                <td data-testid="status">${t('status.' + e.status)}${e.acknowledgedBy ? html`<br /><small>${e.acknowledgedBy}</small>` : ''}</td>
                <td><time datetime=${e.raisedAt}>${when(lang, e.raisedAt)}</time></td>
                ${canWrite &&
                html`<td>${e.status === 'open' &&
                html`<button type="button" data-testid="ack" onClick=${() => setDialog([e.id])}>${t('events.ack')}</button>`}</td>`}
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
    </main>
    ${dialog &&
    html`<${NoteDialog} t=${t} busy=${busy} error=${error}
      title=${t('events.ackTitle', { n: dialog.length })}
      onConfirm=${acknowledge} onCancel=${() => { setDialog(null); setError(null); }} />`}
  </div>`;
}
