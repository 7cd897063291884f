// client.js: one e2eproof device for the presets arthas (share code) and
// eleven (admin-wrapped chat key), written from docs/PROTOCOL.md. It runs in
// the page; every primitive is crypto.subtle (crypto.js). Each operation
// returns {result, out, events}: `out` the frames for the relay (JSON text),
// `events` the items shown (docs/ADAPTER.md §5). A failed operation throws
// Wire.E2EError and changes nothing.
'use strict';
(function (global) {
  const W = global.Wire, C = global.Crypto, E = global.Envelope;
  const fail = W.fail;
  const MAX_SEEN_IDS = 65536, MAX_WAITING = 1024, MAX_TEXT_BYTES = 60 * 1024;
  const STATE_FORMAT = 'e2eproof-webcrypto-peer-state/1';
  const PRESETS = { arthas: 'share_code', eleven: 'chat_key' };

  // The event reason of an E2E_ERR_* name (docs/ADAPTER.md §2.1, §5).
  const REASONS = {
    E2E_ERR_DECODE: 'decode_error', E2E_ERR_INVALID_KEY: 'decode_error', E2E_ERR_AUTH_FAILED: 'auth_failed',
    E2E_ERR_UNTRUSTED_IDENTITY: 'untrusted_identity', E2E_ERR_UNKNOWN_SENDER: 'unknown_sender',
    E2E_ERR_DOWNGRADE: 'downgrade', E2E_ERR_REPLAY: 'replay', E2E_ERR_STALE_EPOCH: 'stale_epoch',
    E2E_ERR_EXPIRED: 'expired', E2E_ERR_RATE_LIMITED: 'rate_limited', E2E_ERR_LIMIT: 'limit_exceeded',
  };
  const reasonOf = (name) => REASONS[name] || 'other';

  let st = null;     // the exportable state (plain JSON)
  let dh = null;     // {priv, pub, d}
  let sig = null;    // {priv, pub, seed}
  let clockMs = 0;   // set_clock; nothing in arthas or eleven reads it

  // ---- one step: frames out, events shown ----
  class Step {
    constructor() { this.out = []; this.events = []; }
    frame(t, fields) { this.out.push(W.frameText(t, fields)); }
    event(kind, data) { this.events.push({ event: kind, data }); }
    rejected(d, name, detail) { this.event('rejected', { chat: d.chat, from: d.from, item: d.id, reason: reasonOf(name), detail: name }); }
  }
  const rid = () => st.next_rid++;
  const cmid = () => 'c' + st.next_cmid++;
  const scheme = () => PRESETS[st.preset];
  const hexKey = (b) => W.b64e(b);
  const keyOf = (s) => (s ? W.b64d(s) : null);

  function chat(id) {
    if (!W.own(st.chats, id)) fail('E2E_ERR_NOT_FOUND', 'unknown chat');
    return st.chats[id];
  }
  function newChat(id, members) { return { id, active: true, members, key: null, admin_cred: null }; }

  function queueSend(step, chatId, body) {
    const r = rid();
    const text = W.frameText('send', [['rid', r], ['chat', chatId], ['cmid', cmid()], ['body', body]]);
    st.unconfirmed[r] = text;
    step.out.push(text);
  }
  function queueDirect(step, chatId, to, body) {
    const r = rid();
    const text = W.frameText('direct', [['rid', r], ['chat', chatId], ['cmid', cmid()], ['to', to], ['body', body]]);
    st.unconfirmed[r] = text;
    step.out.push(text);
  }
  function queueLookup(step, action, chatId, device) {
    const r = rid();
    st.lookups[r] = { action, chat: chatId, device };
    step.frame('lookup', [['rid', r], ['devices', [device]]]);
  }
  const lookupPending = (device) => Object.values(st.lookups).some((l) => l.device === device);

  async function seal(c, payload) {
    if (!c.key) fail('E2E_ERR_STATE', 'no chat key yet');
    if (scheme() === 'share_code') {
      if (payload.text === undefined) fail('E2E_ERR_UNSUPPORTED', 'arthas bodies carry text only');
      return E.arthasSeal(keyOf(c.key), payload.text, sig);
    }
    return E.elevenSeal(keyOf(c.key), { name: st.name, ...payload });
  }

  // ---- operations (docs/ADAPTER.md §4) ----
  const OPS = {
    async register() {
      const s = new Step();
      s.frame('register', [['rid', rid()], ['name', st.name], ['dh', dh.pub], ['sig', sig.pub]]);
      return [{}, s];
    },
    async create_chat({ chat: id }) {
      if (!W.ID_RE.test(id)) fail('E2E_ERR_INVALID_ARGUMENT', 'chat id');
      if (W.own(st.chats, id)) fail('E2E_ERR_STATE', 'chat exists');
      const s = new Step();
      const c = newChat(id, [st.device]);
      c.key = hexKey(C.random(32));
      if (scheme() === 'share_code') {
        s.frame('join', [['rid', rid()], ['chat', id]]);  // arthas rooms are open chats
      } else {
        const cred = C.random(32);
        c.admin_cred = hexKey(cred);
        s.frame('create_chat', [['rid', rid()], ['chat', id], ['admin', await C.sha256(cred)]]);
      }
      st.chats[id] = c;
      return [{}, s];
    },
    async share_code({ chat: id }) {
      if (scheme() !== 'share_code') fail('E2E_ERR_UNSUPPORTED', 'share codes are an arthas feature');
      if (!W.own(st.chats, id) || !st.chats[id].key) fail('E2E_ERR_NOT_FOUND', 'unknown room');
      return [{ code: E.formatIdSecret(id, keyOf(st.chats[id].key), ':') }, new Step()];
    },
    async join_with_share_code({ code }) {
      if (scheme() !== 'share_code') fail('E2E_ERR_UNSUPPORTED', 'share codes are an arthas feature');
      const sc = E.parseIdSecret(code, ':');
      if (W.own(st.chats, sc.id) && st.chats[sc.id].active) fail('E2E_ERR_STATE', 'already in room');
      const s = new Step();
      s.frame('join', [['rid', rid()], ['chat', sc.id]]);
      const c = newChat(sc.id, [st.device]);
      c.key = hexKey(sc.secret);
      st.chats[sc.id] = c;
      return [{}, s];
    },
    async leave({ chat: id }) {
      const c = chat(id);
      if (!c.active) fail('E2E_ERR_STATE', 'not a member');
      const s = new Step();
      s.frame('leave', [['rid', rid()], ['chat', id]]);
      return [{}, s];
    },
    async add_member({ chat: id, device }) {
      if (scheme() === 'share_code') fail('E2E_ERR_UNSUPPORTED', 'arthas rooms are joined with the share code');
      if (!W.ID_RE.test(device)) fail('E2E_ERR_INVALID_ARGUMENT', 'device id');
      const c = chat(id);
      if (!c.admin_cred) fail('E2E_ERR_STATE', 'only the admin changes the roster');
      const s = new Step();
      s.frame('member', [['rid', rid()], ['chat', id], ['op', 'add'], ['device', device], ['cred', keyOf(c.admin_cred)]]);
      return [{}, s];
    },
    async remove_member({ chat: id, device }) {
      if (scheme() === 'share_code') fail('E2E_ERR_UNSUPPORTED', 'arthas has no kick');
      const c = chat(id);
      if (!c.admin_cred) fail('E2E_ERR_STATE', 'only the admin changes the roster');
      if (!c.members.includes(device)) fail('E2E_ERR_STATE', 'not a member');
      if (device === st.device) fail('E2E_ERR_STATE', 'the admin cannot remove itself');
      const s = new Step();
      s.frame('member', [['rid', rid()], ['chat', id], ['op', 'remove'], ['device', device], ['cred', keyOf(c.admin_cred)]]);
      return [{}, s];
    },
    async create_invite({ chat: id }) {
      if (scheme() !== 'chat_key') fail('E2E_ERR_UNSUPPORTED', 'this preset has no invites');
      const c = chat(id);
      if (!c.admin_cred) fail('E2E_ERR_STATE', 'only the admin invites');
      const secret = C.random(32);
      const link = E.formatIdSecret(id, secret, '#');
      const s = new Step();
      // The secret travels only in the link's fragment (PROTO-ELEVEN-01).
      s.frame('invite', [['rid', rid()], ['chat', id], ['hash', await C.sha256(secret)], ['cred', keyOf(c.admin_cred)]]);
      return [{ link }, s];
    },
    async accept_invite({ link }) {
      if (scheme() !== 'chat_key') fail('E2E_ERR_UNSUPPORTED', 'this preset has no invites');
      const l = E.parseIdSecret(link, '#');
      const s = new Step();
      s.frame('redeem', [['rid', rid()], ['chat', l.id], ['hash', await C.sha256(l.secret)]]);
      return [{}, s];
    },
    async send({ chat: id, plaintext }) {
      if (plaintext.length > MAX_TEXT_BYTES) fail('E2E_ERR_LIMIT', 'text too long');
      const text = W.utf8d(plaintext);
      if (text === null) fail('E2E_ERR_INVALID_ARGUMENT', 'text is not UTF-8');
      const c = chat(id);
      if (!c.active) fail('E2E_ERR_STATE', 'not a member');
      const body = await seal(c, { text });
      const s = new Step();
      queueSend(s, id, body);
      return [{}, s];
    },
    async set_typing({ chat: id, on }) {
      const c = chat(id);
      if (!c.active) fail('E2E_ERR_STATE', 'not a member');
      const s = new Step();
      if (scheme() === 'share_code') {
        s.frame('typing', [['chat', id], ['on', on]]);  // arthas: in the clear
      } else {
        queueSend(s, id, await seal(c, { typing: on }));  // eleven: inside the chat key
      }
      return [{}, s];
    },
    async fetch() {
      const s = new Step();
      // Unconfirmed sends go again with their cmid (PROTO-RELAY-05); lost
      // directory answers are asked for again.
      for (const r of Object.keys(st.unconfirmed).map(Number).sort((a, b) => a - b)) s.out.push(st.unconfirmed[r]);
      for (const r of Object.keys(st.lookups).map(Number).sort((a, b) => a - b)) {
        s.frame('lookup', [['rid', r], ['devices', [st.lookups[r].device]]]);
      }
      s.frame('fetch', [['rid', rid()]]);
      return [{}, s];
    },
    async members({ chat: id }) {
      return [{ members: W.own(st.chats, id) ? st.chats[id].members.slice() : [] }, new Step()];
    },
    async deliver({ bytes }) {
      const f = W.parseRelayFrame(bytes);  // throws: the client never sees it
      const s = new Step();
      await receive(f, s);
      return [{}, s];
    },
  };

  // ---- receiving (PROTO-CLIENT-01..03) ----
  async function receive(f, s) {
    switch (f.t) {
      case 'deliver': return onDeliver(f, s);
      case 'keys': return onKeys(f, s);
      case 'error':
        s.event('request_failed', { rid: f.rid === null ? 0 : f.rid, code: f.code, detail: f.detail });
        if (f.rid !== null) { delete st.unconfirmed[f.rid]; delete st.lookups[f.rid]; }
        return;
      case 'sent': delete st.unconfirmed[f.rid]; return;
      case 'typing':
        if (W.own(st.chats, f.chat) && f.from !== st.device) s.event('typing', { chat: f.chat, from: f.from, on: f.on });
        return;
      default: return;  // ok
    }
  }

  function rememberSeen(id) {
    st.seen.push(id);
    while (st.seen.length > MAX_SEEN_IDS) st.seen.shift();
  }

  async function onDeliver(d, s) {
    const ack = rid();
    if (st.seen.includes(d.id)) {  // PROTO-CLIENT-02
      s.event('duplicate', { chat: d.chat, item: d.id });
      s.frame('ack', [['rid', ack], ['ids', [d.id]]]);
      return;
    }
    rememberSeen(d.id);
    const r = await processItem(d, s);
    if (r.wait) {
      if (st.waiting.length >= MAX_WAITING) s.rejected(d, 'E2E_ERR_LIMIT');
      else st.waiting.push(d);
    } else if (r.error) {
      s.rejected(d, r.error);
    }
    if (r.changed) await retryWaiting(s);
    // Acked after the effect is in the state (PROTO-CLIENT-01).
    s.frame('ack', [['rid', ack], ['ids', [d.id]]]);
  }

  async function retryWaiting(s) {
    let progress = true;
    while (progress && st.waiting.length) {
      progress = false;
      const batch = st.waiting;
      st.waiting = [];
      const still = [];
      for (const d of batch) {
        const r = await processItem(d, s);
        if (r.wait) { still.push(d); continue; }
        progress = true;
        if (r.error) s.rejected(d, r.error);
      }
      st.waiting = still.concat(st.waiting);
    }
  }

  // processItem: {wait} | {error: name} | {changed?}; an item's effect is all or nothing.
  async function processItem(d, s) {
    try {
      if (d.kind === 'roster') return onRoster(d, s);
      if (d.kind === 'direct') return await onDirect(d);
      return await openMessage(d, s);
    } catch (e) {
      if (e instanceof W.E2EError) return { error: e.errc };
      throw e;
    }
  }

  function onRoster(d, s) {
    let c = W.own(st.chats, d.chat) ? st.chats[d.chat] : null;
    if (!c) {
      if (d.device !== st.device || d.op === 'remove') return { error: 'E2E_ERR_STATE' };
      c = st.chats[d.chat] = newChat(d.chat, []);
    }
    const present = c.members.includes(d.device);
    if (d.op === 'create') {
      c.members = [d.device];
    } else if (d.op === 'add') {
      if (!present) c.members.push(d.device);
      if (d.device === st.device) c.active = true;
    } else {
      c.members = c.members.filter((m) => m !== d.device);
      if (d.device === st.device) c.active = false;
    }
    s.event('roster_changed', { chat: d.chat, op: d.op, device: d.device, by: d.from });
    if (d.op === 'add' && d.device !== st.device) {
      if (scheme() === 'share_code') {
        // The new member's signing key, for its signed messages.
        if (!W.own(st.directory, d.device)) queueLookup(s, 'cache', d.chat, d.device);
      } else if (c.admin_cred) {
        // The admin wraps the chat key to the relay's directory key (ELEVEN-16: unverified).
        queueLookup(s, 'wrap', d.chat, d.device);
      }
    }
    return { changed: true };
  }

  async function onDirect(d) {
    if (scheme() === 'share_code' || !W.own(d.body, 'wrap')) return { error: 'E2E_ERR_DECODE' };
    const key = await E.elevenUnwrapBody(dh, d.body);
    if (!W.own(st.chats, d.chat)) st.chats[d.chat] = newChat(d.chat, []);
    // The newest wrapped key wins: the document gives nothing to check it against.
    st.chats[d.chat].key = hexKey(key);
    return { changed: true };
  }

  async function openMessage(d, s) {
    const known = W.own(st.chats, d.chat);
    if (scheme() === 'share_code') {
      if (!known) return { error: 'E2E_ERR_STATE' };
      const c = st.chats[d.chat];
      if (d.from === st.device) return { error: 'E2E_ERR_UNKNOWN_SENDER' };
      if (!c.key) return { error: 'E2E_ERR_STATE' };
      let senderSig = null;
      if (W.own(d.body, 'sig')) {
        // arthas checks a signature against the relay's directory: learn the key first.
        if (!W.own(st.directory, d.from)) {
          if (!lookupPending(d.from)) queueLookup(s, 'cache', d.chat, d.from);
          return { wait: true };
        }
        senderSig = W.b64d(st.directory[d.from].sig);
      }
      const o = await E.arthasOpen(keyOf(c.key), d.body, senderSig);
      s.event('message', { chat: d.chat, sender: d.from, plaintext_b64: W.b64e(W.utf8(o.text)), flags: o.signed ? [] : ['unsigned'] });
      return {};
    }
    if (!known) return { wait: true };  // a message can overtake the roster notice
    const c = st.chats[d.chat];
    if (d.from === st.device) return { error: 'E2E_ERR_UNKNOWN_SENDER' };
    if (!c.key) return { wait: true };
    const p = await E.elevenOpen(keyOf(c.key), d.body);
    // The sender shown is the relay's `from`; the encrypted name is not compared (B03).
    if (W.own(p, 'typing')) s.event('typing', { chat: d.chat, from: d.from, on: p.typing });
    else s.event('message', { chat: d.chat, sender: d.from, plaintext_b64: W.b64e(W.utf8(p.text)), flags: [] });
    return {};
  }

  async function onKeys(k, s) {
    let changed = false;
    for (const e of k.entries) {
      const old = W.own(st.directory, e.device) ? st.directory[e.device] : null;
      const entry = { name: e.name, dh: W.b64e(e.dh), sig: W.b64e(e.sig) };
      if (old && (old.dh !== entry.dh || old.sig !== entry.sig)) s.event('key_changed', { device: e.device, chat: '' });
      st.directory[e.device] = entry;
      changed = true;
    }
    if (W.own(st.lookups, k.rid)) {
      const why = st.lookups[k.rid];
      delete st.lookups[k.rid];
      const found = W.own(st.directory, why.device) && !k.missing.includes(why.device);
      if (why.action === 'wrap' && found && W.own(st.chats, why.chat) && st.chats[why.chat].key) {
        try {
          const body = await E.elevenWrapBody(W.b64d(st.directory[why.device].dh), keyOf(st.chats[why.chat].key));
          queueDirect(s, why.chat, why.device, body);
        } catch (e) {
          if (!(e instanceof W.E2EError)) throw e;  // a directory key that is not a point: nothing to wrap to
        }
      }
    }
    if (changed) await retryWaiting(s);
  }

  // ---- the device ----
  async function create(device, name, preset) {
    if (!W.own(PRESETS, preset)) fail('E2E_ERR_UNSUPPORTED', 'preset not implemented');
    if (!W.ID_RE.test(device)) fail('E2E_ERR_INVALID_ARGUMENT', 'device id');
    if (!W.validName(name)) fail('E2E_ERR_INVALID_ARGUMENT', 'display name');
    dh = await C.p256Generate();
    sig = await C.edGenerate();
    st = {
      format: STATE_FORMAT, device, name, preset, dh: W.b64e(dh.d), sig: W.b64e(sig.seed),
      next_rid: 1, next_cmid: 1, chats: {}, directory: {}, lookups: {}, unconfirmed: {}, waiting: [], seen: [],
    };
    return { dh_public_b64: W.b64e(dh.pub), sig_public_b64: W.b64e(sig.pub) };
  }
  // exportState: the whole device as one JSON document (it holds secrets).
  const exportState = () => W.b64e(W.utf8(JSON.stringify(st)));
  async function importState(b64, device) {
    const bytes = W.b64d(b64);
    if (bytes === null) fail('E2E_ERR_INVALID_ARGUMENT', 'state_b64: expected base64url');
    let doc;
    try { doc = JSON.parse(W.utf8d(bytes)); } catch (e) { fail('E2E_ERR_DECODE', 'state is not JSON'); }
    if (!W.isObj(doc) || doc.format !== STATE_FORMAT) fail('E2E_ERR_DECODE', 'not a state document of this peer');
    if (!W.own(PRESETS, doc.preset)) fail('E2E_ERR_UNSUPPORTED', 'preset not implemented');
    if (doc.device !== device) fail('E2E_ERR_INVALID_ARGUMENT', 'state_b64: holds another device than hello\'s');
    const d = await C.p256FromScalar(W.b64d(doc.dh));
    const g = await C.edFromSeed(W.b64d(doc.sig));
    dh = d; sig = g; st = doc;
  }

  // call: one operation, as {result, out, events}; throws E2EError on failure.
  async function call(method, params) {
    if (!W.own(OPS, method)) fail('E2E_ERR_UNSUPPORTED', 'unknown method');
    const snapshot = JSON.stringify(st);
    try {
      const [result, s] = await OPS[method](params);
      return { result, out: s.out, events: s.events };
    } catch (e) {
      st = JSON.parse(snapshot);  // a failed operation changes nothing
      throw e;
    }
  }

  global.Device = {
    create, exportState, importState, call,
    setClock(ms) { clockMs = ms; return clockMs; },
    methods: () => Object.keys(OPS),
  };
})(typeof window !== 'undefined' ? window : globalThis);
