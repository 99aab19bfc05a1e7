/**
 * Signature verification in the browser with WebCrypto. Nothing leaves the page. The rules that
 * matter for safety: "none" is never valid, the key's type must match the algorithm's family
 * (a public key never becomes an HMAC secret), and a key that is marked for another algorithm
 * is not used.
 * @module jwt_verify
 */

import { algorithmInfo, describeNeededKey, isAlgNone } from './jwa.js';
import { describeJwk, hmacSecret, isPublicKeyInput, publicJwk, selectJwks, spkiMismatch } from './jwt_keys.js';

/**
 * @typedef {import('./jwt_inspect.js').Decoded} Decoded
 * @typedef {import('./jwt_keys.js').KeyInput} KeyInput
 * @typedef {import('./jwa.js').AlgInfo} AlgInfo
 * @typedef {'valid'|'invalid'|'unsupported'|'none'} VerifyState
 * @typedef {{state: VerifyState, message: string}} VerifyResult
 */

/**
 * Verifies a decoded token's signature with a key input.
 * @param {Decoded} decoded
 * @param {KeyInput | null} key  pasted key, or the service's JWKS as {kind: 'jwks', ...}
 * @param {SubtleCrypto | undefined} [subtle]  injectable for tests
 * @returns {Promise<VerifyResult>}
 */
export async function verifyToken(decoded, key, subtle = globalThis.crypto?.subtle) {
  if (decoded.empty) return { state: 'none', message: 'Paste a token to verify it.' };
  if (decoded.encrypted) return { state: 'unsupported', message: 'Encrypted tokens (JWE) cannot be verified or decrypted here.' };
  const { header, signingInput, signature } = decoded;
  if (!header || !signingInput || !signature) {
    return { state: 'invalid', message: 'The token is malformed, so its signature cannot be checked.' };
  }
  const alg = header.alg;
  if (isAlgNone(alg)) return { state: 'invalid', message: 'Unsigned token ("alg": "none"): never valid.' };
  const info = algorithmInfo(alg);
  if (!info) return { state: 'unsupported', message: `Unknown algorithm ${JSON.stringify(alg)}.` };
  if (info.unsupported) return { state: 'unsupported', message: info.unsupported };
  if (header.b64 === false) return { state: 'unsupported', message: 'Tokens with an unencoded payload ("b64": false) are not verified here.' };

  if (!key || key.kind === 'empty') {
    return { state: 'none', message: `No key: paste ${describeNeededKey(info)} to verify this ${info.alg} token.` };
  }
  if (key.kind === 'error') return { state: 'none', message: `The key cannot be used: ${key.message}` };
  if (key.kind === 'private') {
    return { state: 'none', message: `That is a private key (${key.label}). Paste the public key instead; private keys should never be pasted into web pages.` };
  }
  if (!subtle) {
    return { state: 'unsupported', message: 'This browser offers no WebCrypto here; it is only available on HTTPS pages and localhost.' };
  }

  if (info.family === 'HMAC') return verifyHmac(decoded, key, info, subtle);
  if (key.kind === 'secret') {
    const hint = key.jsonError ? ` (it looks like JSON but does not parse: ${key.jsonError})` : '';
    return { state: 'invalid', message: `${info.alg} needs ${describeNeededKey(info)} (JWK, JWKS or PEM); the pasted text is not one${hint}.` };
  }
  if (key.kind === 'spki') {
    const mismatch = spkiMismatch(key.facts, info);
    if (mismatch) return { state: 'invalid', message: `The ${key.label} cannot verify this token: ${mismatch}.` };
    if (key.facts.pss) {
      return { state: 'unsupported', message: 'Browsers cannot import RSA-PSS-only (id-RSASSA-PSS) public keys; paste it as a JWK or an rsaEncryption PEM.' };
    }
    return attempt(() => verifyWith(subtle, info, 'spki', key.der, signingInput, signature), `the ${key.label}`);
  }
  const { candidates, problem } = selectJwks(key.keys, header, info);
  if (problem !== null) return { state: 'invalid', message: `Cannot verify with the ${key.label}: ${problem}.` };
  /** @type {VerifyResult | null} */
  let lastFailure = null;
  for (const jwk of candidates) {
    const name = `${describeJwk(jwk)}${key.keys.length > 1 ? ` of the ${key.label}` : ''}`;
    const result = await attempt(() => verifyWith(subtle, info, 'jwk', publicJwk(jwk), signingInput, signature), name);
    if (result.state === 'valid') return result;
    lastFailure = result;
  }
  return /** @type {VerifyResult} */ (lastFailure);
}

/**
 * @param {Decoded} decoded
 * @param {KeyInput} key
 * @param {AlgInfo} info
 * @param {SubtleCrypto} subtle
 * @returns {Promise<VerifyResult>}
 */
