// An event's page: what happened and where, the steps an operator may take, the rule's
// explanation, a chart of the readings around it, and its whole story (GET
// /api/v1/events/{id}/timeline): every step and every message with its delivery state and reply.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, eventStream } from '../api.js';
import { STEPS, takeStep } from '../actions.js';
import { Header, NoteDialog, Pending, headline, place, when } from './common.js';
import { Chart, aggregate, align, round, toSeconds } from './chart.js';
import { hasLabel } from '../i18n.js';

export function EventPage({ t, lang, setLang, me, onSignOut, onEnded, id }) {
  const [event, setEvent] = useState(null);
  const [story, setStory] = useState(null);
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState(null); // the step asked for
  const [busy, setBusy] = useState(false);
  const canWrite = me.role === 'ADMIN' || me.role === 'OPERATOR';

  function load() {
    api('GET', `/api/v1/events/${id}`).then(setEvent).catch((err) => setError(err.message));
    api('GET', `/api/v1/events/${id}/timeline`).then(setStory).catch((err) => setError(err.message));
  }

  useEffect(() => {
    load();
    return eventStream((kind, changed) => {
      if (String(changed.id) === String(id)) load();
    }, onEnded);
  }, [id]);

  async function step(note, assignee) {
    setBusy(true);
    setError(null);
    const failures = await takeStep(dialog, [event.id], note, assignee, setEvent);
    setBusy(false);
    if (failures.length) {
      setError(failures.join('; '));
    } else {
      setDialog(null);
      load();
    }
  }

  const header = html`<${Header} t=${t} lang=${lang} setLang=${setLang} me=${me} onSignOut=${onSignOut} />`;
  if (!event) return html`<${Pending} t=${t} header=${header} error=${error} />`;
  return html`<div class="screen">
    ${header}
    <main class="page" data-testid="event-page" data-event-id=${event.id} data-status=${event.status}>
      <p><a href="#/">${t('nav.back')}</a></p>
      <h2><span class=${'badge ' + event.severity}>${t('severity.' + event.severity)}</span> <span data-testid="headline">${headline(t, event)}</span></h2>
      <dl class="facts">
        <dt>${t('events.status')}</dt><dd data-testid="status">${t('status.' + event.status)}</dd>
        <dt>${t('events.where')}</dt><dd>${place(event)}</dd>
        <dt>${t('events.raised')}</dt><dd><time datetime=${event.raisedAt}>${when(lang, event.raisedAt)}</time></dd>
        ${event.assignee && html`<dt>${t('events.assignee')}</dt><dd data-testid="assignee-now">${event.assignee}</dd>`}
        ${event.acknowledgedBy && html`<dt>${t('status.acknowledged')}</dt><dd>${event.acknowledgedBy}</dd>`}
        ${event.dueAt && html`<dt>${t('event.due')}</dt><dd>${when(lang, event.dueAt)}${event.late ? ' · ' + t('event.late') : ''}</dd>`}
      </dl>
      ${canWrite &&
      html`<div class="steps">
        ${Object.keys(STEPS)
          .filter((s) => STEPS[s].allowed(event.status))
          .map((s) => html`<button type="button" data-testid=${'step-' + s} onClick=${() => setDialog(s)}>${t('step.' + s)}</button>`)}
      </div>`}
      ${error && !dialog && html`<p class="error" role="alert">${error}</p>`}
      ${story && html`<${Explanation} t=${t} lang=${lang} story=${story} />`}
      ${story && html`<${EventChart} t=${t} story=${story} event=${event} />`}
      ${story && html`<${Story} t=${t} lang=${lang} story=${story} />`}
    </main>
    ${dialog &&
    html`<${NoteDialog} t=${t} busy=${busy} error=${error} withAssignee=${dialog === 'assign'}
      title=${t('step.' + dialog + 'Title', { n: 1 })}
      onConfirm=${step} onCancel=${() => { setDialog(null); setError(null); }} />`}
  </div>`;
}

/** The rule's explanation: what it found (the event's details) and its parameters in force. */
function Explanation({ t, lang, story }) {
  const shown = Object.entries(story.details || {}).filter(([, v]) => v === null || typeof v !== 'object');
  return html`<section aria-labelledby="why-title" data-testid="explanation">
    <h3 id="why-title">${t('event.why')}</h3>
    <p>${story.summary}</p>
    ${shown.length > 0 &&
    html`<dl class="facts">${shown.map(([k, v]) => html`<dt>${hasLabel(lang, 'detail.' + k) ? t('detail.' + k) : k}</dt><dd>${typeof v === 'number' ? round(v) : String(v)}</dd>`)}</dl>`}
    ${story.rule
      ? html`<details><summary>${t('event.rule')}</summary><pre data-testid="rule">${ruleText(story.rule)}</pre></details>`
      : html`<p>${t('event.ruleGone')}</p>`}
  </section>`;
}

function ruleText(rule) {
  return Object.entries(rule)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('\n');
}

/**
 * The readings around the event and what the rule compared them with: the limit of a threshold,
 * the neighbours' mean and the ratio line of the neighbour rule, the silent window of the welfare
 * rule.
 */
