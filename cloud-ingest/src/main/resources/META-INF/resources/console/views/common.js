import { html } from 'htm/preact';

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
  return html`<header class="bar">
    <h1>${t('app.title')}</h1>
    <div class="bar-right">
      <span data-testid="whoami">${me.username} · ${t('role.' + me.role.toLowerCase())}</span>
      <${LanguageSwitch} t=${t} lang=${lang} setLang=${setLang} />
      <button type="button" data-testid="sign-out" onClick=${onSignOut}>${t('session.signOut')}</button>
    </div>
  </header>`;
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

/** The note dialog for acknowledging one or many events. */
export function NoteDialog({ t, title, onConfirm, onCancel, busy, error }) {
  return html`<div class="dialog-backdrop">
    <div role="dialog" aria-modal="true" aria-labelledby="note-title" class="dialog" data-testid="note-dialog">
      <h2 id="note-title">${title}</h2>
      <form onSubmit=${(e) => {
        e.preventDefault();
        onConfirm(e.target.elements.note.value);
      }}>
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
