// The map of the caller's stations and households, coloured by state, over the units' outlines.
// With no internet there are no tiles: outlines and markers on a plain background, unless an
// admin configured a tile URL (citysense.console.tile-url).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import * as L from 'leaflet';
import { api } from '../api.js';
import { href } from '../route.js';

export const STATES = ['alarm', 'offline', 'maintenance', 'ok'];
const COLOURS = { alarm: '#b3261e', offline: '#5f6368', maintenance: '#b26a00', ok: '#1e7b34' };

export function AreaMap({ t, refresh }) {
  const box = useRef(null);
  const map = useRef(null);
  const drawn = useRef(null);
  const [markers, setMarkers] = useState([]);

  useEffect(() => {
    const m = L.map(box.current, { attributionControl: false });
    map.current = m;
    api('GET', '/api/v1/console/settings')
      .then((s) => {
        if (s.tileUrl) {
          L.control.attribution({ prefix: false }).addTo(m);
          L.tileLayer(s.tileUrl, { attribution: s.tileAttribution || '' }).addTo(m);
        }
      })
      .catch(() => {});
    return () => m.remove();
  }, []);

  useEffect(() => {
    Promise.all([
      api('GET', '/api/v1/console/map'),
      api('GET', '/api/v1/console/outlines').catch(() => null),
    ])
      .then(([state, outlines]) => draw(state.markers, outlines))
      .catch(() => {});
  }, [refresh]);

  function draw(list, outlines) {
    setMarkers(list);
    const m = map.current;
    if (drawn.current) drawn.current.remove();
    const placed = list.filter((x) => x.lat != null && x.lon != null);
    const shapes = outlines && outlines.features && outlines.features.length ? outlines : null;
    let bounds = shapes ? L.geoJSON(shapes).getBounds() : L.latLngBounds([]);
    placed.forEach((x) => bounds.extend([x.lat, x.lon]));
    // Leaflet draws vector layers only once the map has a view: the view first
    if (bounds.isValid()) {
      m.fitBounds(bounds.pad(0.2), { maxZoom: 16 });
    } else {
      m.setView([0, 0], 1);
    }
    const group = L.layerGroup();
    if (shapes) {
      L.geoJSON(shapes, { style: { color: '#3b5b8a', weight: 1, fillOpacity: 0.04 } }).addTo(group);
    }
    placed.forEach((x) =>
      L.circleMarker([x.lat, x.lon], {
        radius: 8,
        className: 'marker marker-' + x.state,
        color: COLOURS[x.state],
        fillColor: COLOURS[x.state],
        fillOpacity: 0.85,
      })
        .bindTooltip(`${x.name || x.id}: ${t('state.' + x.state)}`)
        .on('click', () => {
          location.hash = href(x.kind + 's', x.id);
        })
        .addTo(group),
    );
    group.addTo(m);
    drawn.current = group;
  }

  const unplaced = markers.filter((x) => x.lat == null || x.lon == null);
  return html`<section aria-labelledby="map-title">
    <h2 id="map-title">${t('map.title')}</h2>
    <div class="map" ref=${box} data-testid="map" role="region" aria-label=${t('map.title')}></div>
    <ul class="legend" data-testid="legend">
      ${STATES.map(
        (s) => html`<li data-state=${s}>
          <span class="dot" style=${'background:' + COLOURS[s]} aria-hidden="true"></span>
          ${t('state.' + s)}: ${markers.filter((x) => x.state === s).length}
        </li>`,
      )}
    </ul>
    ${unplaced.length > 0 &&
    html`<p>${t('map.unplaced')}</p>
      <ul class="unplaced" data-testid="unplaced">
        ${unplaced.map(
          (x) => html`<li data-state=${x.state} data-id=${x.id}>
            <span class="dot" style=${'background:' + COLOURS[x.state]} aria-hidden="true"></span>
            <a href=${href(x.kind + 's', x.id)}>${x.name || x.id}</a>: ${t('state.' + x.state)}
          </li>`,
        )}
      </ul>`}
  </section>`;
}
