// The family page, made for a phone: the household's state at a glance, its active events, each
// with an acknowledge button, and its contacts, each of whom can be opted out of the messages.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, eventStream } from '../api.js';
import { Header, headline, when } from './common.js';
import { Contacts } from './contacts.js';

const FAMILY_ACKED = 'family_acked';

export function FamilyPage({ t, lang, setLang, me, onSignOut, onEnded }) {
  const [households, setHouseholds] = useState([]);
  const [events, setEvents] = useState(new Map());
  const [error, setError] = useState(null);

  async function detail(id) {
    const event = await api('GET', `/api/v1/events/${id}`);
    setEvents((old) => new Map(old).set(event.id, event));
  }

  useEffect(() => {
    Promise.all(me.householdIds.map((id) => api('GET', `/api/v1/households/${id}`)))
      .then(setHouseholds)
      .catch((err) => setError(err.message));
    api('GET', '/api/v1/events?limit=100')
      .then((page) => page.items.forEach((e) => detail(e.id)))
      .catch((err) => setError(err.message));
    return eventStream((kind, event) => detail(event.id).catch(() => {}), onEnded);
  }, []);

  async function acknowledge(id) {
    setError(null);
    try {
      const updated = await api('POST', `/api/v1/events/${id}/ack`, { note: t('family.ackNote') });
      setEvents((old) => new Map(old).set(updated.id, updated));
    } catch (err) {
      setError(err.message);
    }
  }

  const active = [...events.values()]
    .filter((e) => e.status === 'open' || e.status === 'acknowledged')
    .sort((a, b) => b.id - a.id);
  const familyAcked = (e) => (e.audit || []).some((a) => a.action === FAMILY_ACKED);
  const needsUs = active.filter((e) => e.status === 'open' && !familyAcked(e));

  return html`<div class="screen family">
    <${Header} t=${t} lang=${lang} setLang=${setLang} me=${me} onSignOut=${onSignOut} />
    <main>
      ${households.map(
        (h) => html`<h2 data-testid="household">${h.name || h.id}</h2>`,
      )}
      <p class=${'glance ' + (needsUs.length ? 'alarm' : 'ok')} data-testid="glance" role="status">
        ${needsUs.length ? t('family.alarms', { n: needsUs.length }) : t('family.allWell')}
      </p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <ul class="cards" data-testid="events">
        ${active.map(
          (e) => html`<li class="card" data-testid="event" data-event-id=${e.id} data-status=${e.status}>
            <span class=${'badge ' + e.severity}>${t('severity.' + e.severity)}</span>
            <p class="card-summary">${headline(t, e)}</p>
            <p><small><time datetime=${e.raisedAt}>${when(lang, e.raisedAt)}</time></small></p>
            ${e.status === 'open' && !familyAcked(e)
              ? html`<button type="button" class="primary big" data-testid="ack" onClick=${() => acknowledge(e.id)}>
                  ${t('family.ack')}</button>`
              : html`<p data-testid="acked">${t('family.acked')}</p>`}
          </li>`,
        )}
      </ul>
      ${me.householdIds.map((id) => html`<${Contacts} t=${t} householdId=${id} canChange=${true} />`)}
    </main>
  </div>`;
}
