// cors-agent playground: sends the chosen request with fetch, then shows three views of it:
// what this page may read (the browser's verdict), what the shop really sent (replayed by the
// playground server with a raw HTTP client) and why (the agent's own `check` command).
'use strict';

const PRESETS = {
  allowed: {
    method: 'PUT', path: '/shop/api/items', credentials: 'include',
    headers: 'Authorization: Bearer demo-token\nContent-Type: application/json\nX-Requested-With: XMLHttpRequest',
    body: '{"name":"desk lamp","quantity":2}'
  },
  denied: {
    method: 'PUT', path: '/shop/api/items', credentials: 'include',
    headers: 'Authorization: Bearer demo-token\nContent-Type: application/json\nX-Debug: 1',
    body: '{"name":"desk lamp","quantity":2}'
  },
  simple: { method: 'GET', path: '/shop/public/hello', credentials: 'omit', headers: '', body: '' }
};

// The Fetch standard's CORS-safelisted request headers and simple Content-Types: anything else
// makes the browser send a preflight first.
const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];
const SAFELISTED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

let config = { target: '', policy: '' };

function parseHeaders(text) {
  return text.split('\n')
    .map(line => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()])
    .filter(([name]) => name.length > 0);
}

/** Whether the browser preflights this request, why, and which names it lists in the preflight. */
function preflightFor(method, headers) {
  const reasons = [];
  const names = [];
  if (!SAFELISTED_METHODS.includes(method)) {
    reasons.push('method ' + method + ' is not GET, HEAD or POST');
  }
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const simpleType = SIMPLE_CONTENT_TYPES.includes(value.split(';')[0].trim().toLowerCase());
    if (!SAFELISTED_HEADERS.includes(lower) || (lower === 'content-type' && !simpleType)) {
      names.push(lower);
    }
  }
  names.sort();
  if (names.length > 0) {
    reasons.push('headers ' + names.join(', ') + ' are not CORS-safelisted');
  }
  return { needed: reasons.length > 0, reasons, names };
}

function readForm() {
  const form = document.getElementById('request');
  return {
    method: form.method.value, path: form.path.value, credentials: form.credentials.value,
    headers: form.headers.value, body: form.body.value
  };
}

function fillForm(spec) {
  const form = document.getElementById('request');
  for (const key of Object.keys(spec)) {
    form[key].value = spec[key];
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attrs || {});
  for (const child of children) {
    node.append(child);
  }
  return node;
}

function headerBlock(title, lines, highlight) {
  const pre = el('pre');
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
    pre.append(el('span', { className: highlight(name) }, line), '\n');
  }
  return [el('h3', {}, title), pre];
}

async function post(path, params) {
  const response = await fetch(path, { method: 'POST', body: new URLSearchParams(params) });
  return response.json();
}

async function send(spec) {
  const headers = parseHeaders(spec.headers);
  const preflight = preflightFor(spec.method, headers);
  const card = el('div', { className: 'card pending' });
  const verdict = el('span', { className: 'verdict' }, 'sending…');
  card.append(el('h2', {}, verdict,
    el('code', {}, spec.method + ' ' + spec.path), el('span', { className: 'note' }, 'credentials: ' + spec.credentials)));
  document.getElementById('results').append(card);

  // 1. the real thing: the browser sends it (preflight included) and decides what this page sees
  const init = { method: spec.method, credentials: spec.credentials, headers: headers };
  if (spec.body && spec.method !== 'GET' && spec.method !== 'HEAD') {
    init.body = spec.body;
  }
  let browser;
  try {
    const response = await fetch(config.target + spec.path, init);
    const body = await response.text();
    browser = { ok: true, status: response.status, headers: [...response.headers], body };
  } catch (e) {
    browser = { ok: false, error: String(e) };
  }

  // 2. and 3. the server-side views
  const params = {
    method: spec.method, path: spec.path, origin: location.origin, headers: spec.headers, body: spec.body,
    preflight: String(preflight.needed), headerNames: preflight.names.join(',')
  };
  const [probe, check] = await Promise.all([post('/probe', params), post('/check', params)]);

  card.className = 'card ' + (browser.ok ? 'allowed' : 'blocked');
  verdict.textContent = browser.ok
    ? 'ALLOWED: the page read status ' + browser.status
    : 'BLOCKED by the browser: ' + browser.error;
  card.append(el('div', { className: 'columns' },
    pageView(browser, probe), serverView(preflight, probe), agentView(preflight, check)));
  return { browserAllowed: browser.ok, agentExit: check.exit };
}

