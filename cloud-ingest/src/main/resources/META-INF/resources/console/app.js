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
import { useRoute } from './route.js';

// the pages behind the one screen are fetched when first opened: the one screen loads without the
// chart library and their code
const EventPage = later(() => import('./views/event.js').then((m) => m.EventPage));
const RulesPage = later(() => import('./views/rules.js').then((m) => m.RulesPage));
const PlacePage = later(() => import('./views/place.js').then((m) => m.PlacePage));
const PLACES = ['stations', 'households', 'devices'];

/** A page component whose module is imported on first use. */
function later(load) {
  let loading = null;
  return function Later(props) {
    const [Page, setPage] = useState(null);
    useEffect(() => {
      loading = loading || load();
      loading.then((p) => setPage(() => p));
    }, []);
    return Page ? html`<${Page} ...${props} />` : html`<main><p>${props.t('app.loading')}</p></main>`;
  };
}

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
  if (PLACES.includes(route.page) && route.id) {
    return html`<${PlacePage} key=${route.page + '/' + route.id} ...${page} page=${route.page} id=${route.id} />`;
  }
  return html`<${OneScreen} ...${page} />`;
}

render(html`<${App} />`, document.getElementById('app'));
