import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { LanguageSwitch } from './common.js';

export function SignIn({ t, lang, setLang, onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    const form = e.target.elements;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(
        await api('POST', '/api/v1/session', {
          username: form.username.value.trim(),
          password: form.password.value,
        }),
      );
    } catch (err) {
      setError(err.status === 401 ? t('session.wrong') : err.status === 429 ? t('session.throttled') : err.message);
    } finally {
      setBusy(false);
    }
  }

  return html`<main class="signin">
    <div class="signin-lang"><${LanguageSwitch} t=${t} lang=${lang} setLang=${setLang} /></div>
    <h1>${t('app.title')}</h1>
    <p>${t('session.intro')}</p>
    <form onSubmit=${submit} data-testid="sign-in">
      <label for="username">${t('session.username')}</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">${t('session.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${error && html`<p class="error" role="alert" data-testid="sign-in-error">${error}</p>`}
      <button type="submit" class="primary" disabled=${busy}>${t('session.signIn')}</button>
    </form>
  </main>`;
}
