// logpipe console: one page, three views (search, live tail, hosts), all data from the API.
// Values from events are only ever set as text (textContent), never as HTML.
'use strict';

const FIELDS = { host: 'host', app: 'app', facility: 'facility', severity: 'severity', format: 'format', listener: 'listener' };
const CHANGE = { 'X-Logpipe-Console': '1', 'Content-Type': 'application/json' };
const $ = (id) => document.getElementById(id);

/** "host:web1 severity:warning.. "failed password" x" -> API parameters, or throws with what is wrong. */
function parseQuery(text) {
  const params = new URLSearchParams();
  const free = [];
  const re = /(-?)(\w[\w.]*):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g;
  let m;
  while ((m = re.exec(text || '')) !== null) {
    if (m[2]) {
      const field = m[2];
      const value = m[3].replace(/^"|"$/g, '');
      if (field.startsWith('fields.')) { // an extracted field (normalize: rulebases, decoders)
        params.append((m[1] === '-' ? 'not_' : '') + field, value);
        continue;
      }
      if (!FIELDS[field]) throw new Error(`unknown field '${field}:' (fields: ${Object.keys(FIELDS).join(', ')}, fields.<name>; other words are searched in the message)`);
      if (m[1] === '-') params.append('not_' + FIELDS[field], value);
      else if (field === 'severity' && value.endsWith('..')) params.append('min_severity', value.slice(0, -2));
      else params.append(FIELDS[field], value);
    } else {
      free.push(m[4] !== undefined ? m[4] : m[5]);
    }
  }
  if (free.length) params.set('q', free.join(' '));
  return params;
}

async function api(path, options) {
  const r = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
  const body = await r.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const err = new Error((json && json.error) || `${r.status} ${r.statusText}`);
    err.status = r.status;
    throw err;
  }
  return json;
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
}

/**
 * Replaces the rows of table {@code id}: one per item; rowOf(item, tr) gives its cells, each a text,
 * a [text, class] pair, or a ready <td>.
 */
function fillTable(id, items, rowOf) {
  const tbody = document.querySelector(`#${id} tbody`);
  tbody.textContent = '';
  for (const item of items) {
    const tr = document.createElement('tr');
    for (const c of rowOf(item, tr)) {
      if (c instanceof Node) tr.appendChild(c);
      else if (Array.isArray(c)) cell(tr, c[0], c[1]);
      else cell(tr, c);
    }
    tbody.appendChild(tr);
  }
}

function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function eventRow(e, onOpen) {
  const tr = document.createElement('tr');
  tr.tabIndex = 0;
  cell(tr, e.timestamp);
  cell(tr, e.host);
  cell(tr, e.app);
  cell(tr, e.severity);
  cell(tr, e.message, 'msg');
  if (onOpen) {
    tr.addEventListener('click', () => onOpen(e));
    tr.addEventListener('keydown', (k) => { if (k.key === 'Enter') onOpen(e); });
  }
  return tr;
}

