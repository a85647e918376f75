// Solemate dashboard: a client of the JSON API and its live feed (docs/web.md), nothing else.
import { drawFoot, TECHNIQUE_COLOURS } from './foot.js';

const $ = (id) => document.getElementById(id);
const store = {
  devices: [],        // from GET /api/devices
  states: new Map(),  // device id -> latest state
  current: null,      // selected device id
  paint: null,        // paints the foot map
  routines: null,
  feedAlive: false,
  lastMessage: 0,
  zoneOpen: null,
  previousConnection: new Map(),
};

// ---- the API -------------------------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body || {});
  }
  const r = await fetch(path, init);
  if (r.status === 401) { location.reload(); throw new Error('signed out'); }
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(json.error || `${r.status}`);
  return json;
}

const device = () => store.devices.find((d) => d.id === store.current);
const state = () => store.states.get(store.current);
const devicePath = (rest) => `/api/devices/${encodeURIComponent(store.current)}/${rest}`;

// ---- time ----------------------------------------------------------------------------------

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}
const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

// ---- the STOP ------------------------------------------------------------------------------

let stopping = false;
async function stopAll() {
  stopping = true;
  setStopStatus('Stopping…', '');
  try {
    const answer = await api('POST', '/api/stop');
    stopping = false;
    if (answer.confirmed) {
      setStopStatus('Stopped: the device confirmed zero ✓', 'ok');
    } else {
      const first = Object.values(answer.devices).find((d) => !d.confirmed);
      setStopStatus(first ? first.message : 'Stop sent, not confirmed', 'warn');
    }
  } catch (e) {
    stopping = false;
    setStopStatus(`Stop could not be sent: ${e.message}. Switch the device off at the unit.`, 'warn');
  }
}
function setStopStatus(text, kind) {
  const s = $('stop-status');
  s.textContent = text;
  s.className = `stop-status ${kind}`;
  s.dataset.kind = kind || 'busy';
}
function showStopState(st) {
  if (stopping) return;
  if (!st || st.connection !== 'connected') {
    setStopStatus(st && st.connection === 'disconnected' ? 'Device disconnected: it stops itself when it hears nothing'
      : 'Not connected', 'warn');
  } else if (!st.at_zero || st.playback.state === 'playing') {
    setStopStatus(st.playback.state === 'playing' ? 'Running: a routine plays' : 'Running', '');
  } else if (st.stop.state === 'confirmed') {
    setStopStatus('Stopped: the device confirmed zero ✓', 'ok');
  } else {
    setStopStatus('At zero ✓', 'ok');
  }
}

document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLElement && e.target.matches('input, textarea, select');
  if (e.key === 'Escape' || (e.key === ' ' && !typing)) {
    // Space is kept for STOP everywhere, so it can never start something by accident: buttons take Enter.
    e.preventDefault();
    if ($('zone-dialog').open) $('zone-dialog').close();
    stopAll();
  }
}, true);

// ---- rendering -----------------------------------------------------------------------------

function renderDevicePicker() {
  const pick = $('device-pick');
  const select = $('device-select');
  pick.hidden = store.devices.length < 2;
  select.replaceChildren(...store.devices.map((d) => new Option(d.id, d.id, false, d.id === store.current)));
}

function renderProfile() {
  const d = device();
  if (!d || !d.profile) {
    $('foot').replaceChildren();
    store.paint = null;
    return;
  }
  store.paint = drawFoot($('foot'), d.profile, openZone);
  const used = new Set(Object.values(d.profile.zones).flat());
  $('legend').replaceChildren(...[...used].map((t) => {
    const li = document.createElement('li');
    li.textContent = t;
    li.style.setProperty('--c', TECHNIQUE_COLOURS[t]);
    return li;
  }));
}

function render() {
  const st = state();
  const d = device();
  if (!st || !d) return;
  renderConnection(st, d);
  if (store.paint) store.paint(st);
  renderNow(st);
  renderSettings(st, d);
  renderEvents(st);
  renderRoutinesPlaying(st);
  showStopState(st);
  if (store.zoneOpen) renderZoneDialog();
}

