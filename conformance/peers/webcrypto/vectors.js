// vectors.js: the `vector` operations of docs/ADAPTER.md §4.1 for the families
// this peer declares. Inputs are hex byte strings; an unknown or missing input
// field is E2E_ERR_INVALID_ARGUMENT; a refused input throws its protocol error.
'use strict';
(function (global) {
  const W = global.Wire, C = global.Crypto, E = global.Envelope;

  // In: strict reads of one op's input object.
  class In {
    constructor(input, allowed, optional = []) {
      for (const k of Object.keys(input)) {
        if (!allowed.includes(k)) W.fail('E2E_ERR_INVALID_ARGUMENT', 'input.' + k + ': unknown field');
      }
      for (const k of allowed) {
        if (!optional.includes(k) && !W.own(input, k)) W.fail('E2E_ERR_INVALID_ARGUMENT', 'input.' + k + ': missing');
      }
      this.i = input;
    }
    has(k) { return W.own(this.i, k); }
    str(k) {
      if (typeof this.i[k] !== 'string') W.fail('E2E_ERR_INVALID_ARGUMENT', 'input.' + k + ': expected a string');
      return this.i[k];
    }
    hex(k) {
      const b = W.hexd(this.str(k));
      if (b === null) W.fail('E2E_ERR_INVALID_ARGUMENT', 'input.' + k + ': expected lowercase hex');
      return b;
    }
    obj(k) {
      if (!W.isObj(this.i[k])) W.fail('E2E_ERR_INVALID_ARGUMENT', 'input.' + k + ': expected an object');
      return this.i[k];
    }
  }
  const bytes = (n, b, k) => { if (b.length !== n) W.fail('E2E_ERR_INVALID_ARGUMENT', k + ': expected ' + n + ' bytes'); return b; };

  const BUCKETS = [256, 1024, 4096, 16384, 65536];
  const OPS = {
    pad: ['padding', async (i) => {
      const msg = new In(i, ['msg']).hex('msg');
      const bucket = BUCKETS.find((b) => msg.length < b);
      if (!bucket) W.fail('E2E_ERR_LIMIT', 'payload too large for the largest bucket');
      const out = new Uint8Array(bucket);
      out.set(msg); out[msg.length] = 0x80;
      return { padded: W.hexe(out) };
    }],
    unpad: ['padding', async (i) => {
      const p = new In(i, ['padded']).hex('padded');
      if (!BUCKETS.includes(p.length)) W.fail('E2E_ERR_DECODE', 'not a bucket size');
      let end = p.length;
      while (end > 0 && p[end - 1] === 0) end--;
      if (end === 0 || p[end - 1] !== 0x80) W.fail('E2E_ERR_DECODE', 'no 0x80 marker');
      return { msg: W.hexe(p.slice(0, end - 1)) };
    }],
    parse_share_code: ['share_code', async (i) => {
      const s = E.parseIdSecret(new In(i, ['code']).str('code'), ':');
      return { room: s.id, key: W.hexe(s.secret) };
    }],
    format_share_code: ['share_code', async (i) => {
      const n = new In(i, ['room', 'key']);
      return { code: E.formatIdSecret(n.str('room'), n.hex('key'), ':') };
    }],
    parse_invite_link: ['invites', async (i) => {
      const s = E.parseIdSecret(new In(i, ['link']).str('link'), '#');
      return { chat: s.id, secret: W.hexe(s.secret), hash: W.hexe(await C.sha256(s.secret)) };
    }],
    format_invite_link: ['invites', async (i) => {
      const n = new In(i, ['chat', 'secret']);
      return { link: E.formatIdSecret(n.str('chat'), n.hex('secret'), '#') };
    }],
    ecies_wrap: ['ecies_wrap', async (i) => {
      const n = new In(i, ['label', 'recipientPrivate', 'ctx', 'key', 'ephPrivate', 'iv']);
      const recipient = await C.p256FromScalar(n.hex('recipientPrivate'));
      const eph = await C.p256FromScalar(n.hex('ephPrivate'));
      const w = await C.eciesWrap(recipient.pub, n.hex('key'), n.str('label'), n.hex('ctx'), eph, bytes(12, n.hex('iv'), 'iv'));
      return { eph: W.hexe(w.eph), ct: W.hexe(w.ct) };
    }],
    ecies_unwrap: ['ecies_wrap', async (i) => {
      const n = new In(i, ['label', 'recipientPrivate', 'ctx', 'eph', 'iv', 'ct']);
      const me = await C.p256FromScalar(n.hex('recipientPrivate'));
      const key = await C.eciesUnwrap(me, { eph: n.hex('eph'), iv: n.hex('iv'), ct: n.hex('ct') }, n.str('label'), n.hex('ctx'));
      return { key: W.hexe(key) };
    }],
    arthas_seal: ['envelope_arthas', async (i) => {
      const n = new In(i, ['roomKey', 'text', 'iv', 'signerSeed'], ['signerSeed']);
      const signer = n.has('signerSeed') ? await C.edFromSeed(n.hex('signerSeed')) : null;
      return { body: await E.arthasSeal(n.hex('roomKey'), n.str('text'), signer, bytes(12, n.hex('iv'), 'iv')) };
    }],
    arthas_open: ['envelope_arthas', async (i) => {
      const n = new In(i, ['roomKey', 'body', 'senderPublic'], ['senderPublic']);
      const key = bytes(32, n.hex('roomKey'), 'roomKey');
      return E.arthasOpen(key, n.obj('body'), n.has('senderPublic') ? n.hex('senderPublic') : null);
    }],
    eleven_seal: ['envelope_eleven', async (i) => {
      const n = new In(i, ['chatKey', 'iv', 'payload']);
      let payload;
      try { payload = E.elevenPayload(n.obj('payload')); } catch (e) { W.fail('E2E_ERR_INVALID_ARGUMENT', 'payload: ' + e.message); }
      return { body: await E.elevenSeal(n.hex('chatKey'), payload, bytes(12, n.hex('iv'), 'iv')) };
    }],
    eleven_open: ['envelope_eleven', async (i) => {
      const n = new In(i, ['chatKey', 'body']);
      const key = bytes(32, n.hex('chatKey'), 'chatKey');
      const p = await E.elevenOpen(key, n.obj('body'));
      if (p.files && p.files.length === 0) delete p.files;
      return { payload: p };
    }],
  };

  // families: every family all of whose ops are implemented here.
  const families = () => [...new Set(Object.values(OPS).map((o) => o[0]))].sort();

  // run: {output} of one op; unknown ops are E2E_ERR_UNSUPPORTED.
  async function run(op, input) {
    if (!W.own(OPS, op)) W.fail('E2E_ERR_UNSUPPORTED', 'unknown vector op');
    return { output: await OPS[op][1](input) };
  }

  global.Vectors = { run, families };
})(typeof window !== 'undefined' ? window : globalThis);