// ---- views ----
const views = ['signin', 'search', 'tail', 'hosts', 'alerts', 'pipeline', 'parse'];
function show(view) {
  for (const v of views) $(v).hidden = v !== view;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

function route() {
  const path = location.pathname.replace(/\/$/, '') || '/search';
  const named = ['tail', 'hosts', 'alerts', 'pipeline', 'parse'].find((v) => path === '/' + v);
  const view = named || 'search';
  show(view);
  if (view === 'search') {
    const p = new URLSearchParams(location.search);
    $('q').value = p.get('q') || '';
    $('from').value = p.get('from') || '-15m';
    $('to').value = p.get('to') || '';
    $('basis').value = p.get('on') === 'received' ? 'received' : 'event';
    search();
  } else if (view === 'hosts') {
    loadHosts();
  } else if (view === 'alerts') {
    loadAlerts();
  } else if (view === 'pipeline') {
    loadPipeline();
  } else if (view === 'parse') {
    // nothing to load: the form waits for a line
  } else {
    $('tail-q').value = new URLSearchParams(location.search).get('q') || '';
  }
}

// ---- search ----
let cursor = null;
let lastParams = null;

function searchParams() {
  const p = parseQuery($('q').value);
  const received = $('basis').value === 'received';
  if ($('from').value.trim()) p.set(received ? 'received_from' : 'from', $('from').value.trim());
  if ($('to').value.trim()) p.set(received ? 'received_to' : 'to', $('to').value.trim());
  return p;
}

async function search(more) {
  $('search-error').textContent = '';
  let p;
  try {
    p = more ? lastParams : searchParams();
  } catch (e) {
    $('search-error').textContent = e.message;
    return;
  }
  lastParams = p;
  $('export-ndjson').href = '/api/v1/export?' + p + '&as=ndjson';
  $('export-csv').href = '/api/v1/export?' + p + '&as=csv';
  const tbody = document.querySelector('#events tbody');
  const page = new URLSearchParams(p);
  page.set('limit', '100');
  if (more && cursor) page.set('cursor', cursor);
  try {
    const events = await api('/api/v1/events?' + page);
    if (!more) tbody.textContent = '';
    for (const e of events.events) tbody.appendChild(eventRow(e, openDetail));
    cursor = events.next_cursor || null;
    $('more').hidden = !cursor;
    if (!more) {
      const stats = new URLSearchParams(p);
      ['host', 'app', 'facility', 'severity', 'source.ip', 'listener'].forEach((g) => stats.append('group_by', g));
      stats.set('top', '5');
      const s = await api('/api/v1/stats?' + stats);
      $('summary').textContent = `${s.total} events from ${s.from} to ${s.to}`;
      drawHistogram(s.histogram);
      drawFacets(Object.assign(s.by || {}, await fieldFacets(p)));
    }
  } catch (e) {
    if (e.status === 401) return signIn();
    $('search-error').textContent = e.message;
  }
}

function drawHistogram(h) {
  const box = $('histogram');
  box.textContent = '';
  const max = Math.max(1, ...h.buckets.map((b) => b.count));
  let dragFrom = null; // index of the bar where a drag started: dragging over bars narrows to all of them
  const endOf = (b) => new Date(Date.parse(b.start) + h.interval_seconds * 1000).toISOString();
  h.buckets.forEach((b, i) => {
    const bar = document.createElement('button');
    bar.type = 'button';
    bar.style.height = `${Math.max(1, Math.round((b.count / max) * 100))}%`;
    bar.title = `${b.count} events from ${b.start}`;
    bar.setAttribute('aria-label', bar.title);
    bar.addEventListener('mousedown', (ev) => { ev.preventDefault(); dragFrom = i; });
    bar.addEventListener('mouseenter', () => {
      if (dragFrom === null) return;
      box.querySelectorAll('button').forEach((other, j) => other.classList.toggle('picked', j >= Math.min(dragFrom, i) && j <= Math.max(dragFrom, i)));
    });
    bar.addEventListener('mouseup', () => {
      const first = h.buckets[Math.min(dragFrom === null ? i : dragFrom, i)];
      const last = h.buckets[Math.max(dragFrom === null ? i : dragFrom, i)];
      dragFrom = null;
      $('from').value = first.start;
      $('to').value = endOf(last);
      submitSearch();
    });
    bar.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { $('from').value = b.start; $('to').value = endOf(b); submitSearch(); } });
    box.appendChild(bar);
  });
}

/** Top values of the extracted fields the newest matching events carry most (GET /api/v1/fields). */
async function fieldFacets(p) {
  const keys = await api('/api/v1/fields?' + new URLSearchParams(p) + '&top=4');
  if (!keys.keys.length) return {};
  const stats = new URLSearchParams(p);
  keys.keys.forEach((k) => stats.append('group_by', k.key));
  stats.set('top', '5');
  return (await api('/api/v1/stats?' + stats)).by || {};
}

