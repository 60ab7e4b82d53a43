import { html } from 'htm/preact';
import { href } from '../route.js';

export function LanguageSwitch({ t, lang, setLang }) {
  return html`<label class="lang">
    <span class="visually-hidden">${t('lang.label')}</span>
    <select data-testid="language" value=${lang} onChange=${(e) => setLang(e.target.value)}>
      <option value="zh" lang="zh-CN">中文</option>
      <option value="en" lang="en">English</option>
    </select>
  </label>`;
}

export function Header({ t, lang, setLang, me, onSignOut }) {
  const staff = me.role !== 'FAMILY';
  return html`<header class="bar">
    <h1>${t('app.title')}</h1>
    ${staff &&
    html`<nav aria-label=${t('nav.label')} class="nav">
      <a href="#/" data-testid="nav-overview">${t('nav.overview')}</a>
      <a href="#/rules" data-testid="nav-rules">${t('nav.rules')}</a>
    </nav>`}
    <div class="bar-right">
      <span data-testid="whoami">${me.username} · ${t('role.' + me.role.toLowerCase())}</span>
      <${LanguageSwitch} t=${t} lang=${lang} setLang=${setLang} />
      <button type="button" data-testid="sign-out" onClick=${onSignOut}>${t('session.signOut')}</button>
    </div>
  </header>`;
}

/**
 * The event in the reader's language: what it is about, as the SMS names it, and the figure that
 * matters. The server's summary (English, the rule's own words) when the topic is not a known one.
 */
export function headline(t, e) {
  if (!e.topic || e.topic === 'other') return e.summary;
  const topic = t('topic.' + e.topic);
  const d = e.details || {};
  const unit = (x) => (d.unit ? `${figure(x)} ${d.unit}` : `${figure(x)}`);
  if (e.ruleType === 'threshold' && e.lastValue != null && typeof d.limit === 'number') {
    return t('headline.threshold', { topic, value: unit(e.lastValue), limit: unit(d.limit) });
  }
  if (e.ruleType === 'neighbour' && d.mean != null && d.percentAbove != null) {
    return t('headline.neighbour', { topic, value: unit(d.mean), percent: d.percentAbove });
  }
  if (e.ruleType === 'noConsumption' && d.activeSilenceHours != null) {
    return t('headline.noConsumption', { topic, hours: figure(d.activeSilenceHours) });
  }
  if (e.ruleType === 'rate' && e.lastValue != null) {
    return t('headline.value', { topic, value: unit(e.lastValue) });
  }
  return topic;
}

function figure(v) {
  return Number.isInteger(v) ? v : Number(Number(v).toPrecision(4));
}

/** A page whose data has not come yet, or could not be read (e.g. 404 outside one's units). */
export function Pending({ t, header, error }) {
  return html`<div class="screen">${header}<main>
    ${error ? html`<p class="error" role="alert">${error}</p>` : html`<p>${t('app.loading')}</p>`}
  </main></div>`;
}

/** "3 min", "2 h 5 min": how long ago, in the page's language. */
export function age(t, since, now = Date.now()) {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60000));
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hours', { h: hours, m: minutes % 60 });
  return t('time.days', { n: Math.floor(hours / 24) });
}

export function when(lang, at) {
  return at ? new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '';
}

/**
 * The note dialog for a step on one or many events; assigning also asks who takes them on, and
 * maintenance for how many hours (at most a week, as the server allows).
 */
export function NoteDialog({ t, title, onConfirm, onCancel, busy, error, withAssignee, withHours }) {
  return html`<div class="dialog-backdrop">
    <div role="dialog" aria-modal="true" aria-labelledby="note-title" class="dialog" data-testid="note-dialog">
      <h2 id="note-title">${title}</h2>
      <form onSubmit=${(e) => {
        e.preventDefault();
        const fields = e.target.elements;
        const second = withAssignee ? fields.assignee.value.trim() : withHours ? fields.hours.value : undefined;
        onConfirm(fields.note.value, second);
      }}>
        ${withAssignee &&
        html`<label for="assignee">${t('events.assignee')}</label>
          <input id="assignee" name="assignee" required data-testid="assignee" />`}
        ${withHours &&
        html`<label for="hours">${t('maintenance.hours')}</label>
          <input id="hours" name="hours" type="number" min="1" max="168" value="4" required data-testid="hours" />`}
        <label for="note">${t('events.note')}</label>
        <textarea id="note" name="note" rows="3" data-testid="note"></textarea>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <div class="dialog-buttons">
          <button type="button" onClick=${onCancel}>${t('action.cancel')}</button>
          <button type="submit" class="primary" disabled=${busy} data-testid="confirm">${t('action.confirm')}</button>
        </div>
      </form>
    </div>
  </div>`;
}

/** Where the event is, linked to the place's page. */
export function place(e) {
  const links = [];
  if (e.householdId) links.push(html`<a href=${href('households', e.householdId)}>${e.householdId}</a>`);
  if (e.stationId) links.push(html`<a href=${href('stations', e.stationId)}>${e.stationId}</a>`);
  if (e.deviceId) links.push(html`<a href=${href('devices', e.deviceId)}>${e.deviceId}</a>`);
  if (links.length === 0) links.push(e.subject);
  return html`${links.map((l, i) => html`${i ? ' · ' : ''}${l}`)} <small>${e.unitId}</small>`;
}
