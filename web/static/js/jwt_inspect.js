/**
 * Decoding a compact JWT and judging it without any key: structure, duplicate members, times,
 * issuer and audience against this service, and risky header choices. Pure functions; the page
 * renders what they return. Signature checks live in jwt_verify.js.
 * @module jwt_inspect
 */

import { decodeBase64url } from './base64url.js';
import { algorithmInfo, isAlgNone } from './jwa.js';
import { hmacSecret, isPublicKeyInput } from './jwt_keys.js';
import { parseStrictJson } from './strict_json.js';

/**
 * @typedef {import('./jwt_keys.js').KeyInput} KeyInput
 * @typedef {{code: string, message: string}} Warning
 *   `code` is stable (the page puts it in data-warning); `message` is a sentence for people.
 */

/**
 * @typedef {object} Decoded
 * @property {string} token        the token as read (trimmed, "Bearer " removed)
 * @property {boolean} empty       nothing was pasted
 * @property {number} parts        how many dot-separated segments
 * @property {boolean} encrypted   five segments: a JWE
 * @property {Record<string, unknown> | null} header
 * @property {Record<string, unknown> | null} claims
 * @property {string | null} payloadText  the payload as text when it is not a JSON object
 * @property {Uint8Array | null} signingInput  ASCII of "header.payload", what the signature covers
 * @property {Uint8Array | null} signature
 * @property {Warning[]} problems  what decoding found (malformed, duplicate-member, encrypted,
 *   b64-false, crit)
 */

/**
 * @typedef {object} InspectContext
 * @property {number} now  seconds since the epoch
 * @property {{issuer?: string, audience?: string} | null} [service]  from /web/api/service
 * @property {{keys: Array<Record<string, unknown>>} | null} [jwks]   this service's JWKS, if loaded
 * @property {KeyInput | null} [key]  the key that verification would use
 * @property {number} [leeway]  seconds of clock tolerance; tessera's default is 0
 */

/** Tessera's default nesting limit for JSON in tokens. */
export const MAX_DEPTH = 64;

/** The registered time claims, with what each means. */
export const TIME_CLAIMS = /** @type {const} */ ([
  ['exp', 'Expires'],
  ['nbf', 'Not before'],
  ['iat', 'Issued at'],
  ['auth_time', 'Authenticated at'],
]);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Splits and decodes a compact JWS (or recognises a JWE) without judging its claims.
 * @param {string} input
 * @returns {Decoded}
 */
export function decodeJwt(input) {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  /** @type {Decoded} */
  const out = {
    token,
    empty: token === '',
    parts: 0,
    encrypted: false,
    header: null,
    claims: null,
    payloadText: null,
    signingInput: null,
    signature: null,
    problems: [],
  };
  if (out.empty) return out;
  const malformed = (/** @type {string} */ message) => out.problems.push({ code: 'malformed', message });

  if (/\s/.test(token)) {
    malformed('The token contains spaces or line breaks; a JWT is one unbroken line, so remove them.');
    return out;
  }
  const segments = token.split('.');
  out.parts = segments.length;
  if (segments.length === 5) {
    out.encrypted = true;
    out.problems.push({
      code: 'encrypted',
      message: 'This is an encrypted token (JWE, five parts): its claims can only be read with the recipient\'s private key, so this page shows its header only and cannot verify it.',
    });
    const header = decodeJsonPart(segments[0], 'header', out.problems);
    if (header !== undefined) out.header = asObject(header, 'header', out.problems);
    return out;
  }
  if (segments.length !== 3) {
    malformed(`A JWT has three parts separated by dots (header.payload.signature); this has ${segments.length}.`);
    return out;
  }

  const [h, p, s] = segments;
  const header = decodeJsonPart(h, 'header', out.problems);
  if (header === undefined) return out;
  out.header = asObject(header, 'header', out.problems);
  if (!out.header) return out;

  if (!('alg' in out.header)) malformed('The header has no "alg", so no verifier can tell how it was signed.');
  else if (typeof out.header.alg !== 'string') malformed('The header\'s "alg" is not a string.');

  checkCrit(out.header, out.problems);

  // RFC 7797: with "b64": false the payload is used as is rather than base64url-decoded.
  const unencoded = out.header.b64 === false;
  if (unencoded) {
    out.problems.push({
      code: 'b64-false',
      message: 'The header sets "b64": false (RFC 7797 unencoded payload): the payload part is raw text, not base64url; tessera refuses such tokens unless configured to allow them.',
    });
  }
  const claims = unencoded ? parseJsonText(p, 'payload', out.problems) : decodeJsonPart(p, 'payload', out.problems, true);
  if (claims !== undefined) {
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      out.claims = /** @type {Record<string, unknown>} */ (claims);
    } else {
      malformed('The payload is JSON but not an object; JWT claims must be a JSON object.');
    }
  } else if (!unencoded) {
    out.payloadText = tryText(p);
  }

  try {
    out.signature = decodeBase64url(s);
  } catch (e) {
    malformed(`The signature part ${e instanceof Error ? e.message : e}.`);
  }
  out.signingInput = new TextEncoder().encode(`${h}.${p}`);
  return out;
}

