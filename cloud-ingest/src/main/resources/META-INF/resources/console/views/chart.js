// Charts of readings with uPlot: the buckets of GET /api/v1/readings/aggregate as lines, and beside
// the canvas a table of the same figures for those who cannot see it (screen readers, and tests).
// Dragging across the chart zooms: with onZoom the caller fetches the span again, in finer buckets
// from the store; without it uPlot narrows the axis (double-click to zoom out).
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { api } from '../api.js';

const COLOURS = ['#0b57a4', '#5f6368', '#b3261e', '#b26a00', '#1e7b34', '#6a1b9a'];

/** The device's buckets of a quantity over [from, to]; every left to the server unless given. */
export function aggregate(device, quantity, from, to, every) {
  const q = new URLSearchParams({ device, quantity });
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (every) q.set('every', every);
  return api('GET', `/api/v1/readings/aggregate?${q}`);
}

/**
 * Lines over shared times: `times` in seconds since the epoch, each line {label, values (null for
 * a gap), dash}; `band` an optional {from, to, label} shaded span (seconds).
 */
/**
 * @param span optional [from, to] in seconds: the x axis's extent, so that a few readings show
 *     where they fall in the span the chart is about
 */
export function Chart({ t, title, unit, times, lines, band, testid, onZoom, span }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || times.length === 0) return undefined;
    const width = Math.max(320, box.current.clientWidth || 640);
    const opts = {
      width,
      height: 260,
      cursor: { drag: { x: true, y: false, setScale: !onZoom } },
      scales: { x: span ? { time: true, range: () => span } : { time: true } },
      axes: [{ values: (u, splits) => splits.map((x) => clock(x, splits)) }, { label: unit || '' }],
      series: [
        {},
        ...lines.map((line, i) => ({
          label: line.label,
          stroke: line.colour || COLOURS[i % COLOURS.length],
          width: line.width || 2,
          dash: line.dash,
          spanGaps: true,
          // a line of one or two points draws nothing: its points then show
          points: { show: line.points !== false || times.length < 3 },
        })),
      ],
      hooks: {
        drawClear: band ? [(u) => shade(u, band)] : [],
        setSelect: onZoom ? [(u) => zoomed(u, onZoom)] : [],
      },
    };
    const plot = new uPlot(opts, [times, ...lines.map((l) => l.values)], box.current);
    return () => plot.destroy();
  }, [times, lines, band, span]);

  if (times.length === 0) {
    return html`<p data-testid=${testid + '-empty'}>${t('chart.noReadings')}</p>`;
  }
  return html`<figure class="chart" data-testid=${testid} data-lines=${lines.length}>
    <figcaption>${title}${unit ? ` (${unit})` : ''}</figcaption>
    <div ref=${box} aria-hidden="true"></div>
    <details>
      <summary>${t('chart.asTable')}</summary>
      <table class="figures">
        <thead><tr><th scope="col">${t('chart.time')}</th>
          ${lines.map((l) => html`<th scope="col">${l.label}</th>`)}</tr></thead>
        <tbody>
          ${times.map(
            (x, i) => html`<tr><td>${new Date(x * 1000).toLocaleString()}</td>
              ${lines.map((l) => html`<td>${l.values[i] == null ? '' : round(l.values[i])}</td>`)}</tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}

/** A time on the axis, 24-hour: "14:05"; with the seconds when the ticks are that close, with the
 * date when they are days apart. */
function clock(x, splits) {
  const d = new Date(x * 1000);
  const hhmm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const width = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  if (width < 300) return `${hhmm}:${pad(d.getSeconds())}`;
  return width > 36 * 3600 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hhmm}` : hhmm;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function zoomed(u, onZoom) {
  if (u.select.width < 5) return;
  const from = u.posToVal(u.select.left, 'x');
  const to = u.posToVal(u.select.left + u.select.width, 'x');
  u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  onZoom(new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString());
}

function shade(u, band) {
  const left = u.valToPos(band.from, 'x', true);
  const right = u.valToPos(band.to, 'x', true);
  const ctx = u.ctx;
  ctx.save();
  ctx.fillStyle = 'rgba(178, 106, 0, 0.15)';
  ctx.fillRect(left, u.bbox.top, Math.max(1, right - left), u.bbox.height);
  ctx.restore();
}

/** Figures as people read them: at most three significant decimals, no float noise. */
export function round(v) {
  return Number.isInteger(v) ? v : Number(v.toPrecision(4));
}

/** Buckets of several answers on one time axis: {times, columns[i][k]} (means; null where none). */
export function align(answers) {
  const times = [...new Set(answers.flatMap((a) => a.buckets.map((b) => toSeconds(b.t))))].sort((a, b) => a - b);
  const index = new Map(times.map((x, i) => [x, i]));
  const columns = answers.map((a) => {
    const values = new Array(times.length).fill(null);
    for (const b of a.buckets) values[index.get(toSeconds(b.t))] = b.mean;
    return values;
  });
  return { times, columns };
}

export function toSeconds(at) {
  return Math.floor(new Date(at).getTime() / 1000);
}
