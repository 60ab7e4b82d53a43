// The console's one way to the server: the same /api/v1 as every other client. The session cookie
// goes along by itself (same origin); every change carries the session's CSRF token.

let csrf = null;
let onSignedOut = () => {};

export function setCsrf(token) {
  csrf = token;
}

/** Called when the server says the session has ended (401): the app shows the sign-in page. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/session') onSignedOut();
    throw new ApiError(response.status, (data && data.error) || response.statusText, data && data.field);
  }
  return data;
}

/**
 * Live event changes over SSE, with the cookie. Calls onChange(kind, event) for each; onEnded when
 * the server ends the stream because the session ended.
 */
export function eventStream(onChange, onEnded) {
  const source = new EventSource('/api/v1/events/stream');
  for (const kind of ['raised', 'updated', 'cleared', 'acknowledged', 'family_acked', 'assigned', 'resolved', 'closed']) {
    source.addEventListener(kind, (m) => onChange(kind, JSON.parse(m.data)));
  }
  source.addEventListener('revoked', () => {
    source.close();
    onEnded();
  });
  source.onerror = () => {
    // the browser reconnects by itself; a closed source means the server refused it (401)
    if (source.readyState === EventSource.CLOSED) onEnded();
  };
  return () => source.close();
}