function EventChart({ t, story, event }) {
  const c = story.compared;
  const [chart, setChart] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!c || !c.device || !c.quantity) return;
    const own = aggregate(c.device, c.quantity, c.chartFrom, c.chartTo);
    own
      .then(async (mine) => {
        if (c.kind !== 'neighbours') return chartOf(t, c, mine, [], event);
        const devices = (c.neighbours || []).flatMap((n) => n.devices || []);
        const theirs = await Promise.all(
          devices.map((d) => aggregate(d, c.quantity, c.chartFrom, c.chartTo, mine.every).catch(() => null)),
        );
        return chartOf(t, c, mine, theirs.filter(Boolean), event);
      })
      .then(setChart)
      .catch((err) => setError(err.message));
  }, [story]);

  if (!c || !c.device || !c.quantity) return null;
  return html`<section aria-labelledby="chart-title">
    <h3 id="chart-title">${t('event.chart')}</h3>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${chart && html`<${Chart} t=${t} testid="event-chart" ...${chart} />`}
  </section>`;
}

function chartOf(t, c, mine, theirs, event) {
  const unit = event.details && event.details.unit;
  const { times, columns } = align([mine, ...theirs]);
  const lines = [{ label: t('chart.device', { device: c.device }), values: columns[0] }];
  const title = t('chart.title', { quantity: c.quantity, device: c.device });
  if (c.kind === 'threshold' && c.limit != null) {
    lines.push({ label: t('chart.limit', { limit: round(c.limit) }), values: times.map(() => c.limit), dash: [6, 4], colour: '#b3261e', points: false });
  }
  if (c.kind === 'neighbours' && theirs.length > 0) {
    // the neighbours' mean at each time, over those that reported then
    const mean = times.map((_, i) => {
      const values = columns.slice(1).map((col) => col[i]).filter((v) => v != null);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
    lines.push({ label: t('chart.neighbourMean'), values: mean, colour: '#5f6368' });
    const percent = Math.round((c.ratioLine - 1) * 1000) / 10;
    lines.push({
      label: t('chart.ratioLine', { percent }),
      values: mean.map((m) => (m == null ? null : m * c.ratioLine)),
      dash: [6, 4],
      colour: '#b3261e',
      points: false,
    });
  }
  let band = null;
  if (c.kind === 'window' && c.windowFrom) {
    band = { from: toSeconds(c.windowFrom), to: toSeconds(c.windowTo || c.chartTo), label: t('chart.window') };
    lines.push({
      label: t('chart.window'),
      values: times.map((x, i) => (x >= band.from && x <= band.to ? columns[0][i] : null)),
      colour: '#b26a00',
      width: 4,
    });
  }
  return { title, unit, times, lines, band, span: [toSeconds(c.chartFrom), toSeconds(c.chartTo)] };
}

/** Every step and message in time order. */
function Story({ t, lang, story }) {
  return html`<section aria-labelledby="story-title">
    <h3 id="story-title">${t('event.timeline')}</h3>
    <ol class="timeline" data-testid="timeline">
      ${story.entries.map((e) =>
        e.type === 'notification'
          ? html`<li data-testid="timeline-message" data-status=${e.delivery.status}>
              <time datetime=${e.at}>${when(lang, e.at)}</time>
              <span><strong>${t('message.' + e.action)}</strong>${' · ' + [channel(t, e.delivery.channel), recipient(t, e.delivery)].filter(Boolean).join(' · ')}</span>
              <span class=${'delivery ' + e.delivery.status}>${t('delivery.' + e.delivery.status)}${
                e.delivery.attempts > 1 ? ' · ' + t('delivery.attempts', { n: e.delivery.attempts }) : ''
              }</span>
              ${e.delivery.reason && html`<small>${e.delivery.reason}</small>`}
              ${e.delivery.repliedAt &&
              html`<small data-testid="replied">${t('delivery.replied', { at: when(lang, e.delivery.repliedAt) })}</small>`}
            </li>`
          : html`<li data-testid="timeline-step" data-action=${e.action}>
              <time datetime=${e.at}>${when(lang, e.at)}</time>
              <span><strong>${stepName(t, e.action)}</strong> · ${e.actor}</span>
              ${e.note && html`<q>${e.note}</q>`}
            </li>`,
      )}
    </ol>
  </section>`;
}

function recipient(t, d) {
  if (d.recipientRole === 'webhook') return ''; // the channel says it all
  const role = d.recipientRole ? t('recipient.' + d.recipientRole) : '';
  return `${role} ${d.address || ''}`.trim();
}

function channel(t, id) {
  return t(id === 'smpp' || id === 'http-sms' ? 'channel.sms' : id === 'push' ? 'channel.push' : 'channel.webhook');
}

// the audit's actions (events.EventService); one the console does not know shows as it is
const KNOWN_STEPS = ['raised', 'acknowledged', 'family_acked', 'assigned', 'resolved', 'closed', 'auto-resolved', 'condition cleared'];

function stepName(t, action) {
  return KNOWN_STEPS.includes(action) ? t('step.did.' + action.replace(/[^a-z]+/g, '_')) : action;
}
