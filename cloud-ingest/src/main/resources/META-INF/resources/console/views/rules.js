// The rules' status: per rule what it evaluated, signalled and could not decide since this node
// started, with its latest notes; per station of the caller's units what each rule that judges
// stations last made of it, and why it could not decide (e.g. the neighbour rule's quorum).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../route.js';
import { Header, when } from './common.js';

const OUTCOMES = ['signalled', 'cleared', 'normal', 'no_decision'];

export function RulesPage({ t, lang, setLang, me, onSignOut }) {
  const [rules, setRules] = useState(null);
  const [stations, setStations] = useState(null);
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    api('GET', '/api/v1/rules/status').then(setRules).catch((err) => setError(err.message));
    api('GET', '/api/v1/rules/status/stations').then(setStations).catch((err) => setError(err.message));
  }, []);

  const shown = (stations || []).filter((s) => !outcome || s.outcome === outcome);
  return html`<div class="screen">
    <${Header} t=${t} lang=${lang} setLang=${setLang} me=${me} onSignOut=${onSignOut} />
    <main class="page" data-testid="rules-page">
      <h2>${t('rules.title')}</h2>
      <p>${t('rules.since')}</p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <table class="events" data-testid="rules">
        <caption class="visually-hidden">${t('rules.title')}</caption>
        <thead><tr>
          <th scope="col">${t('rules.rule')}</th><th scope="col">${t('events.type')}</th>
          <th scope="col">${t('rules.evaluated')}</th><th scope="col">${t('rules.signalled')}</th>
          <th scope="col">${t('rules.noDecision')}</th><th scope="col">${t('rules.notes')}</th>
        </tr></thead>
        <tbody>
          ${(rules || []).map(
            (r) => html`<tr data-testid="rule" data-rule-id=${r.ruleId}>
              <td>${r.ruleId}</td><td>${t('type.' + r.type)}</td><td>${r.evaluated}</td>
              <td>${r.signalled}</td><td>${r.noDecision}</td>
              <td>${r.notes.length ? html`<ul class="notes">${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>

      <h2 id="stations-title">${t('rules.stations')}</h2>
      <div class="filters">
        <label>${t('rules.outcome')}
          <select data-testid="filter-outcome" value=${outcome} onChange=${(e) => setOutcome(e.target.value)}>
            <option value="">${t('filter.all')}</option>
            ${OUTCOMES.map((o) => html`<option value=${o}>${t('outcome.' + o)}</option>`)}
          </select>
        </label>
      </div>
      <table class="events" data-testid="station-judgements" aria-labelledby="stations-title">
        <thead><tr>
          <th scope="col">${t('place.station')}</th><th scope="col">${t('rules.rule')}</th>
          <th scope="col">${t('rules.outcome')}</th><th scope="col">${t('rules.at')}</th>
          <th scope="col">${t('rules.note')}</th>
        </tr></thead>
        <tbody>
          ${stations && shown.length === 0 && html`<tr><td colspan="5">${t('rules.noneYet')}</td></tr>`}
          ${shown.map(
            (s) => html`<tr data-testid="judgement" data-station-id=${s.stationId} data-outcome=${s.outcome}>
              <td><a href=${href('stations', s.stationId)}>${s.stationName || s.stationId}</a><br /><small>${s.unitId}</small></td>
              <td>${s.ruleId}</td>
              <td><span class=${'outcome ' + s.outcome}>${t('outcome.' + s.outcome)}</span></td>
              <td>${s.at ? html`<time datetime=${s.at}>${when(lang, s.at)}</time>` : ''}</td>
              <td>${s.note}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </main>
  </div>`;
}
