/**
 * The token debugger page: decodes on every keystroke, verifies in the page with WebCrypto,
 * and compares the token with this service's published facts. The only requests it makes on
 * its own are for the service's public facts and JWKS; the token goes to the server only when
 * the person presses "Check with this service".
 * @module debugger
 */

import { byId, el } from './dom.js';
import { decodeJwt, inspectToken } from './jwt_inspect.js';
import { readKeyText } from './jwt_keys.js';
import { verifyToken } from './jwt_verify.js';
import { api } from './session.js';
import { formatLocal, formatRelative, formatUtc, nowSeconds } from './time_format.js';

/** @typedef {import('./jwt_keys.js').KeyInput} KeyInput */
/** @typedef {import('./jwt_verify.js').VerifyState} VerifyState */

const tokenBox = /** @type {HTMLTextAreaElement} */ (byId('token'));
const keyBox = /** @type {HTMLTextAreaElement} */ (byId('key'));
const keySource = /** @type {HTMLSelectElement} */ (byId('key-source'));
const secretBase64url = /** @type {HTMLInputElement} */ (byId('secret-base64url'));
const pastedFields = byId('pasted-key-fields');
const verifyResult = byId('verify-result');

/** @type {{issuer?: string, audience?: string, jwks_uri?: string, algorithm?: string, access_token_ttl?: number} | null} */
let service = null;
/** @type {{keys: Array<Record<string, unknown>>} | null} */
let jwks = null;
/** @type {'loading' | 'loaded' | 'failed'} */
let jwksState = 'loading';

/** How long to wait after the last keystroke before verifying (WebCrypto calls are async). */
const VERIFY_DELAY_MS = 150;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let verifyTimer;
/** Bumped per verification so a slow, older result never overwrites a newer one. */
let verifyGeneration = 0;

/**
 * The key verification would use right now.
 * @returns {KeyInput | null}
 */
function currentKey() {
  if (keySource.value === 'pasted') return readKeyText(keyBox.value, { secretBase64url: secretBase64url.checked });
  return jwks ? { kind: 'jwks', keys: jwks.keys, label: "this service's JWKS" } : null;
}

// ---- Decoding (synchronous, every input) ------------------------------------------------------

function update() {
  const { decoded, warnings, times } = inspectToken(tokenBox.value, {
    now: nowSeconds(),
    service,
    jwks: jwksState === 'loaded' ? jwks : null,
    key: currentKey(),
  });

  byId('decoded-header').textContent = decoded.header ? JSON.stringify(decoded.header, null, 2) : '';
  let claimsText = '';
  if (decoded.claims) claimsText = JSON.stringify(decoded.claims, null, 2);
  else if (decoded.encrypted) claimsText = '(encrypted: not readable here)';
  else if (decoded.payloadText !== null) claimsText = decoded.payloadText;
  byId('decoded-claims').textContent = claimsText;

  const timeList = byId('decoded-times');
  const now = nowSeconds();
  timeList.replaceChildren(
    ...times.map((t) =>
      el(
        'div',
        { class: 'time-row' },
        el('dt', {}, el('code', {}, t.name), ` ${t.label}`),
        el(
          'dd',
          {},
          el('span', { class: 'time-utc' }, formatUtc(t.seconds)),
          el('span', { class: 'time-local' }, `Local: ${formatLocal(t.seconds)}`),
          el('span', { class: 'time-relative' }, formatRelative(t.seconds, now)),
        ),
      ),
    ),
  );
  byId('times-empty').hidden = times.length > 0 || decoded.empty;

  byId('warnings').replaceChildren(...warnings.map((w) => el('li', { 'data-warning': w.code }, w.message)));
  byId('warnings-empty').hidden = warnings.length > 0 || decoded.empty;

  let summary;
  if (decoded.empty) summary = 'Paste a token to decode it.';
  else if (decoded.header && (decoded.claims || decoded.encrypted)) summary = 'Decoded.';
  else summary = 'Could not decode the whole token.';
  if (!decoded.empty) summary += warnings.length === 0 ? ' No warnings.' : ` ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.`;
  const status = byId('decode-status');
  if (status.textContent !== summary) status.textContent = summary;
}

// ---- Verification (debounced, async) ---------------------------------------------------------

function scheduleVerify() {
  clearTimeout(verifyTimer);
  verifyTimer = setTimeout(runVerify, VERIFY_DELAY_MS);
}

const STATE_LABELS = /** @type {Record<VerifyState, string>} */ ({
  valid: 'Signature valid.',
  invalid: 'Not valid.',
  unsupported: 'Cannot check.',
  none: 'Not verified.',
});

/**
 * @param {VerifyState} state
 * @param {string} message
 */
