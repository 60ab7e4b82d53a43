// The console: signs in, then shows the one screen and the pages behind it (operators, viewers,
// admins) or the family page. Pages are addressed by the URL's hash (#/events/12), so a link can be
// shared and the browser's back button works.
import { html, render } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, whenSignedOut } from './api.js';
import { initialLanguage, keepLanguage, translate } from './i18n.js';
import { SignIn } from './views/signin.js';
import { OneScreen } from './views/onescreen.js';
import { FamilyPage } from './views/family.js';
import { EventPage } from './views/event.js';
import { RulesPage } from './views/rules.js';
import { PlacePage, isPlacePage } from './views/place.js';
import { useRoute } from './route.js';

function App() {
  const [lang, setLang] = useState(initialLanguage());
  const [me, setMe] = useState(undefined); // undefined: asking; null: signed out
  const route = useRoute();
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
  const page = { ...common, me, onSignOut: signOut, onEnded: ended };
  if (route.page === 'events' && route.id) return html`<${EventPage} key=${route.id} ...${page} id=${route.id} />`;
  if (route.page === 'rules') return html`<${RulesPage} ...${page} />`;
  if (isPlacePage(route.page) && route.id) {
    return html`<${PlacePage} key=${route.page + '/' + route.id} ...${page} page=${route.page} id=${route.id} />`;
  }
  return html`<${OneScreen} ...${page} />`;
}

render(html`<${App} />`, document.getElementById('app'));
