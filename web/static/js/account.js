/**
 * The account page: who you are, your current access token decoded, your sessions, the apps
 * you have allowed to sign you in, and a password change. The token stays in session.js's memory; the page's content stays hidden
 * until the session has been confirmed (on load and when restored from the back/forward cache),
 * so a signed-out page never flashes someone's data.
 * @module account
 */

import { connectedApps } from './connected_apps.js';
import { byId, el, setStatus } from './dom.js';
import { decodeJwt } from './jwt_inspect.js';
import { api, forgetToken, getToken, getTokenInfo, sessionEvents } from './session.js';
import { formatLocal, formatRelative, minutesUntil, nowSeconds } from './time_format.js';
import { describeUserAgent } from './user_agent.js';

/** @typedef {import('./session.js').TokenInfo} TokenInfo */
/** @typedef {import('./session.js').ApiError} ApiError */

/**
 * @typedef {object} SessionRow
 * @property {string} id
 * @property {number} created_at
 * @property {number | null} last_used_at
 * @property {number} expires_at
 * @property {string} user_agent
 * @property {string} ip
 * @property {boolean} current
 */

const content = byId('session-content');
const pageStatus = byId('page-status');

document.documentElement.classList.add('js');

/** The token shown in the token panel, for re-rendering the relative times. */
let shownToken = /** @type {TokenInfo | null} */ (null);

/** Leaves for the sign-in page; replace() so Back does not return to a dead page. */
function toLogin() {
  forgetToken();
  location.replace('/web/login');
}

/**
 * The common handling of a failed call: 401 means the session is over.
 * @param {unknown} e
 * @returns {string}  the message to show otherwise
 */
function failureText(e) {
  const err = /** @type {ApiError} */ (e);
  if (err && err.status === 401) {
    toLogin();
    return 'Your session has ended.';
  }
  return err && err.detail ? err.detail : String(e);
}

/**
 * Hides or shows the session's data, with a status line while hidden.
 * @param {string | null} message  null shows the content
 */
function setPending(message) {
  document.documentElement.classList.toggle('pending', message !== null);
  content.hidden = message !== null;
  pageStatus.hidden = message === null;
  pageStatus.textContent = message ?? '';
}

// ---- Who you are and the token --------------------------------------------------------------

/** @param {TokenInfo} info */
function renderWho(info) {
  if (info.username) byId('who-username').textContent = info.username;
  const scopes = byId('who-scopes');
  if (info.scopes.length === 0) {
    scopes.replaceChildren('none');
    return;
  }
  const list = el('ul', { class: 'chips' });
  for (const scope of info.scopes) list.append(el('li', {}, el('code', {}, scope)));
  scopes.replaceChildren(list);
}

/** @param {TokenInfo} info */
function renderToken(info) {
  shownToken = info;
  const decoded = decodeJwt(info.token);
  byId('token-header').textContent = decoded.header ? JSON.stringify(decoded.header, null, 2) : '(not decodable)';
  byId('token-claims').textContent = decoded.claims ? JSON.stringify(decoded.claims, null, 2) : '(not decodable)';
  byId('token-raw').textContent = info.token;
  renderExpiry();
}

/** The token's iat and exp as local times with relative text; re-run on a timer. */
function renderExpiry() {
  const target = byId('token-expiry');
  if (!shownToken) return;
  const claims = decodeJwt(shownToken.token).claims ?? {};
  const now = nowSeconds();
  const parts = [];
  if (typeof claims.iat === 'number') {
    parts.push(el('span', {}, 'Issued ', el('time', {}, formatLocal(claims.iat)), ` (${formatRelative(claims.iat, now)}).`));
  }
  if (typeof claims.exp === 'number') {
    const left = claims.exp - now;
    const when = left > 0 ? `expires in ${minutesUntil(claims.exp, now)} min` : 'expired';
    parts.push(el('span', {}, ' Expires ', el('time', {}, formatLocal(claims.exp)), ` (${when}).`));
  } else {
    parts.push(el('span', {}, ' This token has no expiry.'));
  }
  parts.push(el('span', { class: 'hint' }, ' Renewed automatically before it expires.'));
  target.replaceChildren(...parts);
}

