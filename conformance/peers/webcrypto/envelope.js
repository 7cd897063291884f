// envelope.js: the arthas and eleven bodies (PROTO-ARTHAS-02, PROTO-ELEVEN-02),
// the eleven chat-key wrap, share codes (PROTO-ARTHAS-01) and invite links
// (PROTO-ELEVEN-03). Failures throw Wire.E2EError.
'use strict';
(function (global) {
  const W = global.Wire, C = global.Crypto;
  const ELEVEN_WRAP = 'e2eproof/v1/eleven/wrap';
  const EMPTY = new Uint8Array(0);

  async function arthasSeal(roomKey, text, signer, iv) {
    if (roomKey.length !== 32) W.fail('E2E_ERR_INVALID_ARGUMENT', 'room key must be 32 bytes');
    iv = iv || C.random(12);
    const ct = await C.aesSeal(roomKey, iv, EMPTY, W.utf8(text));
    const body = { iv: W.b64e(iv), ciphertext: W.b64e(ct) };
    if (signer) body.sig = W.b64e(await C.edSign(signer.priv, W.concat(iv, ct)));
    return body;
  }
  // arthasOpen: {text, signed}; the signature is checked before decryption,
  // and only when both a sig and the sender's key are there.
  async function arthasOpen(roomKey, body, senderSigPub) {
    const f = new W.Fields(body, 'arthas body', { iv: 1, ciphertext: 1, sig: 0 });
    const iv = f.b64('iv', 12);
    const ct = f.b64('ciphertext', 16, W.MAX_FRAME_BYTES);
    const sig = f.has('sig') ? f.b64('sig', 64) : null;
    let signed = false;
    if (sig && senderSigPub) {
      if (!(await C.edVerify(senderSigPub, W.concat(iv, ct), sig))) W.fail('E2E_ERR_AUTH_FAILED', 'signature does not verify');
      signed = true;
    }
    const pt = await C.aesOpen(roomKey, iv, EMPTY, ct);
    if (pt === null) W.fail('E2E_ERR_AUTH_FAILED', 'ciphertext does not open');
    const text = W.utf8d(pt);
    if (text === null) W.fail('E2E_ERR_DECODE', 'text is not UTF-8');
    return { text, signed };
  }

  // elevenPayloadOk: the rules seal and open share (name, exactly one of text/typing).
  function elevenPayloadOk(p) {
    if (typeof p.name !== 'string' || !W.validName(p.name)) return false;
    if (W.own(p, 'text') === W.own(p, 'typing')) return false;
    return true;
  }
  // elevenPayload: a checked payload object from its parsed JSON (E2E_ERR_DECODE).
  function elevenPayload(j) {
    const f = new W.Fields(j, 'eleven payload', { name: 1, text: 0, typing: 0, files: 0, push: 0 });
    const p = { name: f.str('name') };
    if (f.has('text')) p.text = f.str('text');
    if (f.has('typing')) p.typing = f.bool('typing');
    if (f.has('files')) {
      p.files = f.arr('files', Infinity).map((x, n) => {
        const g = new W.Fields(x, 'eleven payload.files[' + n + ']', { name: 1, size: 1 });
        return { name: g.str('name'), size: g.u64('size') };
      });
    }
    if (f.has('push')) p.push = f.str('push');
    if (!elevenPayloadOk(p)) W.fail('E2E_ERR_DECODE', 'eleven payload: invalid name, text/typing');
    return p;
  }
  async function elevenSeal(chatKey, payload, iv) {
    if (chatKey.length !== 32) W.fail('E2E_ERR_INVALID_ARGUMENT', 'chat key must be 32 bytes');
    const p = { ...payload };
    if (Array.isArray(p.files) && p.files.length === 0) delete p.files;  // the reference omits empty files
    if (!elevenPayloadOk(p)) W.fail('E2E_ERR_INVALID_ARGUMENT', 'invalid payload');
    iv = iv || C.random(12);
    const ct = await C.aesSeal(chatKey, iv, EMPTY, W.utf8(W.canonical(p)));
    return { iv: W.b64e(iv), ciphertext: W.b64e(ct) };
  }
  async function elevenOpen(chatKey, body) {
    const f = new W.Fields(body, 'eleven body', { iv: 1, ciphertext: 1 });
    const iv = f.b64('iv', 12);
    const ct = f.b64('ciphertext', 16, W.MAX_FRAME_BYTES);
    const pt = await C.aesOpen(chatKey, iv, EMPTY, ct);
    if (pt === null) W.fail('E2E_ERR_AUTH_FAILED', 'ciphertext does not open');
    const text = W.utf8d(pt);
    if (text === null) W.fail('E2E_ERR_DECODE', 'payload is not UTF-8');
    return elevenPayload(W.parseStrict(text, W.MAX_JSON_DEPTH));
  }

  function wrapFromJson(j) {
    const f = new W.Fields(j, 'wrap', { eph: 1, iv: 1, ct: 1 });
    return { eph: f.b64('eph', 65), iv: f.b64('iv', 12), ct: f.b64('ct', 16, W.MAX_FRAME_BYTES) };
  }
  const wrapToJson = (w) => ({ eph: W.b64e(w.eph), iv: W.b64e(w.iv), ct: W.b64e(w.ct) });
  async function elevenWrapBody(recipientPub, chatKey) {
    return { wrap: wrapToJson(await C.eciesWrap(recipientPub, chatKey, ELEVEN_WRAP, EMPTY)) };
  }
  async function elevenUnwrapBody(me, body) {
    const f = new W.Fields(body, 'eleven wrap body', { wrap: 1 });
    const w = wrapFromJson(f.obj('wrap'));
    if (w.ct.length !== 48) f.bad('wrap.ct', 'expected 48 bytes');
    return C.eciesUnwrap(me, w, ELEVEN_WRAP, EMPTY);
  }

  // parseIdSecret: {id, secret} of "{id}{sep}{43 base64url chars}" (E2E_ERR_DECODE).
  function parseIdSecret(text, sep) {
    if (typeof text !== 'string' || text.split(sep).length !== 2) W.fail('E2E_ERR_DECODE', "expected exactly one '" + sep + "'");
    const [id, part] = text.split(sep);
    if (!W.ID_RE.test(id)) W.fail('E2E_ERR_DECODE', 'not a valid identifier');
    if (part.length !== 43) W.fail('E2E_ERR_DECODE', 'must be 43 base64url characters');
    const secret = W.b64d(part);
    if (secret === null || secret.length !== 32) W.fail('E2E_ERR_DECODE', 'not canonical base64url');
    return { id, secret };
  }
  function formatIdSecret(id, secret, sep) {
    if (!W.ID_RE.test(id)) W.fail('E2E_ERR_INVALID_ARGUMENT', 'not a valid identifier');
    if (secret.length !== 32) W.fail('E2E_ERR_INVALID_ARGUMENT', 'must hold 32 bytes');
    return id + sep + W.b64e(secret);
  }

  global.Envelope = {
    arthasSeal, arthasOpen, elevenSeal, elevenOpen, elevenPayload, elevenWrapBody, elevenUnwrapBody,
    wrapFromJson, wrapToJson, parseIdSecret, formatIdSecret, ELEVEN_WRAP,
  };
})(typeof window !== 'undefined' ? window : globalThis);
