/**
 * The account page's "Connected apps": the apps this user has allowed to sign them in
 * (GET /web/api/consents), each with a button that withdraws that permission
 * (POST /web/api/consents/revoke).
 * @module connected_apps
 */

import { byId, el, setStatus } from './dom.js';
import { api } from './session.js';
import { formatLocal, formatRelative, isShowableTime } from './time_format.js';

/** @typedef {import('./session.js').ApiError} ApiError */

/**
 * @typedef {object} ConsentRow
 * @property {string} client_id
 * @property {string[]} scopes
 * @property {number} granted_at
 */

/**
 * Wires the section's elements (#apps, #apps-empty, #apps-status, #apps-heading) and returns
 * its loader.
 * @param {(e: unknown) => string} failureText  the page's handling of a failed call (401 leaves)
 * @returns {{load: () => Promise<void>}}
 */
export function connectedApps(failureText) {
  const list = byId('apps');
  const empty = byId('apps-empty');
  const status = byId('apps-status');
  /** Bumped by every load, so an older answer arriving late does not replace a newer one. */
  let loads = 0;

  async function load() {
    const mine = ++loads;
    let rows;
    try {
      const body = await api('/web/api/consents');
      rows = (Array.isArray(body?.consents) ? body.consents : []).filter(
        (/** @type {any} */ r) => r && typeof r.client_id === 'string',
      );
    } catch (e) {
      if (mine === loads) setStatus(status, `Could not load your connected apps: ${failureText(e)}`, 'error');
      return;
    }
    if (mine !== loads) return;
    list.replaceChildren(...rows.map(appItem));
    empty.hidden = rows.length !== 0;
    // A previous failure to load is over; a "withdrew" confirmation stays.
    if (status.classList.contains('status-error')) setStatus(status, '', '');
  }

  /**
   * One app as a list item.
   * @param {ConsentRow} c
   * @returns {HTMLElement}
   */
  function appItem(c) {
    const scopes = Array.isArray(c.scopes) ? c.scopes.filter((s) => typeof s === 'string') : [];
    const item = el(
      'li',
      { class: 'app' },
      el('p', { class: 'session-name' }, el('strong', { class: 'app-name' }, c.client_id)),
      scopes.length === 0
        ? el('p', { class: 'hint' }, 'No scopes.')
        : el('ul', { class: 'chips', 'aria-label': 'Scopes' }, ...scopes.map((s) => el('li', {}, el('code', {}, s)))),
    );
    if (isShowableTime(c.granted_at)) {
      item.append(
        el(
          'p',
          { class: 'hint app-granted' },
          'Access allowed ',
          el('time', { datetime: new Date(c.granted_at * 1000).toISOString() }, formatLocal(c.granted_at)),
          ` (${formatRelative(c.granted_at)}).`,
        ),
      );
    }
    const button = el('button', { type: 'button', class: 'secondary', 'data-client': c.client_id, 'aria-label': `Withdraw ${c.client_id}` }, 'Withdraw');
    button.addEventListener('click', () => withdraw(c.client_id, /** @type {HTMLButtonElement} */ (button)));
    item.append(button);
    return item;
  }

  /**
   * @param {string} clientId
   * @param {HTMLButtonElement} button
   */
  async function withdraw(clientId, button) {
    button.disabled = true;
    try {
      await api('/web/api/consents/revoke', { method: 'POST', json: { client_id: clientId } });
      setStatus(status, `Withdrew access for ${clientId}.`, 'ok');
    } catch (e) {
      const err = /** @type {ApiError} */ (e);
      if (err && err.status === 404) {
        setStatus(status, `Access for ${clientId} was already withdrawn.`, '');
      } else {
        setStatus(status, failureText(e), 'error');
        button.disabled = false;
        return;
      }
    }
    await load();
    // The button is gone with its row: put focus somewhere that makes sense.
    byId('apps-heading').focus();
  }

  return { load };
}