async function copyToken() {
  const status = byId('copy-status');
  try {
    await navigator.clipboard.writeText((await getTokenInfo()).token);
    setStatus(status, 'Copied.', 'ok');
  } catch {
    setStatus(status, 'Copying is not allowed here; select the text instead.', 'error');
  }
}

async function callSecure() {
  const out = byId('secure-result');
  const button = /** @type {HTMLButtonElement} */ (byId('call-secure'));
  button.disabled = true;
  out.replaceChildren(el('p', {}, 'Calling…'));
  try {
    const token = await getToken();
    // credentials: 'omit' so the answer shows what the bearer token alone is allowed to do.
    const response = await fetch('/secure-endpoint', {
      headers: { Authorization: `Bearer ${token}`, 'X-Tessera-Fetch': '1' },
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    out.replaceChildren(
      el('p', { class: response.ok ? 'status-ok' : 'status-error' }, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`),
      el('pre', { class: 'code' }, prettyBody(text)),
    );
  } catch (e) {
    out.replaceChildren(el('p', { class: 'status-error' }, failureText(e)));
  } finally {
    button.disabled = false;
  }
}

/**
 * JSON bodies indented, anything else as is.
 * @param {string} text
 * @returns {string}
 */
function prettyBody(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text === '' ? '(empty body)' : text;
  }
}

// ---- Sessions -------------------------------------------------------------------------------

const sessionsStatus = byId('sessions-status');

async function loadSessions() {
  const list = byId('sessions');
  try {
    const body = await api('/web/api/sessions');
    /** @type {SessionRow[]} */
    const rows = Array.isArray(body?.sessions) ? body.sessions : [];
    rows.sort((a, b) => Number(b.current) - Number(a.current) || (b.last_used_at ?? b.created_at) - (a.last_used_at ?? a.created_at));
    list.replaceChildren(...rows.map(sessionItem));
    if (rows.length === 0) list.replaceChildren(el('li', { class: 'empty' }, 'No active sessions.'));
    /** @type {HTMLButtonElement} */ (byId('end-others')).disabled = !rows.some((r) => !r.current);
  } catch (e) {
    setStatus(sessionsStatus, `Could not load your sessions: ${failureText(e)}`, 'error');
  }
}

/**
 * One session as a list item (a card; a table would not fit a phone).
 * @param {SessionRow} s
 * @returns {HTMLElement}
 */
function sessionItem(s) {
  const name = describeUserAgent(s.user_agent);
  const head = el('p', { class: 'session-name' }, el('strong', { title: s.user_agent || '' }, name));
  if (s.current) head.append(' ', el('span', { class: 'badge' }, 'This device'));
  const facts = el(
    'dl',
    { class: 'facts' },
    fact('Signed in', formatLocal(s.created_at)),
    fact('Last used', s.last_used_at == null ? '—' : `${formatLocal(s.last_used_at)} (${formatRelative(s.last_used_at)})`),
    fact('Expires', `${formatLocal(s.expires_at)} (${formatRelative(s.expires_at)})`),
    fact('IP address', s.ip || '—'),
  );
  const item = el('li', { class: s.current ? 'session current' : 'session', 'data-session-id': s.id }, head, facts);
  if (!s.current) {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-label': `Sign out ${name}, signed in ${formatLocal(s.created_at)}` }, 'Sign out');
    button.addEventListener('click', () => endSession(s.id, /** @type {HTMLButtonElement} */ (button)));
    item.append(button);
  }
  return item;
}

/**
 * @param {string} term
 * @param {string} value
 * @returns {HTMLElement}
 */
function fact(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, value));
}

/**
 * @param {string} id
 * @param {HTMLButtonElement} button
 */
async function endSession(id, button) {
  button.disabled = true;
  try {
    await api('/web/api/sessions/end', { method: 'POST', json: { id } });
    setStatus(sessionsStatus, 'Signed out that session.', 'ok');
  } catch (e) {
    const err = /** @type {ApiError} */ (e);
    if (err.status === 404) setStatus(sessionsStatus, 'That session had already ended.', '');
    else setStatus(sessionsStatus, failureText(e), 'error');
  }
  await loadSessions();
  byId('sessions-heading').focus();
}

async function endOthers() {
  const button = /** @type {HTMLButtonElement} */ (byId('end-others'));
  button.disabled = true;
  try {
    const body = await api('/web/api/sessions/end-others', { method: 'POST' });
    const n = Number(body?.ended ?? 0);
    setStatus(sessionsStatus, n === 0 ? 'There were no other sessions.' : `Signed out ${n} other session${n === 1 ? '' : 's'}.`, 'ok');
  } catch (e) {
    setStatus(sessionsStatus, failureText(e), 'error');
  }
  await loadSessions();
}

async function endAll() {
  const button = /** @type {HTMLButtonElement} */ (byId('end-all'));
  button.disabled = true;
  try {
    await api('/web/api/sessions/end-all', { method: 'POST' });
    toLogin();
  } catch (e) {
    setStatus(sessionsStatus, failureText(e), 'error');
    button.disabled = false;
  }
}

// ---- Connected apps -------------------------------------------------------------------------

const apps = connectedApps(failureText);

// ---- Password -------------------------------------------------------------------------------

/** @param {SubmitEvent} event */
async function changePassword(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (byId('password-form'));
  const current = /** @type {HTMLInputElement} */ (byId('current-password'));
  const next = /** @type {HTMLInputElement} */ (byId('new-password'));
  const confirm = /** @type {HTMLInputElement} */ (byId('confirm-password'));
  const result = byId('password-result');
  const submit = /** @type {HTMLButtonElement} */ (byId('password-submit'));
  if (next.value !== confirm.value) {
    setStatus(result, 'The new passwords do not match.', 'error');
    confirm.focus();
    return;
  }
  submit.disabled = true;
  setStatus(result, '', '');
  try {
    await api('/web/api/password', { method: 'POST', json: { current_password: current.value, new_password: next.value } });
    form.reset();
    setStatus(result, 'Password changed; your other sessions were signed out.', 'ok');
    await loadSessions();
  } catch (e) {
    setStatus(result, failureText(e), 'error');
  } finally {
    submit.disabled = false;
  }
}

// ---- Start and back/forward cache -----------------------------------------------------------

/** Confirms the session with a token, then shows and fills the page. */
async function start() {
  setPending('Checking your session…');
  let info;
  try {
    info = await getTokenInfo();
  } catch (e) {
    const text = failureText(e);
    if (/** @type {ApiError} */ (e).status !== 401) setPending(`Could not get an access token: ${text} Reload the page to try again.`);
    return;
  }
  renderWho(info);
  renderToken(info);
  setPending(null);
  await Promise.all([loadSessions(), apps.load()]);
}

/**
 * A page restored from the back/forward cache may belong to a session that has since ended
 * (signed out in this or another tab), so hide it and ask the server before showing it again.
 */
async function recheck() {
  setPending('Checking your session…');
  try {
    await api('/web/api/session');
  } catch (e) {
    const text = failureText(e);
    if (/** @type {ApiError} */ (e).status !== 401) setPending(`Could not check your session: ${text} Reload the page to try again.`);
    return;
  }
  // Fetch a fresh token rather than trusting the one in memory: the session now confirmed may
  // not be the one that token came from (signed out, then someone signed in again).
  forgetToken();
  await start();
}

window.addEventListener('pageshow', (event) => {
  if (event.persisted) recheck();
});

sessionEvents.addEventListener('token', (event) => {
  const info = /** @type {CustomEvent<TokenInfo>} */ (event).detail;
  renderWho(info);
  renderToken(info);
});
sessionEvents.addEventListener('ended', toLogin);

byId('call-secure').addEventListener('click', callSecure);
byId('copy-token').addEventListener('click', copyToken);
byId('end-others').addEventListener('click', endOthers);
byId('end-all').addEventListener('click', endAll);
byId('password-form').addEventListener('submit', changePassword);
// The plain form post signs out; drop the in-memory token as the navigation starts.
byId('logout-form').addEventListener('submit', () => forgetToken());
setInterval(renderExpiry, 15000);

start();