function drawFacets(by) {
  const aside = $('facets');
  aside.textContent = '';
  for (const [field, counts] of Object.entries(by)) {
    if (!counts.length) continue;
    const h = document.createElement('h2');
    h.textContent = field;
    aside.appendChild(h);
    for (const c of counts) {
      if (c.value == null) continue;
      if (!FIELDS[field] && !field.startsWith('fields.')) { // shown, but the API cannot filter on it (yet)
        const span = document.createElement('div');
        span.textContent = `${c.value} (${c.count})`;
        aside.appendChild(span);
        continue;
      }
      const row = document.createElement('div');
      row.className = 'facet';
      const term = `${field}:${/\s/.test(c.value) ? '"' + c.value + '"' : c.value}`;
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${c.value} (${c.count})`;
      b.title = `only ${term}`;
      b.addEventListener('click', () => { $('q').value = ($('q').value + ' ' + term).trim(); submitSearch(); });
      const x = document.createElement('button');
      x.type = 'button';
      x.className = 'exclude';
      x.textContent = '−';
      x.title = `all but ${term}`;
      x.setAttribute('aria-label', `exclude ${field} ${c.value}`);
      x.addEventListener('click', () => { $('q').value = ($('q').value + ' -' + term).trim(); submitSearch(); });
      row.appendChild(b);
      row.appendChild(x);
      aside.appendChild(row);
    }
  }
}

function openDetail(e) {
  $('detail-json').textContent = JSON.stringify(e, null, 2);
  $('detail').hidden = false;
  $('detail-close').focus();
}

function submitSearch() {
  const p = new URLSearchParams();
  if ($('q').value.trim()) p.set('q', $('q').value.trim());
  p.set('from', $('from').value.trim() || '-15m');
  if ($('to').value.trim()) p.set('to', $('to').value.trim());
  if ($('basis').value === 'received') p.set('on', 'received');
  history.pushState(null, '', '/search?' + p);
  search();
}

// ---- live tail ----
let source = null;

function follow() {
  stopTail();
  let p;
  try {
    p = parseQuery($('tail-q').value);
  } catch (e) {
    $('tail-status').textContent = e.message;
    return;
  }
  const tbody = document.querySelector('#tail-events tbody');
  source = new EventSource('/api/v1/tail?' + p);
  $('tail-status').textContent = 'following';
  $('tail-pause').disabled = false;
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.skipped) { $('tail-status').textContent = `following (${e.skipped} skipped: the page was too slow)`; return; }
    tbody.insertBefore(eventRow(e, null), tbody.firstChild);
    while (tbody.rows.length > 500) tbody.deleteRow(-1);
  };
  source.onerror = () => { $('tail-status').textContent = 'connection lost; retrying'; };
}

function stopTail() {
  if (source) source.close();
  source = null;
  $('tail-pause').disabled = true;
}

// ---- hosts ----
async function loadHosts() {
  try {
    const h = await api('/api/v1/hosts');
    fillTable('hosts-table', h.hosts, (host) => [
      host.host,
      host.state === 'silent' ? [`silent (${(host.silent_rules || []).join(', ')})`, 'silent'] : 'ok',
      host.last_seen || 'never', host.last_ip, host.events_last_5m, host.events]);
  } catch (e) {
    if (e.status === 401) signIn();
  }
}

// ---- alerts ----
async function loadAlerts() {
  $('alerts-error').textContent = '';
  try {
    const rules = await api('/api/v1/alerts/rules');
    fillTable('rules-table', rules.rules, (r) => [
      r.id, r.type, r.group_by,
      r.window ? r.window.replace(/^PT/, '').toLowerCase() : '', // PT10M -> 10m
      [r.type === 'silence' ? (r.silent.length ? r.silent.join(', ') : 'none') : '', r.silent.length ? 'silent' : null],
      (r.notify || []).join(', '), r.where]);
    const a = await api('/api/v1/alerts?limit=200');
    if (a.rules_error) $('alerts-error').textContent = `alert rules: ${a.rules_error}`;
    fillTable('alerts-table', a.alerts, (al, tr) => {
      const td = document.createElement('td');
      const link = document.createElement('a');
      const at = Date.parse(al.at);
      const p = new URLSearchParams();
      if (al.group) p.set('q', /\s/.test(al.group) ? `"${al.group}"` : al.group);
      p.set('from', new Date(at - 15 * 60000).toISOString());
      p.set('to', new Date(at + 60000).toISOString());
      link.href = '/search?' + p;
      link.textContent = 'events';
      td.appendChild(link);
      return [al.at, al.rule, al.state, al.group, al.message, td];
    });
  } catch (e) {
    if (e.status === 401) return signIn();
    $('alerts-error').textContent = e.message;
  }
}

// ---- pipeline ----
/** "12 (storage 10, io_error 2)" for a map of counts by reason, 0 when all are 0. */
function byReason(counts) {
  const entries = Object.entries(counts || {}).filter(([, n]) => n > 0);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  return total ? `${total} (${entries.map(([r, n]) => `${r} ${n}`).join(', ')})` : 0;
}

async function loadPipeline() {
  try {
    const p = await api('/api/v1/pipeline');
    fillTable('listeners-table', p.listeners, (l) => [l.listener, l.received, l.routed, l.parse_errors, byReason(l.dropped), byReason(l.refused)]);
    fillTable('sinks-table', p.sinks, (s) => {
      const td = document.createElement('td');
      if (s.dead_letters > 0) {
        td.appendChild(button('Show', () => showDeadLetters(s.sink)));
        for (const [label, method, path] of [['Replay', 'POST', '/api/v1/deadletter/replay'], ['Discard', 'DELETE', '/api/v1/deadletter']]) {
          td.appendChild(button(label, async () => {
            if (label === 'Discard' && !confirm(`Discard ${s.dead_letters} dead letters of ${s.sink} for good?`)) return;
            try {
              const r = await api(`${path}?sink=${encodeURIComponent(s.sink)}`, { method, headers: CHANGE });
              $('pipeline-status').textContent = `${s.sink}: ${JSON.stringify(r)}`;
              loadPipeline();
            } catch (e) {
              $('pipeline-status').textContent = `${s.sink}: ${e.message}`;
            }
          }));
        }
      }
      return [s.sink, s.delivered, s.queued, s.oldest_age_ms == null ? '' : Math.round(s.oldest_age_ms / 1000), s.retried,
        s.dead_letters, byReason(s.dropped), s.last_error, td];
    });
  } catch (e) {
    if (e.status === 401) signIn();
    else $('pipeline-status').textContent = e.message;
  }
}

async function showDeadLetters(sink) {
  try {
    const d = await api(`/api/v1/deadletter?sink=${encodeURIComponent(sink)}&limit=100`);
    $('deadletters-title').textContent = `Dead letters of ${sink} (first ${d.dead_letters.length})`;
    fillTable('deadletters-table', d.dead_letters, (l, tr) => {
      if (l.event) tr.addEventListener('click', () => { $('deadletter-json').textContent = JSON.stringify(l, null, 2); });
      return [l.id, l.failed_at, l.error, [l.event ? `${l.event.host || ''} ${l.event.app || ''}: ${l.event.message || ''}` : '(unreadable)', 'msg']];
    });
    $('deadletters').hidden = false;
  } catch (e) {
    $('pipeline-status').textContent = `${sink}: ${e.message}`;
  }
}

// ---- parse tester ----
async function parseLine() {
  try {
    const r = await api('/api/v1/parse?format=' + encodeURIComponent($('parse-format').value),
      { method: 'POST', headers: { 'X-Logpipe-Console': '1', 'Content-Type': 'text/plain' }, body: $('parse-line').value });
    $('parse-result').textContent = JSON.stringify(r, null, 2);
  } catch (e) {
    if (e.status === 401) return signIn();
    $('parse-result').textContent = e.message;
  }
}

// ---- sign-in ----
function signIn() {
  stopTail();
  $('who').textContent = '';
  $('signout').hidden = true;
  show('signin');
  $('token').focus();
}

async function start() {
  document.querySelectorAll('nav a').forEach((a) => a.addEventListener('click', (ev) => {
    ev.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    stopTail();
    route();
  }));
  window.addEventListener('popstate', route);
  $('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); submitSearch(); });
  $('more').addEventListener('click', () => search(true));
  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; });
  $('parse-form').addEventListener('submit', (ev) => { ev.preventDefault(); parseLine(); });
  $('tail-form').addEventListener('submit', (ev) => { ev.preventDefault(); follow(); });
  $('tail-pause').addEventListener('click', () => { stopTail(); $('tail-status').textContent = 'paused'; });
  $('signout').addEventListener('click', async () => { await api('/api/v1/session', { method: 'DELETE', headers: CHANGE }); signIn(); });
  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('signin-error').textContent = '';
    try {
      await api('/api/v1/session', { method: 'POST', headers: CHANGE, body: JSON.stringify({ token: $('token').value }) });
      $('token').value = '';
      await whoAmI();
    } catch (e) {
      $('signin-error').textContent = e.message;
    }
  });
  await whoAmI();
}

async function whoAmI() {
  try {
    const me = await api('/api/v1/session');
    $('who').textContent = `signed in as ${me.name}`;
    $('signout').hidden = false;
    route();
  } catch (e) {
    signIn();
  }
}

document.addEventListener('DOMContentLoaded', start);
