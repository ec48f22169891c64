// The controller's HTTP API: JSON requests, server-sent events read through fetch (so the bearer key can be sent),
// and the API key kept in sessionStorage after a 401.

const KEY_STORE = 'compose.api_key';

/** Thrown for an answer that is not 2xx; `status` is the HTTP status, `code` the API's error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Where the API lives: `?api=` on the page, else `api_base` from `config.json` next to the page, else `/api`. */
export async function resolveApiBase() {
  const fromQuery = new URLSearchParams(location.search).get('api');
  if (fromQuery) return trimSlash(fromQuery);
  try {
    const response = await fetch('config.json', { headers: { Accept: 'application/json' } });
    if (response.ok) {
      const config = await response.json();
      if (config && typeof config.api_base === 'string') return trimSlash(config.api_base);
    }
  } catch (ignored) {
    // no config.json: use the default
  }
  return '/api';
}

function trimSlash(base) {
  return base.endsWith('/') ? base.slice(0, -1) : base;
}

export class Api {
  constructor(base) {
    this.base = base;
  }

  get apiKey() {
    return sessionStorage.getItem(KEY_STORE);
  }

  set apiKey(key) {
    if (key) sessionStorage.setItem(KEY_STORE, key);
    else sessionStorage.removeItem(KEY_STORE);
  }

  headers(extra) {
    const headers = { Accept: 'application/json', ...extra };
    const key = this.apiKey;
    if (key) headers.Authorization = `Bearer ${key}`;
    return headers;
  }

  async request(method, path, body, signal) {
    const init = { method, headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(this.base + path, init);
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async json(method, path, body) {
    const response = await this.request(method, path, body);
    return response.json();
  }

  workflows() {
    return this.json('GET', '/workflows');
  }

  schema(id) {
    return this.json('GET', `/workflows/${encodeURIComponent(id)}/schema`);
  }

  /** The job graph, or null when the server does not describe graphs. */
  async graph(id) {
    try {
      return await this.json('GET', `/workflows/${encodeURIComponent(id)}/graph`);
    } catch (error) {
      if (error.status === 404 || error.status === 405) return null;
      throw error;
    }
  }

  /** Starts a run and answers `{task_id, status}` at once. */
  startRun(workflowId, input) {
    return this.json('POST', '/workflows/runs', { workflow_id: workflowId, input, wait_for_completion: false });
  }

  task(id) {
    return this.json('GET', `/tasks/${encodeURIComponent(id)}`);
  }

  cancel(id) {
    return this.json('POST', `/tasks/${encodeURIComponent(id)}/cancel`, {});
  }

  /** Reads `GET /tasks/{id}/events` and calls onEvent(name, data) per event until the stream ends or signal aborts. */
  async taskEvents(id, onEvent, signal) {
    const response = await fetch(`${this.base}/tasks/${encodeURIComponent(id)}/events`,
      { headers: this.headers({ Accept: 'text/event-stream' }), signal });
    if (!response.ok) throw await errorOf(response);
    await readEventStream(response, onEvent);
  }
}

async function errorOf(response) {
  let code = String(response.status);
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    const error = body && (body.error || body);
    if (error && typeof error.message === 'string') message = error.message;
    else if (error && typeof error.detail === 'string') message = error.detail;
    if (error && typeof error.code === 'string') code = error.code;
  } catch (ignored) {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, code, message);
}

/**
 * Parses a text/event-stream body: each event's `data:` lines are joined with line breaks; onEvent(name, data) gets
 * the event name (`message` when none) and the data text.
 */
export async function readEventStream(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = '';
  let data = [];
  const line = text => {
    if (text === '') {
      if (data.length > 0) onEvent(name || 'message', data.join('\n'));
      name = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      if (end === buffer.length - 1 && buffer[end] === '\r') break; // its \n may come in the next piece
      const breakLength = buffer.startsWith('\r\n', end) ? 2 : 1;
      line(buffer.slice(0, end));
      buffer = buffer.slice(end + breakLength);
    }
  }
  buffer += decoder.decode();
  if (buffer) line(buffer);
  line('');
}