function renderConnection(st, d) {
  const link = $('link');
  const banner = $('banner');
  if (!store.feedAlive) {
    link.textContent = 'Reconnecting to solemate serve…';
    link.className = 'pill wait';
  } else if (st.connection === 'connected') {
    link.textContent = `${d.id} connected`;
    link.className = 'pill ok';
  } else {
    link.textContent = `${d.id} disconnected`;
    link.className = 'pill bad';
  }
  const before = store.previousConnection.get(d.id);
  store.previousConnection.set(d.id, st.connection);
  if (!store.feedAlive) {
    banner.hidden = false;
    banner.className = 'banner';
    banner.textContent = 'Lost the link to solemate serve; reconnecting… The massager keeps its own safety limits'
      + ' and stops itself at auto-off. The STOP button works again as soon as the link is back.';
  } else if (st.connection === 'disconnected') {
    banner.hidden = false;
    banner.className = 'banner';
    banner.textContent = `The massager is disconnected${st.connection_error ? ` (${st.connection_error})`
      : ''}. It stops itself when it hears nothing (its watchdog). Waiting for it to come back…`;
  } else if (st.connection === 'closed') {
    banner.hidden = false;
    banner.className = 'banner';
    banner.textContent = 'solemate serve closed this massager.';
  } else if (before && before !== 'connected') {
    banner.hidden = false;
    banner.className = 'banner good';
    banner.textContent = 'Back: the massager is connected again and at zero. Nothing resumes by itself.';
  } else if (banner.classList.contains('good') && !st.at_zero) {
    banner.hidden = true;
  } else if (!banner.classList.contains('good')) {
    banner.hidden = true;
  }
}

function renderNow(st) {
  const p = st.playback;
  const playing = p.state === 'playing' || p.state === 'paused';
  $('routine-now').hidden = !playing;
  const active = Object.entries(st.zones).filter(([, z]) => z.level > 0);
  let status;
  if (st.connection !== 'connected') status = 'Disconnected';
  else if (p.state === 'playing') status = `Playing ${p.routine}`;
  else if (p.state === 'paused') status = `Paused: ${p.routine} (the device is at zero)`;
  else if (active.length) status = `By hand: ${active.map(([z, v]) => `${z} ${v.technique} ${v.level}/${v.steps}`).join(', ')}`;
  else if (p.last) status = `Idle. ${p.last.routine} ${p.last.ending === 'completed' ? 'completed' : p.last.ending} after ${clock(p.last.played)}`;
  else status = 'Idle: the device is at zero';
  $('now-status').textContent = status;
  if (playing) {
    const pct = Math.round(p.progress * 100);
    $('progress-fill').style.width = `${pct}%`;
    $('progress').setAttribute('aria-valuenow', String(pct));
    $('progress').setAttribute('aria-valuetext', `${pct} percent, ${clock(p.remaining)} left`);
    $('step-name').textContent = `Step ${p.step_index} of ${p.step_count}:`;
    $('step-count').textContent = p.step;
    $('time-left').textContent = `${clock(p.remaining)} left of ${clock(p.total)}`;
    $('speed-note').textContent = p.speed !== 1 ? `(simulator at ${p.speed}x)` : '';
    $('pause').hidden = p.state !== 'playing';
    $('resume').hidden = p.state !== 'paused';
  }
  if (st.session) {
    $('session-used').textContent = clock(st.session.used);
    $('session-limit').textContent = clock(st.session.limit);
    $('auto-off').textContent = `auto-off in ${clock(st.session.auto_off_in)}`;
    $('session-fill').style.width = `${Math.min(100, (100 * st.session.used) / st.session.limit)}%`;
  }
  $('heat-fact').hidden = !st.heat;
  if (st.heat) {
    const t = st.heat.temperature == null ? '' : ` · ${st.heat.temperature.toFixed(1)} °C now`;
    $('heat-now').textContent = `${st.heat.target == null ? 'off' : `${st.heat.target} °C set`}${t}`;
    $('heat-limit').textContent = `(limit ${st.heat.limit} °C)`;
  }
  if (st.comfort_cap) {
    $('cap-now').textContent = `${Math.round(st.comfort_cap.percent)} % (level ${st.comfort_cap.level} of ${st.comfort_cap.steps} at most)`;
  }
}

