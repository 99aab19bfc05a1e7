/**
 * Reading what someone pastes into the key box, and choosing a key for a token. The same text
 * box takes JWKs, JWKS, PEM public keys or certificates, and HMAC secrets, so this decides which
 * one it is by its shape, and above all never lets a public key's text be used as an HMAC
 * secret (the classic RS256-to-HS256 key-confusion attack).
 * @module jwt_keys
 */

import { decodeBase64Lenient, decodeBase64url } from './base64url.js';
import { certificateSpki, rsaPkcs1ToSpki, spkiFacts } from './der.js';

/**
 * @typedef {import('./jwa.js').AlgInfo} AlgInfo
 * @typedef {import('./der.js').SpkiFacts} SpkiFacts
 * @typedef {Record<string, unknown>} Jwk
 */

/**
 * @typedef {{kind: 'empty'}
 *   | {kind: 'secret', bytes: Uint8Array, encoding: 'utf-8'|'base64url', jsonError?: string}
 *   | {kind: 'jwks', keys: Jwk[], label: string}
 *   | {kind: 'spki', der: Uint8Array, facts: SpkiFacts, label: string}
 *   | {kind: 'private', label: string}
 *   | {kind: 'error', message: string}} KeyInput
 * What the key box holds. "jwks" covers a single JWK too (as a one-key set), and is also how
 * the service's published JWKS is passed around.
 */

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----\s*$/;

/**
 * Classifies the key box's text.
 * @param {string} text
 * @param {{secretBase64url?: boolean}} [options]  decode a plain secret as base64url first
 * @returns {KeyInput}
 */
export function readKeyText(text, options = {}) {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('-----BEGIN')) return readPem(trimmed);
  let jsonError;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return readJwkJson(JSON.parse(trimmed));
    } catch (e) {
      jsonError = e instanceof Error ? e.message : String(e);
    }
  }
  // Anything else is an HMAC secret, taken exactly as typed (no trimming: a secret may end in a
  // space, and guessing would make a wrong secret look right).
  if (options.secretBase64url) {
    try {
      return { kind: 'secret', bytes: decodeBase64Lenient(text), encoding: 'base64url', jsonError };
    } catch (e) {
      return { kind: 'error', message: `The secret is not base64url: it ${e instanceof Error ? e.message : e}.` };
    }
  }
  return { kind: 'secret', bytes: new TextEncoder().encode(text), encoding: 'utf-8', jsonError };
}

/**
 * @param {string} text
 * @returns {KeyInput}
 */
function readPem(text) {
  const m = PEM.exec(text);
  if (!m) return { kind: 'error', message: 'The PEM block is incomplete: it needs matching BEGIN and END lines.' };
  const label = m[1];
  if (/PRIVATE KEY$/.test(label)) return { kind: 'private', label };
  let der;
  try {
    der = decodeBase64Lenient(m[2].replace(/^[A-Za-z-]+:.*$/gm, ''));
  } catch {
    return { kind: 'error', message: 'The PEM body is not base64.' };
  }
  try {
    if (label === 'PUBLIC KEY') return { kind: 'spki', der, facts: spkiFacts(der), label: 'PEM public key' };
    if (label === 'RSA PUBLIC KEY') {
      const spki = rsaPkcs1ToSpki(der);
      return { kind: 'spki', der: spki, facts: spkiFacts(spki), label: 'PEM RSA public key' };
    }
    if (label === 'CERTIFICATE') {
      const spki = certificateSpki(der);
      return { kind: 'spki', der: spki, facts: spkiFacts(spki), label: 'certificate' };
    }
  } catch (e) {
    return { kind: 'error', message: `The ${label} could not be read (${e instanceof Error ? e.message : e}).` };
  }
  return { kind: 'error', message: `A PEM "${label}" is not a key this page can use; paste a PUBLIC KEY or CERTIFICATE.` };
}

/**
 * @param {unknown} json
 * @returns {KeyInput}
 */