function showVerify(state, message) {
  // Unchanged results are not rewritten, so screen readers do not repeat them on every keystroke.
  if (verifyResult.dataset.state === state && verifyResult.textContent === `${STATE_LABELS[state]} ${message}`) return;
  verifyResult.dataset.state = state;
  verifyResult.replaceChildren(el('strong', {}, STATE_LABELS[state]), ` ${message}`);
}

async function runVerify() {
  const generation = ++verifyGeneration;
  const decoded = decodeJwt(tokenBox.value);
  if (!decoded.empty && keySource.value === 'service' && !jwks) {
    showVerify('none', jwksState === 'loading' ? "Loading this service's keys…" : "This service's keys (JWKS) could not be loaded; paste a key instead.");
    return;
  }
  const result = await verifyToken(decoded, currentKey());
  if (generation === verifyGeneration) showVerify(result.state, result.message);
}

// ---- This service's public facts -------------------------------------------------------------

async function loadServiceFacts() {
  const info = byId('service-info');
  const [facts, keys] = await Promise.allSettled([api('/web/api/service'), api('/.well-known/jwks.json')]);
  if (facts.status === 'fulfilled' && facts.value && typeof facts.value === 'object') service = facts.value;
  if (keys.status === 'fulfilled' && keys.value && Array.isArray(keys.value.keys)) {
    jwks = { keys: keys.value.keys.filter((/** @type {unknown} */ k) => typeof k === 'object' && k !== null) };
    jwksState = 'loaded';
  } else {
    jwksState = 'failed';
  }

  const rows = [];
  if (service) {
    rows.push(fact('Issuer (iss)', String(service.issuer ?? '—')), fact('Audience (aud)', String(service.audience ?? '—')));
    if (service.algorithm) rows.push(fact('Signs with', String(service.algorithm)));
    if (typeof service.access_token_ttl === 'number') rows.push(fact('Access tokens last', `${Math.round(service.access_token_ttl / 60)} min`));
  }
  if (jwks) {
    const names = jwks.keys.map((k) => `${typeof k.kid === 'string' ? k.kid : '(no kid)'}${typeof k.alg === 'string' ? ` ${k.alg}` : ''}`);
    rows.push(fact('Published keys', names.length ? names.join(', ') : 'none'));
  }
  if (rows.length) info.replaceChildren(el('dl', { class: 'facts' }, ...rows));
  else info.replaceChildren(el('p', { class: 'status-error' }, "This service's facts could not be loaded; the issuer, audience and kid checks are off."));
  update();
  scheduleVerify();
}

/**
 * @param {string} term
 * @param {string} value
 */
function fact(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, el('code', {}, value)));
}

// ---- Explicit check with the service ----------------------------------------------------------

async function checkWithService() {
  const out = byId('service-result');
  const button = /** @type {HTMLButtonElement} */ (byId('check-with-service'));
  const token = decodeJwt(tokenBox.value).token;
  if (token === '') {
    out.replaceChildren(el('p', {}, 'Paste a token first.'));
    return;
  }
  if (/[^\x21-\x7e]/.test(token)) {
    out.replaceChildren(el('p', { class: 'status-error' }, 'The token has characters that cannot be sent in an HTTP header.'));
    return;
  }
  button.disabled = true;
  out.replaceChildren(el('p', {}, 'Asking the service…'));
  try {
    // credentials: 'omit': the answer must reflect the pasted token, not this browser's session.
    const response = await fetch('/users/me', {
      headers: { Authorization: `Bearer ${token}`, 'X-Tessera-Fetch': '1' },
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    let body = text;
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: show as is.
    }
    const verdict = response.ok ? 'The service accepts this token.' : response.status === 401 ? 'The service refuses this token.' : '';
    const line = el('p', { class: response.ok ? 'status-ok' : 'status-error' }, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. ${verdict}`);
    out.replaceChildren(line, el('pre', { class: 'code' }, body || '(empty body)'));
  } catch {
    out.replaceChildren(el('p', { class: 'status-error' }, 'The service could not be reached.'));
  } finally {
    button.disabled = false;
  }
}

// ---- Wiring -----------------------------------------------------------------------------------

function onKeySourceChange() {
  pastedFields.hidden = keySource.value !== 'pasted';
  update();
  scheduleVerify();
}

function onInput() {
  update();
  scheduleVerify();
}

tokenBox.addEventListener('input', onInput);
keyBox.addEventListener('input', onInput);
secretBase64url.addEventListener('change', onInput);
keySource.addEventListener('change', onKeySourceChange);
byId('check-with-service').addEventListener('click', checkWithService);
// Relative times ("in 5 minutes") and the expired warning go stale; refresh them quietly.
setInterval(update, 15000);

onKeySourceChange();
loadServiceFacts();