function choiceButton(label, pressed, onClick, aria) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn';
  b.textContent = label;
  b.setAttribute('aria-pressed', String(pressed));
  if (aria) b.setAttribute('aria-label', aria);
  b.addEventListener('click', onClick);
  return b;
}

function renderSettings(st, d) {
  $('heat-controls').hidden = !st.heat;
  if (st.heat) {
    $('heat-detail').textContent = `Between ${st.heat.min} and ${st.heat.limit} °C here (the heat limit);`
      + ' never above 43 °C. Keep heat off if you cannot feel it well.';
    const buttons = [choiceButton('Off', st.heat.target == null, () => command('heat', { celsius: null }), 'Heat off')];
    for (let c = st.heat.min; c <= st.heat.limit; c++) {
      buttons.push(choiceButton(`${c}°`, st.heat.target === c, () => command('heat', { celsius: c }), `Heat ${c} °C`));
    }
    replaceIfChanged($('heat-choices'), buttons);
  }
  if (st.comfort_cap && d.profile) {
    const steps = d.profile.steps;
    const options = steps <= 10 ? [...Array(steps).keys()].map((k) => Math.round(((k + 1) * 100) / steps))
      : [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const buttons = options.map((pct) => choiceButton(`${pct} %`, Math.round(st.comfort_cap.percent) === pct,
      () => command('comfort', { percent: pct }), `Comfort cap ${pct} percent`));
    replaceIfChanged($('cap-choices'), buttons);
  }
}

// Rebuilding a group of buttons would move the keyboard focus: only do it when something changed.
function replaceIfChanged(container, buttons) {
  const key = buttons.map((b) => b.textContent + b.getAttribute('aria-pressed')).join('|');
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  const focused = document.activeElement && container.contains(document.activeElement)
    ? document.activeElement.textContent : null;
  container.replaceChildren(...buttons);
  if (focused) buttons.find((b) => b.textContent === focused)?.focus();
}

function renderEvents(st) {
  const list = $('events');
  const key = st.events.map((e) => e.at + e.text).join('|');
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...st.events.slice(0, 20).map((e) => {
    const li = document.createElement('li');
    li.className = e.level;
    const t = document.createElement('time');
    t.dateTime = e.at;
    t.textContent = timeOf(e.at);
    li.append(t, document.createTextNode(e.text));
    return li;
  }));
  if (!st.events.length) list.innerHTML = '<li class="muted">Nothing yet tonight.</li>';
}

// ---- routines ------------------------------------------------------------------------------

async function loadRoutines() {
  const list = $('routine-list');
  try {
    store.routines = await api('GET', `/api/routines?device=${encodeURIComponent(store.current)}`);
  } catch (e) {
    list.innerHTML = '';
    const li = document.createElement('li');
    li.textContent = `Routines unavailable: ${e.message}`;
    list.append(li);
    return;
  }
  list.replaceChildren(...store.routines.routines.map(routineCard));
  for (const p of store.routines.problems) {
    const li = document.createElement('li');
    li.className = 'routine warn';
    li.textContent = `Left out: ${p}`;
    list.append(li);
  }
  const st = state();
  if (st) renderRoutinesPlaying(st);
}

function routineCard(r) {
  const li = document.createElement('li');
  li.className = 'routine';
  li.dataset.routine = r.name;
  const header = document.createElement('header');
  const h = document.createElement('h3');
  h.textContent = r.name;
  const dur = document.createElement('span');
  dur.className = 'muted';
  dur.textContent = `${clock(r.duration)} · ${r.steps} steps${r.source === 'file' ? ' · your file' : ''}`;
  header.append(h, dur);
  const desc = document.createElement('p');
  desc.className = 'desc';
  desc.textContent = r.description;
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Show its plot for this device';
  details.append(summary);
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('img')) {
      const img = document.createElement('img');
      img.src = r.plot;
      img.alt = `Plot of ${r.name}: intensity of each zone over ${clock(r.duration)}, techniques and heat, as this device plays it`;
      img.width = 960;
      img.height = 600;
      const full = document.createElement('a');
      full.href = r.plot;
      full.target = '_blank';
      full.rel = 'noopener';
      full.className = 'full-size';
      full.textContent = 'Open the plot full size';
      details.append(img, full);
    }
  });
  const row = document.createElement('div');
  row.className = 'row';
  const start = document.createElement('button');
  start.type = 'button';
  start.className = 'btn primary';
  start.textContent = 'Start';
  start.setAttribute('aria-label', `Start ${r.name} (${clock(r.duration)})`);
  let speed = null;
  if (store.routines.speed_allowed) {
    const label = document.createElement('label');
    label.textContent = 'Speed';
    speed = document.createElement('select');
    speed.setAttribute('aria-label', `Speed for ${r.name} (simulator only)`);
    for (const s of [1, 10, 60]) speed.append(new Option(`${s}x`, String(s)));
    label.append(speed);
    row.append(start, label);
  } else {
    row.append(start);
  }
  start.addEventListener('click', () => command('routine', speed ? { name: r.name, speed: Number(speed.value) } : { name: r.name }));
  li.append(header, desc);
  if (r.warnings.length) {
    const w = document.createElement('p');
    w.className = 'warn';
    w.textContent = `Adapted for this device: ${r.warnings.length} change${r.warnings.length === 1 ? '' : 's'} (see the plot)`;
    li.append(w);
  }
  li.append(details, row);
  return li;
}

