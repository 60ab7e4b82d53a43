// The steps of an event's life an operator takes from the console, each a POST of the alert API
// with a note: acknowledge, assign (naming who), resolve, close. Which step a status allows is
// the server's rule (docs/events.md); the console only offers those.
import { api } from './api.js';

export const STEPS = {
  ack: { path: 'ack', allowed: (status) => status === 'open' },
  assign: { path: 'assign', allowed: (status) => status === 'open' || status === 'acknowledged' },
  resolve: { path: 'resolve', allowed: (status) => status === 'open' || status === 'acknowledged' },
  close: { path: 'close', allowed: (status) => status === 'resolved' },
};

/**
 * Takes one step on each event in turn. Calls onUpdated with each event as the server answers it;
 * returns the failures as "#id: reason", empty when every step was taken.
 */
export async function takeStep(step, ids, note, assignee, onUpdated) {
  const failures = [];
  for (const id of ids) {
    const body = step === 'assign' ? { note, assignee } : { note };
    try {
      onUpdated(await api('POST', `/api/v1/events/${id}/${STEPS[step].path}`, body));
    } catch (err) {
      failures.push(`#${id}: ${err.message}`);
    }
  }
  return failures;
}
