// The page shown, from the URL's hash: #/ the one screen, #/events/12 an event, #/rules the rules'
// status, #/stations/st-03 (and households, devices) a place.
import { useEffect, useState } from 'preact/hooks';

export function parseRoute(hash) {
  const [page = '', id = null] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page, id };
}

export function useRoute() {
  const [route, setRoute] = useState(parseRoute(location.hash));
  useEffect(() => {
    const changed = () => {
      setRoute(parseRoute(location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function href(page, id) {
  return id === undefined ? `#/${page}` : `#/${page}/${encodeURIComponent(id)}`;
}