function renderRoutinesPlaying(st) {
  const playing = st.playback.state !== 'idle' ? st.playback.routine : null;
  for (const li of document.querySelectorAll('.routine[data-routine]')) {
    li.classList.toggle('playing', li.dataset.routine === playing);
  }
}

// ---- zones ---------------------------------------------------------------------------------

function openZone(zone) {
  store.zoneOpen = zone;
  renderZoneDialog();
  const dialog = $('zone-dialog');
  $('zone-result').textContent = '';
  if (!dialog.open) dialog.showModal();
}
$('zone-dialog').addEventListener('close', () => { store.zoneOpen = null; });

function renderZoneDialog() {
  const d = device();
  const st = state();
  const zone = store.zoneOpen;
  if (!d || !st || !zone || !st.zones[zone]) return;
  const z = st.zones[zone];
  $('zone-title').textContent = `${zone[0].toUpperCase()}${zone.slice(1)}: ${z.level === 0 ? 'off' : `${z.technique} at level ${z.level} of ${z.steps}`}`;
  const chosen = $('zone-techniques').dataset.chosen && d.profile.zones[zone].includes($('zone-techniques').dataset.chosen)
    ? $('zone-techniques').dataset.chosen : z.technique;
  $('zone-techniques').dataset.chosen = chosen;
  replaceIfChanged($('zone-techniques'), d.profile.zones[zone].map((t) => choiceButton(t, t === chosen, () => {
    $('zone-techniques').dataset.chosen = t;
    if (z.level > 0) setZone(zone, t, z.level); else renderZoneDialog();
  }, `Technique ${t}`)));
  const levels = [];
  for (let l = 0; l <= z.steps; l++) {
    levels.push(choiceButton(l === 0 ? 'Off' : String(l), z.level === l, () => setZone(zone, chosen, l),
      l === 0 ? `${zone} off` : `${zone} level ${l} of ${z.steps}`));
  }
  replaceIfChanged($('zone-levels'), levels);
}

async function setZone(zone, technique, level) {
  $('zone-result').textContent = 'Sending…';
  try {
    const answer = await api('POST', devicePath(`zones/${zone}`), { technique, level });
    const note = answer.target > answer.level ? `rising gradually to ${answer.target}` : 'done';
    $('zone-result').textContent = answer.warnings.length ? `${note}: ${answer.warnings.join('; ')}` : note;
    update(answer.state);
  } catch (e) {
    $('zone-result').textContent = e.message;
  }
}

// ---- commands ------------------------------------------------------------------------------

async function command(what, body) {
  try {
    const answer = await api('POST', devicePath(what), body);
    if (answer.state) update(answer.state);
  } catch (e) {
    addLocalEvent(e.message);
  }
}
function addLocalEvent(text) {
  const li = document.createElement('li');
  li.className = 'warning';
  li.textContent = text;
  $('events').prepend(li);
  $('events').dataset.key = '';
}