function pageView(browser, probe) {
  const section = el('section', {}, el('h3', {}, 'What this page can read'));
  if (!browser.ok) {
    section.append(el('p', { className: 'note' },
      'No status, no headers, no body: fetch rejected with ' + browser.error +
      '. Only the browser console says why.'));
    return section;
  }
  const readable = browser.headers.map(([name, value]) => name + ': ' + value);
  section.append(...headerBlock('status ' + browser.status + ', readable headers', readable, () => ''));
  // what the shop sent but the browser kept from the page (not safelisted, not exposed)
  const sent = probe.actual ? probe.actual.headers : [];
  const readableNames = new Set(browser.headers.map(([name]) => name));
  const hidden = sent.filter(line => !readableNames.has(line.slice(0, line.indexOf(':')).trim().toLowerCase()));
  if (hidden.length > 0) {
    section.append(...headerBlock('sent by the shop, hidden from this page', hidden, () => 'hidden-header'));
  }
  section.append(el('h3', {}, 'body'), el('pre', {}, browser.body.slice(0, 300)));
  return section;
}

function serverView(preflight, probe) {
  const section = el('section', {}, el('h3', {}, 'What the shop sent (replayed server-side)'));
  const cors = name => (name.startsWith('access-control-') || name === 'vary') ? 'cors' : '';
  if (preflight.needed) {
    section.append(el('p', { className: 'note' }, 'Preflight first: ' + preflight.reasons.join('; ') + '.'));
    section.append(...headerBlock('OPTIONS → ' + (probe.preflight.status || probe.preflight.error),
      probe.preflight.headers, cors));
  } else {
    section.append(el('p', { className: 'note' }, 'A simple request: no preflight.'));
  }
  if (probe.actual) {
    section.append(...headerBlock(probe.actual.request + ' → ' + (probe.actual.status || probe.actual.error),
      probe.actual.headers, cors));
  } else {
    section.append(el('p', { className: 'note' },
      'The preflight was refused, so the browser never sent the actual request.'));
  }
  return section;
}

function agentView(preflight, check) {
  const meaning = { 0: 'allowed', 1: 'denied', 2: 'invalid policy file' }[check.exit] || 'exit ' + check.exit;
  return el('section', {},
    el('h3', {}, 'Why: the agent\'s own check (' + meaning + ')'),
    el('pre', {}, '$ ' + check.command), el('pre', {}, check.output.trim() || '(no output)'));
}

async function runDemo() {
  fillForm(PRESETS.allowed);
  await send(PRESETS.allowed);
  fillForm(PRESETS.denied);
  await send(PRESETS.denied);
  document.body.dataset.demoDone = 'true';
}

async function start() {
  config = await (await fetch('/config')).json();
  config.target = config.target.replace(/\/$/, '');
  document.getElementById('page-origin').textContent = location.origin;
  document.getElementById('target').textContent = config.target;
  document.getElementById('policy').textContent = config.policy;
  const form = document.getElementById('request');
  form.addEventListener('submit', event => { event.preventDefault(); send(readForm()); });
  for (const button of document.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => fillForm(PRESETS[button.dataset.preset]));
  }
  document.getElementById('clear').addEventListener('click', () => { document.getElementById('results').textContent = ''; });
  fillForm(PRESETS.allowed);
  if (new URLSearchParams(location.search).has('demo')) {
    await runDemo();
  }
}

start();
