// wire.js: encodings and the strict frame codec of docs/PROTOCOL.md §2-4,
// browser-side. Every failure is thrown as E2EError(name, message), where
// name is a stable E2E_ERR_* name; client.js turns it into events.
'use strict';
(function (global) {
  class E2EError extends Error {
    constructor(name, message) { super(message); this.errc = name; }
  }
  const fail = (name, msg) => { throw new E2EError(name, msg); };

  const MAX_FRAME_BYTES = 262144;
  const MAX_JSON_DEPTH = 8;  // reference/protocol/limits.h kMaxJsonDepth: not in the docs
  const MAX_JSON_INT = 2 ** 53 - 1;
  const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

  // ---- base64url (RFC 4648 §5, no padding, canonical) and hex ----
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));
  function b64e(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      const left = bytes.length - i;
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
      if (left > 1) out += B64[(n >> 6) & 63];
      if (left > 2) out += B64[n & 63];
    }
    return out;
  }
  // b64d: bytes of canonical unpadded base64url text, or null.
  function b64d(text) {
    if (typeof text !== 'string' || text.length % 4 === 1) return null;
    const out = new Uint8Array(Math.floor(text.length * 3 / 4));
    let bits = 0, acc = 0, o = 0;
    for (const c of text) {
      const v = B64_INDEX.get(c);
      if (v === undefined) return null;
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 255; }
    }
    if ((acc & ((1 << bits) - 1)) !== 0) return null;  // non-zero trailing bits: not canonical
    return out;
  }
  const hexe = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  function hexd(text) {
    if (typeof text !== 'string' || text.length % 2 || !/^[0-9a-f]*$/.test(text)) return null;
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }
  const utf8 = (s) => new TextEncoder().encode(s);
  // utf8d: the text of UTF-8 bytes, or null when they are not UTF-8.
  function utf8d(b) {
    try { return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b); } catch (e) { return null; }
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // ---- strict JSON: duplicate keys refused, depth bounded, integers kept apart ----
  // Integers come back as JS numbers (or JInt for those past 2^53-1), other
  // numbers as JFloat, so "1.0" is never read as an integer field.
  class JFloat { constructor(v) { this.v = v; } toJSON() { return this.v; } }
  class JInt { constructor(t) { this.t = t; } }
  function parseStrict(text, maxDepth) {
    let i = 0;
    const bad = (why) => fail('E2E_ERR_DECODE', 'not valid JSON: ' + why + ' near ' + i);
    const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
    function value(depth) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        if (depth >= maxDepth) fail('E2E_ERR_LIMIT', 'JSON nests deeper than ' + maxDepth);
        i++;
        if (c === '{') {
          const obj = Object.create(null);
          ws();
          if (text[i] === '}') { i++; return obj; }
          for (;;) {
            ws();
            if (text[i] !== '"') bad('expected a key');
            const k = string();
            if (Object.prototype.hasOwnProperty.call(obj, k)) fail('E2E_ERR_DECODE', 'duplicate key');
            ws();
            if (text[i++] !== ':') bad('expected :');
            obj[k] = value(depth + 1);
            ws();
            if (text[i] === ',') { i++; continue; }
            if (text[i] === '}') { i++; return obj; }
            bad('expected , or }');
          }
        }
        const arr = [];
        ws();
        if (text[i] === ']') { i++; return arr; }
        for (;;) {
          arr.push(value(depth + 1));
          ws();
          if (text[i] === ',') { i++; continue; }
          if (text[i] === ']') { i++; return arr; }
          bad('expected , or ]');
        }
      }
      if (c === '"') return string();
      if (text.startsWith('true', i)) { i += 4; return true; }
      if (text.startsWith('false', i)) { i += 5; return false; }
      if (text.startsWith('null', i)) { i += 4; return null; }
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
      if (!m || m[0] === '' || m[0] === '-') bad('unexpected token');
      i += m[0].length;
      if (m[2] === undefined && m[3] === undefined) {
        const n = Number(m[0]);
        return Number.isSafeInteger(n) ? n : new JInt(m[0]);
      }
      const f = Number(m[0]);
      if (!Number.isFinite(f)) bad('number out of range');
      return new JFloat(f);
    }
    function string() {
      i++;
      let out = '';
      for (;;) {
        if (i >= text.length) bad('unterminated string');
        const c = text[i];
        const code = c.charCodeAt(0);
        if (c === '"') { i++; break; }
        if (code < 0x20) bad('control character in string');
        if (c === '\\') {
          const e = text[i + 1];
          const map = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e in map) { out += map[e]; i += 2; continue; }
          if (e !== 'u') bad('bad escape');
          const h = text.substr(i + 2, 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) bad('bad \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 6;
          continue;
        }
        out += c; i++;
      }
      // Lone surrogates cannot be UTF-8: the reference's parser refuses them too.
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(out)) bad('lone surrogate');
      return out;
    }
    const v = value(0);
    ws();
    if (i !== text.length) bad('trailing characters');
    return v;
  }

  // canonical: JSON text with object keys sorted (how the reference, on
  // nlohmann::json, writes bodies and payloads: not in the docs).
  function canonical(v) {
    if (v instanceof JFloat) return JSON.stringify(v.v);
    if (v instanceof JInt) return v.t;
    if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
    if (v !== null && typeof v === 'object') {
      return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
    }
    return JSON.stringify(v);
  }

  // ---- field checks (PROTO-FRAME-03..07) ----
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JFloat) && !(v instanceof JInt);
  // Fields: typed reads of one object whose allowed fields are `spec`
  // ({name: required}); unknown or missing fields are E2E_ERR_DECODE.
  class Fields {
    constructor(obj, what, spec, skip = []) {
      if (!isObj(obj)) fail('E2E_ERR_DECODE', what + ': expected an object');
      for (const k of Object.keys(obj)) {
        if (!own(spec, k) && !skip.includes(k)) fail('E2E_ERR_DECODE', what + ': unknown field');
      }
      for (const [k, req] of Object.entries(spec)) {
        if (req && !own(obj, k)) fail('E2E_ERR_DECODE', what + ': missing field ' + k);
      }
      this.o = obj; this.what = what;
    }
    has(k) { return own(this.o, k); }
    bad(k, why) { fail('E2E_ERR_DECODE', this.what + '.' + k + ': ' + why); }
    u64(k) {
      const v = this.o[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_JSON_INT) this.bad(k, 'expected an integer');
      return v;
    }
    str(k) { const v = this.o[k]; if (typeof v !== 'string') this.bad(k, 'expected a string'); return v; }
    bool(k) { const v = this.o[k]; if (typeof v !== 'boolean') this.bad(k, 'expected a boolean'); return v; }
    id(k) { const v = this.str(k); if (!ID_RE.test(v)) this.bad(k, 'expected an identifier'); return v; }
    name(k) { const v = this.str(k); if (!validName(v)) this.bad(k, 'expected a display name'); return v; }
    obj(k) { const v = this.o[k]; if (!isObj(v)) this.bad(k, 'expected an object'); return v; }
    b64(k, len, max) {
      const b = b64d(this.str(k));
      if (b === null) this.bad(k, 'expected canonical base64url');
      if (len !== undefined && max === undefined && b.length !== len) this.bad(k, 'expected ' + len + ' bytes');
      if (max !== undefined && (b.length < len || b.length > max)) this.bad(k, 'wrong length');
      return b;
    }
    arr(k, max) {
      const v = this.o[k];
      if (!Array.isArray(v)) this.bad(k, 'expected an array');
      if (v.length > max) fail('E2E_ERR_LIMIT', this.what + '.' + k + ': too many elements');
      return v;
    }
    ids(k, max) { return this.arr(k, max).map((x) => { if (typeof x !== 'string' || !ID_RE.test(x)) this.bad(k, 'expected identifiers'); return x; }); }
    u64s(k, max) { return this.arr(k, max).map((x) => { if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) this.bad(k, 'expected integers'); return x; }); }
  }
  function validName(s) {
    const n = utf8(s).length;
    return n >= 1 && n <= 64 && !/[\u0000-\u001f\u007f-\u009f]/.test(s);
  }

  // ---- relay frames (docs/PROTOCOL.md §4) ----
  const RELAY = {
    ok: [{ rid: 1 }, (f) => ({ rid: f.u64('rid') })],
    error: [{ rid: 0, code: 1, detail: 1 }, (f) => {
      const code = f.str('code');
      if (!/^E2E_ERR_[A-Z0-9_]+$/.test(code) || code.length > 64) f.bad('code', 'expected an E2E_ERR_* name');
      return { rid: f.has('rid') ? f.u64('rid') : null, code, detail: f.str('detail') };
    }],
    keys: [{ rid: 1, entries: 1, missing: 1 }, (f) => {
      const rid = f.u64('rid');
      const entries = f.arr('entries', 256);
      const missing = f.ids('missing', 256);
      if (entries.length + missing.length > 256) fail('E2E_ERR_LIMIT', 'keys: too many');
      return {
        rid, missing,
        entries: entries.map((e, n) => {
          const g = new Fields(e, 'keys.entries[' + n + ']', { device: 1, name: 1, dh: 1, sig: 1 });
          return { device: g.id('device'), name: g.name('name'), dh: g.b64('dh', 65), sig: g.b64('sig', 32) };
        }),
      };
    }],
    sent: [{ rid: 1, cmid: 1, ids: 1 }, (f) => ({ rid: f.u64('rid'), cmid: f.id('cmid'), ids: f.u64s('ids', 10000) })],
    deliver: [{ id: 1, chat: 1, from: 1, ts: 1, kind: 1, body: 0, op: 0, device: 0, signed: 0 }, (f) => {
      const d = { id: f.u64('id'), chat: f.id('chat'), from: f.id('from'), ts: f.u64('ts'), kind: f.str('kind') };
      if (d.kind === 'msg' || d.kind === 'direct') {
        for (const k of ['op', 'device', 'signed']) if (f.has(k)) f.bad(k, 'not allowed');
        if (!f.has('body')) f.bad('body', 'required');
        d.body = f.obj('body');
      } else if (d.kind === 'roster') {
        if (f.has('body')) f.bad('body', 'not allowed');
        if (!f.has('op') || !f.has('device')) f.bad('op', 'required');
        d.op = f.str('op');
        if (!['create', 'add', 'remove'].includes(d.op)) f.bad('op', 'unknown');
        d.device = f.id('device');
        if (f.has('signed')) d.signed = f.b64('signed');
      } else {
        f.bad('kind', 'unknown');
      }
      return d;
    }],
    typing: [{ chat: 1, from: 1, on: 1 }, (f) => ({ chat: f.id('chat'), from: f.id('from'), on: f.bool('on') })],
  };

  // parseRelayFrame: {t, ...fields} of one relay frame's bytes (PROTO-FRAME-01/02/03).
  function parseRelayFrame(bytes) {
    if (bytes.length > MAX_FRAME_BYTES) fail('E2E_ERR_LIMIT', 'frame too large');
    const text = utf8d(bytes);
    if (text === null) fail('E2E_ERR_DECODE', 'frame is not UTF-8');
    const root = parseStrict(text, MAX_JSON_DEPTH);
    if (!isObj(root)) fail('E2E_ERR_DECODE', 'frame is not an object');
    if (!own(root, 'v')) fail('E2E_ERR_DECODE', 'missing v');
    const v = root.v;
    if (v instanceof JInt) fail('E2E_ERR_UNSUPPORTED', 'protocol version');
    if (typeof v !== 'number') fail('E2E_ERR_DECODE', 'v: expected an integer');
    if (v !== 1) fail('E2E_ERR_UNSUPPORTED', 'protocol version ' + v);
    if (typeof root.t !== 'string') fail('E2E_ERR_DECODE', 'missing t');
    const spec = Object.prototype.hasOwnProperty.call(RELAY, root.t) ? RELAY[root.t] : null;
    if (!spec) fail('E2E_ERR_DECODE', 'unknown frame type');
    const out = spec[1](new Fields(root, root.t, spec[0], ['v', 't']));
    out.t = root.t;
    return out;
  }

  // frameText: the JSON text of a client frame, fields in the order given
  // (the spec's table order); `body` objects are written with sorted keys.
  function frameText(t, fields) {
    let s = '{"v":1,"t":' + JSON.stringify(t);
    for (const [k, v] of fields) {
      if (v === undefined) continue;
      s += ',' + JSON.stringify(k) + ':' + (v instanceof Uint8Array ? JSON.stringify(b64e(v)) : canonical(v));
    }
    return s + '}';
  }

  global.Wire = {
    E2EError, fail, b64e, b64d, hexe, hexd, utf8, utf8d, concat, equal, parseStrict, canonical,
    Fields, own, isObj, validName, parseRelayFrame, frameText, ID_RE, MAX_FRAME_BYTES, MAX_JSON_DEPTH, JFloat, JInt,
  };
})(typeof window !== 'undefined' ? window : globalThis);
