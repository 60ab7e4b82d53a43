// A household's contacts as the API shows them to the caller (phones masked for family members and
// viewers), each with its state and, for those who may change them, a way to stop its messages.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

export function Contacts({ t, householdId, canChange }) {
  const [contacts, setContacts] = useState([]);
  const [asking, setAsking] = useState(null); // the contact whose opt-out awaits a yes
  const [error, setError] = useState(null);

  useEffect(() => {
    api('GET', `/api/v1/households/${encodeURIComponent(householdId)}/contacts`)
      .then(setContacts)
      .catch((err) => setError(err.message));
  }, [householdId]);

  async function optOut(id) {
    setError(null);
    try {
      const changed = await api('POST', `/api/v1/households/${encodeURIComponent(householdId)}/contacts/${encodeURIComponent(id)}/opt-out`);
      setContacts((old) => old.map((c) => (c.id === id ? changed : c)));
      setAsking(null);
    } catch (err) {
      setError(err.message);
    }
  }

  return html`<section aria-labelledby=${'contacts-' + householdId}>
    <h3 id=${'contacts-' + householdId}>${t('contacts.title')}</h3>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${contacts.length === 0 && !error && html`<p>${t('contacts.none')}</p>`}
    <ul class="cards" data-testid="contacts">
      ${contacts.map(
        (c) => html`<li class="card" data-testid="contact" data-contact-id=${c.id} data-reachable=${String(c.reachable)}>
          <strong>${c.name}</strong> <span data-testid="phone">${c.phone || ''}</span>
          <p><small>${c.reachable ? t('contacts.reachable') : c.optedOut ? t('contacts.optedOut') : t('contacts.noConsent')}</small></p>
          ${canChange && c.reachable &&
          (asking === c.id
            ? html`<p>${t('contacts.sure', { name: c.name })}</p>
                <div class="steps">
                  <button type="button" class="primary" data-testid="opt-out-yes" onClick=${() => optOut(c.id)}>${t('contacts.yes')}</button>
                  <button type="button" onClick=${() => setAsking(null)}>${t('action.cancel')}</button>
                </div>`
            : html`<button type="button" data-testid="opt-out" onClick=${() => setAsking(c.id)}>${t('contacts.optOut')}</button>`)}
        </li>`,
      )}
    </ul>
  </section>`;
}
