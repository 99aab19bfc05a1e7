/**
 * The access-token manager and JSON helper for signed-in pages. The token lives in this
 * module's variables only (never in storage, cookies or URLs), so it is gone when the page is.
 * The refresh credential is an HttpOnly cookie that the server rotates on every
 * POST /web/api/token; two tabs refreshing at once would present the same cookie twice, which
 * looks like reuse, so refreshes are serialised across tabs with the Web Locks API.
 * @module session
 */

/** Header every JSON call carries; the server refuses cookie-authenticated calls without it. */
export const FETCH_HEADER = 'X-Tessera-Fetch';

/**
 * @typedef {object} TokenInfo
 * @property {string} token       the access token
 * @property {string} username
 * @property {string[]} scopes
 * @property {string} sessionId
 * @property {number} expiresAt   local clock, seconds: receipt time + expires_in
 * @property {number} lifetime    expires_in, seconds
 */

/** @type {TokenInfo | null} */
let current = null;
/** @type {Promise<TokenInfo> | null} */
let pending = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
/** Bumped by forgetToken so a refresh that finishes afterwards is dropped. */
let generation = 0;

/**
 * Fires "token" (detail: TokenInfo) after each refresh and "ended" when the server says the
 * session is over (a background refresh got 401).
 */
export const sessionEvents = new EventTarget();

/**
 * An Error from api(): `status` is the HTTP status (0 for a network failure), `detail` the
 * server's explanation.
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} detail
   */
  constructor(status, detail) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
  }
}

/**
 * A same-origin JSON call: adds the X-Tessera-Fetch header, encodes `options.json` as the body,
 * and throws ApiError on any non-2xx answer. Returns parsed JSON, or null for 204.
 * @param {string} path
 * @param {{method?: string, json?: unknown, headers?: Record<string, string>}} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { [FETCH_HEADER]: '1', Accept: 'application/json', ...(options.headers ?? {}) };
  /** @type {RequestInit} */
  const init = { method: options.method ?? 'GET', headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'The server could not be reached.');
  }
  if (!response.ok) throw new ApiError(response.status, await errorDetail(response));
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * The server's `detail`, or a generic text when the body is not the expected JSON.
 * @param {Response} response
 * @returns {Promise<string>}
 */
async function errorDetail(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') return body.detail;
  } catch {
    // Not JSON: fall through.
  }
  return `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
}

/**
 * Seconds before expiry at which a token is renewed: 60 s, or a fifth of its lifetime for short
 * tokens, so a 2-minute token is not refreshed every second.
 * @param {number} lifetime
 * @returns {number}
 */
export function refreshMargin(lifetime) {
  return Math.min(60, lifetime / 5);
}

/**
 * Whether `info` should be renewed at `now` (seconds).
 * @param {TokenInfo} info
 * @param {number} now
 * @returns {boolean}
 */
export function needsRefresh(info, now) {
  return info.expiresAt - now <= refreshMargin(info.lifetime);
}

/** @returns {number} */
function now() {
  return Date.now() / 1000;
}

/**
 * A valid access token, refreshed when there is none or it is close to expiry.
 * @returns {Promise<string>}
 * @throws {ApiError} with status 401 when the session has ended
 */
export async function getToken() {
  return (await getTokenInfo()).token;
}

/**
 * Like getToken, with the rest of the token response.
 * @returns {Promise<TokenInfo>}
 */
export async function getTokenInfo() {
  if (current && !needsRefresh(current, now())) return current;
  return refresh();
}

/**
 * Gets a new token now, sharing one request among concurrent callers in this tab.
 * @returns {Promise<TokenInfo>}
 */
export function refresh() {
  if (!pending) {
    const mine = generation;
    /** @type {Promise<TokenInfo>} */
    const request = withRefreshLock(async () => {
      // Another tab may have refreshed while this one waited for the lock; that rotated the
      // cookie, which this request now carries, so asking again is correct and cheap.
      const body = await api('/web/api/token', { method: 'POST' });
      return toTokenInfo(body);
    })
      .then((info) => {
        if (mine !== generation) throw new ApiError(401, 'Signed out.');
        current = info;
        schedule(info);
        sessionEvents.dispatchEvent(new CustomEvent('token', { detail: info }));
        return info;
      })
      .finally(() => {
        if (pending === request) pending = null;
      });
    pending = request;
  }
  return pending;
}

/**
 * @param {any} body  the POST /web/api/token answer
 * @returns {TokenInfo}
 */
function toTokenInfo(body) {
  if (!body || typeof body.access_token !== 'string') throw new ApiError(500, 'The token answer was not understood.');
  const lifetime = Number(body.expires_in) > 0 ? Number(body.expires_in) : 300;
  return {
    token: body.access_token,
    username: String(body.username ?? ''),
    scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
    sessionId: String(body.session_id ?? ''),
    // The local receipt time plus expires_in, rather than the token's "exp": immune to a
    // difference between this computer's clock and the server's.
    expiresAt: now() + lifetime,
    lifetime,
  };
}

/**
 * Runs `task` holding the cross-tab refresh lock, or directly where Web Locks are missing
 * (older browsers, non-secure contexts).
 * @template T
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
function withRefreshLock(task) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return task();
  return /** @type {Promise<T>} */ (locks.request('tessera-refresh', task));
}

/**
 * Plans the next refresh a little before the margin, so a token is ready before it is needed.
 * @param {TokenInfo} info
 */
function schedule(info) {
  clearTimeout(timer);
  const delay = Math.max(1, info.expiresAt - refreshMargin(info.lifetime) - now());
  // setTimeout's limit is 2^31-1 ms; longer lifetimes just wake early and plan again.
  timer = setTimeout(backgroundRefresh, Math.min(delay * 1000, 2 ** 31 - 1));
}

/** The timer's refresh: on 401 the session is over; other failures retry in 30 s. */
function backgroundRefresh() {
  if (current && !needsRefresh(current, now())) {
    schedule(current);
    return;
  }
  refresh().catch((/** @type {ApiError} */ e) => {
    if (e.status === 401) {
      forgetToken();
      sessionEvents.dispatchEvent(new Event('ended'));
    } else {
      clearTimeout(timer);
      timer = setTimeout(backgroundRefresh, 30000);
    }
  });
}

/** Drops the token and stops refreshing (sign-out, or the session was found ended). */
export function forgetToken() {
  generation++;
  current = null;
  pending = null;
  clearTimeout(timer);
  timer = undefined;
}