$('stop').addEventListener('click', stopAll);
// The zone dialog is modal (the page behind it is inert), so it carries its own STOP.
for (const b of document.querySelectorAll('[data-stop]')) b.addEventListener('click', () => { $('zone-dialog').close(); stopAll(); });
$('pause').addEventListener('click', () => command('playback', { action: 'pause' }));
$('resume').addEventListener('click', () => command('playback', { action: 'resume' }));
$('end-routine').addEventListener('click', () => command('playback', { action: 'stop' }));
$('device-select').addEventListener('change', (e) => select(e.target.value));

// ---- tonight -------------------------------------------------------------------------------

async function loadHistory() {
  try {
    const h = await api('GET', '/api/history');
    const s = h.streak;
    const since = s.since ? ` since ${new Date(`${s.since}T12:00`).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}` : '';
    $('streak').textContent = s.evenings === 0 ? 'Streak: none yet. One session tonight starts it.'
      : `Streak: ${s.evenings} evening${s.evenings === 1 ? '' : 's in a row'}${since}; tonight ${s.tonight_done ? 'done ✓' : 'not yet'}.`;
    $('strip').replaceChildren(...h.strip.map((e) => {
      const li = document.createElement('li');
      li.className = e.session ? 'done' : e.tonight ? 'tonight' : '';
      li.title = e.evening;
      li.setAttribute('aria-label', `${e.evening}${e.tonight ? ' (tonight)' : ''}: ${e.session ? 'a session' : 'none'}`);
      return li;
    }));
    const last = h.sessions[0];
    $('last-session').textContent = last
      ? `Last: ${last.routine}, ${clock(last.played)}, ${last.ending}${last.simulated ? ' (simulator: practice, not counted)' : ''}.`
      : 'No sessions yet.';
  } catch (e) {
    $('streak').textContent = `History unavailable: ${e.message}`;
  }
}

// ---- the live feed -------------------------------------------------------------------------

function update(st) {
  const before = store.states.get(st.device);
  store.states.set(st.device, st);
  if (st.device === store.current) {
    if (before && before.playback.state !== 'idle' && st.playback.state === 'idle') loadHistory();
    render();
  }
}

function connectFeed() {
  const feed = new EventSource('/api/events');
  feed.addEventListener('open', () => { store.feedAlive = true; store.lastMessage = Date.now(); render(); });
  feed.addEventListener('state', (m) => {
    store.lastMessage = Date.now();
    if (!store.feedAlive) { store.feedAlive = true; }
    const st = JSON.parse(m.data);
    const d = store.devices.find((x) => x.id === st.device);
    // A device that opened (or was replaced) since the page loaded: fetch its profile again.
    if (d && st.connection === 'connected' && (!d.profile || d.connection !== 'connected')) refreshDevices();
    if (d) d.connection = st.connection;
    update(st);
  });
  feed.addEventListener('error', () => { store.feedAlive = false; render(); });
  // The server writes at least every 15 s; a silent feed is a lost one even if the browser has not noticed.
  setInterval(() => {
    if (store.feedAlive && Date.now() - store.lastMessage > 40000) { store.feedAlive = false; render(); }
  }, 5000);
  feed.addEventListener('message', () => { store.lastMessage = Date.now(); });
}

async function refreshDevices() {
  const { devices } = await api('GET', '/api/devices');
  const profileBefore = JSON.stringify(device()?.profile);
  store.devices = devices;
  if (JSON.stringify(device()?.profile) !== profileBefore) {
    renderProfile();
    loadRoutines();
  }
  render();
}

function select(id) {
  store.current = id;
  try { localStorage.setItem('solemate.device', id); } catch { /* private mode */ }
  renderDevicePicker();
  renderProfile();
  loadRoutines();
  render();
}

async function start() {
  const { devices } = await api('GET', '/api/devices');
  store.devices = devices;
  let saved = null;
  try { saved = localStorage.getItem('solemate.device'); } catch { /* private mode */ }
  store.current = devices.some((d) => d.id === saved) ? saved : devices[0].id;
  for (const d of devices) {
    const full = await api('GET', `/api/devices/${encodeURIComponent(d.id)}`);
    store.states.set(d.id, full.state);
  }
  select(store.current);
  loadHistory();
  connectFeed();
}

start().catch((e) => {
  $('now-status').textContent = `Cannot reach solemate serve: ${e.message}`;
  $('link').textContent = 'Not connected';
  $('link').className = 'pill bad';
});