async function verifyHmac(decoded, key, info, subtle) {
  const header = /** @type {Record<string, unknown>} */ (decoded.header);
  if (isPublicKeyInput(key, header)) {
    return { state: 'invalid', message: `Refused: ${info.alg} is HMAC, and the key is a public key. Using a public key as an HMAC secret is the key-confusion attack; a correct verifier never does it.` };
  }
  const secret = hmacSecret(key, header, info);
  if (!secret.bytes) return { state: 'invalid', message: `Cannot verify: ${secret.problem}.` };
  if (secret.bytes.length === 0) return { state: 'none', message: 'The secret is empty.' };
  const hmacName = key.kind === 'jwks' ? describeJwk(candidateFor(key, header)) : 'the secret';
  return attempt(
    () => verifyWith(subtle, info, 'raw', /** @type {Uint8Array} */ (secret.bytes), /** @type {Uint8Array} */ (decoded.signingInput), /** @type {Uint8Array} */ (decoded.signature)),
    hmacName,
  );
}

/**
 * The "oct" key hmacSecret picked, for naming it in the message.
 * @param {Extract<KeyInput, {kind: 'jwks'}>} key
 * @param {Record<string, unknown>} header
 */
function candidateFor(key, header) {
  return key.keys.find((k) => k.kty === 'oct' && (typeof header.kid !== 'string' || k.kid === header.kid)) ?? key.keys[0];
}

/**
 * Runs one verification, turning WebCrypto's exceptions into results: NotSupportedError means
 * the browser lacks the algorithm (Ed25519 in older browsers); anything else means the key data
 * was unusable.
 * @param {() => Promise<boolean>} run
 * @param {string} keyName
 * @returns {Promise<VerifyResult>}
 */
async function attempt(run, keyName) {
  try {
    const ok = await run();
    return ok
      ? { state: 'valid', message: `Signature verified with ${keyName}.` }
      : { state: 'invalid', message: `Invalid signature: ${keyName} did not sign this token, or the token was changed after signing.` };
  } catch (e) {
    const err = /** @type {Error} */ (e);
    if (err && err.name === 'NotSupportedError') {
      return { state: 'unsupported', message: `This browser's WebCrypto cannot do this algorithm (${err.message}).` };
    }
    if (err && err.name === 'SignatureLengthError') return { state: 'invalid', message: err.message };
    return { state: 'invalid', message: `The key could not be used (${err && err.message ? err.message : String(e)}).` };
  }
}

/**
 * Imports the key and verifies.
 * @param {SubtleCrypto} subtle
 * @param {AlgInfo} info
 * @param {'raw'|'spki'|'jwk'} format
 * @param {Uint8Array | JsonWebKey} keyData
 * @param {Uint8Array} data
 * @param {Uint8Array} signature
 * @returns {Promise<boolean>}
 */
async function verifyWith(subtle, info, format, keyData, data, signature) {
  /** @type {any} */
  let importParams;
  /** @type {any} */
  let verifyParams;
  switch (info.webcrypto) {
    case 'HMAC':
      importParams = { name: 'HMAC', hash: info.hash };
      verifyParams = { name: 'HMAC' };
      break;
    case 'RSASSA-PKCS1-v1_5':
      importParams = { name: 'RSASSA-PKCS1-v1_5', hash: info.hash };
      verifyParams = { name: 'RSASSA-PKCS1-v1_5' };
      break;
    case 'RSA-PSS':
      // RFC 7518 section 3.5: the salt is as long as the hash.
      importParams = { name: 'RSA-PSS', hash: info.hash };
      verifyParams = { name: 'RSA-PSS', saltLength: info.hashBytes };
      break;
    case 'ECDSA': {
      // JWS ECDSA signatures are r||s of fixed size (RFC 7518 section 3.4), which is also the
      // form WebCrypto takes; a DER-encoded signature is a different, wrong encoding.
      const expected = 2 * /** @type {number} */ (info.coordBytes);
      if (signature.length !== expected) {
        const err = new Error(`Invalid signature: ${info.alg} signatures are ${expected} bytes (r||s), and this one is ${signature.length} bytes.`);
        err.name = 'SignatureLengthError';
        throw err;
      }
      importParams = { name: 'ECDSA', namedCurve: info.curve };
      verifyParams = { name: 'ECDSA', hash: info.hash };
      break;
    }
    case 'Ed25519':
      importParams = { name: 'Ed25519' };
      verifyParams = { name: 'Ed25519' };
      break;
    default:
      throw Object.assign(new Error(`no WebCrypto mapping for ${info.alg}`), { name: 'NotSupportedError' });
  }
  const cryptoKey = format === 'jwk'
    ? await subtle.importKey('jwk', /** @type {JsonWebKey} */ (keyData), importParams, false, ['verify'])
    : await subtle.importKey(format, /** @type {Uint8Array} */ (keyData), importParams, false, ['verify']);
  return subtle.verify(verifyParams, cryptoKey, signature, data);
}