/**
 * Decodes a base64url segment holding JSON.
 * @param {string} segment
 * @param {'header'|'payload'} what
 * @param {Warning[]} problems
 * @param {boolean} [isPayload]
 * @returns {unknown}  undefined when it could not be decoded (a problem was recorded)
 */
function decodeJsonPart(segment, what, problems, isPayload = false) {
  if (segment === '') {
    problems.push({ code: 'malformed', message: `The ${what} part is empty.` });
    return undefined;
  }
  let bytes;
  try {
    bytes = decodeBase64url(segment);
  } catch (e) {
    problems.push({ code: 'malformed', message: `The ${what} part ${e instanceof Error ? e.message : e}.` });
    return undefined;
  }
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    problems.push({ code: 'malformed', message: `The ${what} is not valid UTF-8 text${isPayload ? ' (it may be binary or compressed)' : ''}.` });
    return undefined;
  }
  return parseJsonText(text, what, problems);
}

/**
 * @param {string} text
 * @param {'header'|'payload'} what
 * @param {Warning[]} problems
 * @returns {unknown}  undefined when not JSON (a problem was recorded)
 */
function parseJsonText(text, what, problems) {
  try {
    const { value, duplicates } = parseStrictJson(text, { maxDepth: MAX_DEPTH });
    if (duplicates.length > 0) {
      const list = duplicates.map((d) => `"${d.name}"${d.path === '$' ? '' : ` in ${d.path.replace(/^\$\.?/, '')}`}`);
      problems.push({
        code: 'duplicate-member',
        message: `The ${what === 'payload' ? 'claims have' : 'header has'} a member name more than once (${list.join(', ')}). JSON.parse keeps the last, other parsers the first; tessera refuses such tokens. What is shown here is the last value.`,
      });
    }
    return value;
  } catch (e) {
    problems.push({ code: 'malformed', message: `The ${what} is not valid JSON: ${e instanceof Error ? e.message : e}.` });
    return undefined;
  }
}

/**
 * @param {unknown} value
 * @param {'header'|'payload'} what
 * @param {Warning[]} problems
 * @returns {Record<string, unknown> | null}
 */
function asObject(value, what, problems) {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return /** @type {Record<string, unknown>} */ (value);
  problems.push({ code: 'malformed', message: `The ${what} is JSON but not an object.` });
  return null;
}

/**
 * The payload as text, for showing a non-JSON payload, or null when it is not UTF-8.
 * @param {string} segment
 * @returns {string | null}
 */
function tryText(segment) {
  try {
    return utf8.decode(decodeBase64url(segment));
  } catch {
    return null;
  }
}

/**
 * @param {Record<string, unknown>} header
 * @param {Warning[]} problems
 */
function checkCrit(header, problems) {
  if (!('crit' in header)) return;
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length === 0 || !crit.every((n) => typeof n === 'string')) {
    problems.push({ code: 'crit', message: 'The header\'s "crit" must be a non-empty list of names; tessera refuses this token.' });
    return;
  }
  const unknown = crit.filter((n) => n !== 'b64');
  const missing = crit.filter((n) => !(n in header));
  let message = `The header marks extensions as critical (${crit.join(', ')}): a verifier that does not implement them must reject the token.`;
  if (unknown.length > 0) message += ` Tessera only knows "b64", so it refuses this token.`;
  if (missing.length > 0) message += ` Some are not even in the header (${missing.join(', ')}).`;
  problems.push({ code: 'crit', message });
}

/**
 * @typedef {object} TimeClaim
 * @property {string} name     the claim name
 * @property {string} label    what it means
 * @property {number} seconds  its value
 */

/**
 * The time claims present as numbers, in a fixed order.
 * @param {Record<string, unknown> | null} claims
 * @returns {TimeClaim[]}
 */
export function timeClaims(claims) {
  if (!claims) return [];
  /** @type {TimeClaim[]} */
  const out = [];
  for (const [name, label] of TIME_CLAIMS) {
    const v = claims[name];
    if (typeof v === 'number' && Number.isFinite(v)) out.push({ name, label, seconds: v });
  }
  return out;
}

