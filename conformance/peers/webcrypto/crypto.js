// crypto.js: the primitives of docs/PROTOCOL.md §5 on crypto.subtle only.
// Failures throw Wire.E2EError with the E2E_ERR_* name the protocol gives.
'use strict';
(function (global) {
  const W = global.Wire;
  const S = crypto.subtle;
  const P256 = { name: 'ECDH', namedCurve: 'P-256' };

  const random = (n) => crypto.getRandomValues(new Uint8Array(n));
  const sha256 = async (b) => new Uint8Array(await S.digest('SHA-256', b));

  async function aesSeal(key, iv, aad, pt) {
    const k = await S.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
    return new Uint8Array(await S.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, k, pt));
  }
  // aesOpen: the plaintext, or null when the tag does not verify.
  async function aesOpen(key, iv, aad, ct) {
    const k = await S.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
    try {
      return new Uint8Array(await S.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, k, ct));
    } catch (e) { return null; }
  }
  async function hkdf(ikm, salt, info, len) {
    const k = await S.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    return new Uint8Array(await S.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, k, len * 8));
  }

  // ---- P-256 ----
  // A PKCS#8 ECPrivateKey without the optional public key: WebCrypto has no
  // raw private import, and Chromium derives the public point itself.
  const P256_PKCS8_PREFIX = W.hexd('3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420');
  async function p256FromScalar(d) {
    if (d.length !== 32) W.fail('E2E_ERR_INVALID_KEY', 'P-256 scalar must be 32 bytes');
    let key;
    try {
      key = await S.importKey('pkcs8', W.concat(P256_PKCS8_PREFIX, d), P256, true, ['deriveBits']);
    } catch (e) { W.fail('E2E_ERR_INVALID_KEY', 'not a P-256 scalar'); }
    return p256Pair(key);
  }
  // p256Pair: {priv, pub (65 bytes), d (32 bytes)} of a private CryptoKey.
  async function p256Pair(priv) {
    const jwk = await S.exportKey('jwk', priv);
    const x = W.b64d(jwk.x), y = W.b64d(jwk.y), d = W.b64d(jwk.d);
    return { priv, pub: W.concat(new Uint8Array([4]), x, y), d };
  }
  async function p256Generate() {
    const kp = await S.generateKey(P256, true, ['deriveBits']);
    return p256Pair(kp.privateKey);
  }
  // p256Public: the CryptoKey of a 65-byte uncompressed point (E2E_ERR_INVALID_KEY otherwise).
  async function p256Public(raw) {
    if (raw.length !== 65 || raw[0] !== 4) W.fail('E2E_ERR_INVALID_KEY', 'not an uncompressed P-256 point');
    try { return await S.importKey('raw', raw, P256, true, []); } catch (e) { W.fail('E2E_ERR_INVALID_KEY', 'not a P-256 point'); }
  }
  async function ecdh(priv, pubKey) {
    return new Uint8Array(await S.deriveBits({ name: 'ECDH', public: pubKey }, priv, 256));
  }

  // ---- Ed25519 ----
  const ED_PKCS8_PREFIX = W.hexd('302e020100300506032b657004220420');
  async function edFromSeed(seed) {
    if (seed.length !== 32) W.fail('E2E_ERR_INVALID_KEY', 'Ed25519 seed must be 32 bytes');
    const priv = await S.importKey('pkcs8', W.concat(ED_PKCS8_PREFIX, seed), { name: 'Ed25519' }, true, ['sign']);
    const jwk = await S.exportKey('jwk', priv);
    return { priv, pub: W.b64d(jwk.x), seed };
  }
  async function edGenerate() {
    const kp = await S.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
    const pkcs8 = new Uint8Array(await S.exportKey('pkcs8', kp.privateKey));
    return edFromSeed(pkcs8.slice(pkcs8.length - 32));
  }
  const edSign = async (priv, msg) => new Uint8Array(await S.sign({ name: 'Ed25519' }, priv, msg));
  // edVerify: whether sig verifies under the 32-byte public key (false for a bad key).
  async function edVerify(pub, msg, sig) {
    try {
      const k = await S.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
      return await S.verify({ name: 'Ed25519' }, k, sig, msg);
    } catch (e) { return false; }
  }

  // ---- ECIES key wrap (docs/PROTOCOL.md §5, PROTO-WRAP-01) ----
  // eciesWrap: {eph, iv, ct}; `eph` ({priv, pub}) and `iv` are drawn when not given.
  async function eciesWrap(recipientPub, key, label, ctx, eph, iv) {
    const R = await p256Public(recipientPub);
    eph = eph || (await p256Generate());
    iv = iv || random(12);
    const z = await ecdh(eph.priv, R);
    const kw = await hkdf(z, W.concat(eph.pub, recipientPub), W.utf8(label), 32);
    return { eph: eph.pub, iv, ct: await aesSeal(kw, iv, ctx, key) };
  }
  async function eciesUnwrap(me, wrap, label, ctx) {
    const E = await p256Public(wrap.eph);
    const authFailed = () => W.fail('E2E_ERR_AUTH_FAILED', 'wrap does not open');
    if (wrap.iv.length !== 12) authFailed();
    let z;
    try { z = await ecdh(me.priv, E); } catch (e) { authFailed(); }
    const kw = await hkdf(z, W.concat(wrap.eph, me.pub), W.utf8(label), 32);
    const key = await aesOpen(kw, wrap.iv, ctx, wrap.ct);
    if (key === null) authFailed();
    return key;
  }

  global.Crypto = {
    random, sha256, aesSeal, aesOpen, hkdf, p256FromScalar, p256Generate, p256Public, ecdh,
    edFromSeed, edGenerate, edSign, edVerify, eciesWrap, eciesUnwrap,
  };
})(typeof window !== 'undefined' ? window : globalThis);