function readJwkJson(json) {
  if (!isObject(json)) return { kind: 'error', message: 'The JSON is neither a JWK nor a JWKS (expected an object).' };
  if (Array.isArray(json.keys)) {
    const keys = json.keys.filter(isObject);
    if (keys.length === 0) return { kind: 'error', message: 'The JWKS has no keys.' };
    return { kind: 'jwks', keys, label: 'JWKS' };
  }
  if (typeof json.kty === 'string') return { kind: 'jwks', keys: [json], label: 'JWK' };
  return { kind: 'error', message: 'The JSON is neither a JWK (no "kty") nor a JWKS (no "keys").' };
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JWK "kty" for each algorithm family. */
const KTY = /** @type {const} */ ({ HMAC: 'oct', RSA: 'RSA', EC: 'EC', OKP: 'OKP' });

/**
 * Why `jwk` cannot verify tokens of `info.alg`, or null when it can.
 * @param {Jwk} jwk
 * @param {AlgInfo} info
 * @returns {string | null}
 */
export function jwkMismatch(jwk, info) {
  const kty = KTY[info.family];
  if (jwk.kty !== kty) return `it is ${describeKty(jwk.kty)}, and ${info.alg} needs ${kty === 'oct' ? 'a secret ("oct") key' : `a "${kty}" key`}`;
  if (info.curve && jwk.crv !== info.curve) return `its curve is ${String(jwk.crv)}, and ${info.alg} needs ${info.curve}`;
  // RFC 9864 names the EdDSA-with-Ed25519 pair "Ed25519"; WebCrypto exports JWKs marked so.
  const sameAlg = jwk.alg === info.alg || (info.alg === 'EdDSA' && jwk.alg === 'Ed25519');
  if (typeof jwk.alg === 'string' && !sameAlg) return `it is marked for ${jwk.alg} ("alg"), not ${info.alg}`;
  if (typeof jwk.use === 'string' && jwk.use !== 'sig') return `it is marked for "${jwk.use}" ("use"), not signatures`;
  // A private JWK says "sign"; its public half, which is what gets used, may verify.
  const ops = Array.isArray(jwk.key_ops) ? jwk.key_ops : null;
  if (ops && !ops.includes('verify') && !(jwk.d !== undefined && ops.includes('sign'))) return 'its "key_ops" do not include "verify"';
  return null;
}

/**
 * Why an SPKI's key cannot verify `info.alg`, or null when it can.
 * @param {SpkiFacts} facts
 * @param {AlgInfo} info
 * @returns {string | null}
 */
export function spkiMismatch(facts, info) {
  if (info.family === 'HMAC') return `it is a public key, and ${info.alg} needs a shared secret`;
  if (facts.kty !== info.family) return `it is ${describeKty(facts.kty)} key, and ${info.alg} needs ${info.family === 'OKP' ? 'an Ed25519' : `an ${info.family}`} key`;
  if (info.curve && facts.crv !== info.curve) return `its curve is ${facts.crv}, and ${info.alg} needs ${info.curve}`;
  return null;
}

/**
 * @param {unknown} kty
 * @returns {string}
 */
function describeKty(kty) {
  switch (kty) {
    case 'oct':
      return 'a secret ("oct")';
    case 'RSA':
      return 'an RSA';
    case 'EC':
      return 'an EC';
    case 'OKP':
      return 'an OKP (Edwards curve)';
    default:
      return `an unknown ("${String(kty)}")`;
  }
}

/**
 * The keys of a set that may verify a token: by "kid" when the header has one (as tessera
 * does), else every key that fits the algorithm.
 * @param {Jwk[]} keys
 * @param {Record<string, unknown>} header
 * @param {AlgInfo} info
 * @returns {{candidates: Jwk[], problem: string | null}}
 */
export function selectJwks(keys, header, info) {
  // A single pasted key without a "kid" is used whatever the token's kid says: the person chose
  // that key explicitly, and there is nothing to match against.
  const lone = keys.length === 1 && keys[0].kid === undefined;
  if (typeof header.kid === 'string' && !lone) {
    const named = keys.filter((k) => k.kid === header.kid);
    if (named.length === 0) return { candidates: [], problem: `no key has the token's kid "${header.kid}"` };
    const fitting = named.filter((k) => jwkMismatch(k, info) === null);
    if (fitting.length === 0) {
      return { candidates: [], problem: `the key with kid "${header.kid}" does not fit: ${jwkMismatch(named[0], info)}` };
    }
    return { candidates: fitting, problem: null };
  }
  const fitting = keys.filter((k) => jwkMismatch(k, info) === null);
  if (fitting.length === 0) {
    if (keys.length === 1) return { candidates: [], problem: `the key does not fit: ${jwkMismatch(keys[0], info)}` };
    return { candidates: [], problem: `no key fits ${info.alg}` };
  }
  return { candidates: fitting, problem: null };
}

/**
 * Whether verifying an HMAC token with this key input would mean using public-key material as
 * the HMAC secret: the key-confusion attack, which the debugger flags and refuses.
 * @param {KeyInput | null} key
 * @param {Record<string, unknown>} header
 * @returns {boolean}
 */
export function isPublicKeyInput(key, header) {
  if (!key) return false;
  if (key.kind === 'spki' || key.kind === 'private') return true;
  if (key.kind !== 'jwks') return false;
  const named = typeof header.kid === 'string' ? key.keys.filter((k) => k.kid === header.kid) : [];
  const relevant = named.length > 0 ? named : key.keys;
  return relevant.length > 0 && relevant.every((k) => k.kty !== 'oct');
}

/**
 * The HMAC secret this key input gives for the token, or why there is none.
 * @param {KeyInput | null} key
 * @param {Record<string, unknown>} header
 * @param {AlgInfo} info
 * @returns {{bytes: Uint8Array, problem?: undefined} | {bytes?: undefined, problem: string}}
 */
export function hmacSecret(key, header, info) {
  if (!key || key.kind === 'empty') return { problem: 'no secret given' };
  if (key.kind === 'secret') return { bytes: key.bytes };
  if (key.kind === 'jwks') {
    const { candidates, problem } = selectJwks(key.keys, header, info);
    if (problem !== null) return { problem };
    const k = candidates[0].k;
    if (typeof k !== 'string') return { problem: 'the "oct" key has no "k"' };
    try {
      return { bytes: decodeBase64url(k) };
    } catch (e) {
      return { problem: `the key's "k" ${e instanceof Error ? e.message : e}` };
    }
  }
  if (key.kind === 'error') return { problem: key.message };
  return { problem: 'a public or private key is not an HMAC secret' };
}

/**
 * A JWK with only the public members WebCrypto needs: dropping "alg", "use", "key_ops" (already
 * checked) and any private members, so a pasted private JWK verifies as its public half.
 * @param {Jwk} jwk
 * @returns {JsonWebKey}
 */
export function publicJwk(jwk) {
  switch (jwk.kty) {
    case 'RSA':
      return /** @type {JsonWebKey} */ ({ kty: 'RSA', n: jwk.n, e: jwk.e });
    case 'EC':
      return /** @type {JsonWebKey} */ ({ kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y });
    case 'OKP':
      return /** @type {JsonWebKey} */ ({ kty: 'OKP', crv: jwk.crv, x: jwk.x });
    default:
      throw new Error(`not a public key type: ${String(jwk.kty)}`);
  }
}

/**
 * A short name for a JWK in messages: `key "abc"` or `the RSA key`.
 * @param {Jwk} jwk
 * @returns {string}
 */
export function describeJwk(jwk) {
  return typeof jwk.kid === 'string' ? `key "${jwk.kid}"` : `the ${String(jwk.kty)} key`;
}