/**
 * Every warning for a token: the decoding problems plus what the claims, header and key say.
 * @param {Decoded} decoded
 * @param {InspectContext} context
 * @returns {Warning[]}
 */
export function tokenWarnings(decoded, context) {
  /** @type {Warning[]} */
  const warnings = [...decoded.problems];
  const { header, claims } = decoded;
  if (!header || decoded.encrypted) return warnings;
  const add = (/** @type {string} */ code, /** @type {string} */ message) => warnings.push({ code, message });
  const alg = header.alg;

  if (isAlgNone(alg)) {
    add('alg-none', `The header says "alg": "${alg}": the token is unsigned and anyone could have written it. Never accept it.`);
  }
  const info = algorithmInfo(alg);
  if (typeof alg === 'string' && !info && !isAlgNone(alg)) {
    add('malformed', `The algorithm "${alg}" is not a JWS algorithm this page or tessera knows.`);
  }
  if (info && info.family === 'HMAC' && isPublicKeyInput(context.key ?? null, header)) {
    add('key-confusion', `The token says ${info.alg} (a shared-secret HMAC), but the key is a public key. A verifier that used the public key's text as the HMAC secret would accept tokens forged by anyone: this is the key-confusion attack. Verification here refuses it.`);
  }
  if (info && info.family === 'HMAC' && info.hashBytes) {
    const secret = hmacSecret(context.key ?? null, header, info);
    if (secret.bytes && secret.bytes.length > 0 && secret.bytes.length < info.hashBytes) {
      add('short-secret', `The HMAC secret is ${secret.bytes.length} bytes; ${info.alg} needs at least ${info.hashBytes} bytes (RFC 7518 section 3.2), and short secrets can be guessed offline from any token.`);
    }
  }
  if (context.jwks && 'kid' in header) {
    const known = context.jwks.keys.some((k) => k.kid === header.kid);
    if (!known) add('kid-unknown', `The key id (kid ${JSON.stringify(header.kid)}) is not in this service's published keys, so this service did not sign it with a current key.`);
  }

  if (!claims) return warnings;
  const leeway = context.leeway ?? 0;
  const now = context.now;
  for (const [name] of TIME_CLAIMS) {
    if (name in claims && !(typeof claims[name] === 'number' && Number.isFinite(claims[name]))) {
      add('malformed', `The "${name}" claim is not a number of seconds since 1970 (NumericDate), so verifiers reject the token.`);
    }
  }
  const exp = numberClaim(claims, 'exp');
  const nbf = numberClaim(claims, 'nbf');
  const iat = numberClaim(claims, 'iat');
  if (!('exp' in claims)) {
    add('no-exp', 'The token has no expiry ("exp"): if it leaks, it works forever. Tessera requires "exp" by default.');
  } else if (exp !== null && exp <= now - leeway) {
    add('expired', `The token expired (exp is in the past by this browser's clock).`);
  }
  if (nbf !== null && nbf > now + leeway) {
    add('nbf-future', 'The token is not valid yet: its "nbf" (not before) is in the future.');
  }
  if (iat !== null && iat > now + leeway) {
    add('iat-future', 'The token claims to be issued in the future ("iat" is after now by this browser\'s clock); tessera refuses such tokens.');
  }
  const service = context.service;
  if (service && typeof service.issuer === 'string' && service.issuer !== '') {
    if (!('iss' in claims)) {
      add('iss-foreign', `The token has no issuer ("iss"); this service issues tokens as "${service.issuer}".`);
    } else if (claims.iss !== service.issuer) {
      add('iss-foreign', `The issuer ${JSON.stringify(claims.iss)} is not this service ("${service.issuer}").`);
    }
  }
  if (service && typeof service.audience === 'string' && service.audience !== '') {
    const aud = claims.aud;
    const list = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
    if (!list.includes(service.audience)) {
      add('aud-foreign', aud === undefined
        ? `The token has no audience ("aud"); this service expects "${service.audience}".`
        : `The audience ${JSON.stringify(aud)} does not include this service's ("${service.audience}").`);
    }
  }
  return warnings;
}

/**
 * @param {Record<string, unknown>} claims
 * @param {string} name
 * @returns {number | null}
 */
function numberClaim(claims, name) {
  const v = claims[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Decodes and judges a token in one step.
 * @param {string} input
 * @param {InspectContext} context
 * @returns {{decoded: Decoded, warnings: Warning[], times: TimeClaim[]}}
 */
export function inspectToken(input, context) {
  const decoded = decodeJwt(input);
  return { decoded, warnings: tokenWarnings(decoded, context), times: timeClaims(decoded.claims) };
}
