// The console: signs in, then shows the one screen (operators, viewers, admins) or the family page.
import { html, render } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, whenSignedOut } from './api.js';
import { initialLanguage, keepLanguage, translate } from './i18n.js';
import { SignIn } from './views/signin.js';
import { OneScreen } from './views/onescreen.js';
import { FamilyPage } from './views/family.js';

function App() {
  const [lang, setLang] = useState(initialLanguage());
  const [me, setMe] = useState(undefined); // undefined: asking; null: signed out
  const t = (key, vars) => translate(lang, key, vars);

  useEffect(() => keepLanguage(lang), [lang]);
  useEffect(() => {
    document.title = t('app.title');
  }, [lang]);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    api('GET', '/api/v1/session')
      .then(signedIn)
      .catch(() => setMe(null));
  }, []);

  function signedIn(session) {
    setCsrf(session.csrf);
    setMe(session);
  }

  async function signOut() {
    try {
      await api('DELETE', '/api/v1/session');
    } finally {
      setCsrf(null);
      setMe(null);
    }
  }

  const common = { t, lang, setLang };
  if (me === undefined) return html`<main><p>${t('app.loading')}</p></main>`;
  if (me === null) return html`<${SignIn} ...${common} onSignedIn=${signedIn} />`;
  const ended = () => setMe(null);
  if (me.role === 'FAMILY') {
    return html`<${FamilyPage} ...${common} me=${me} onSignOut=${signOut} onEnded=${ended} />`;
  }
  return html`<${OneScreen} ...${common} me=${me} onSignOut=${signOut} onEnded=${ended} />`;
}

render(html`<${App} />`, document.getElementById('app'));
