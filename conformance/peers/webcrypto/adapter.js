#!/usr/bin/env node
// adapter.js: the e2eproof adapter (docs/ADAPTER.md) of the WebCrypto peer.
// Node reads JSON-lines requests on stdin and answers on stdout; hello,
// shutdown, end of input and exit codes are handled here, every client
// operation and vector op runs in a headless Chromium page (client.js).
'use strict';
const P = require('./protocol.js');

const VERSION = { major: 1, minor: 1 };
// The vector families whose every op vectors.js implements (checked against the page).
const FAMILIES = ['ecies_wrap', 'envelope_arthas', 'envelope_eleven', 'invites', 'padding', 'share_code'];
const METHODS = {  // name: [needs, params]; needs: hello | device | nodevice
  create_device: ['nodevice', { device: 's', name: 's', preset: 's' }],
  import_state: ['nodevice', { state_b64: 's' }],
  export_state: ['device', {}],
  set_clock: ['hello', { now_ms: 'i' }],
  register: ['device', {}],
  create_chat: ['device', { chat: 's' }],
  share_code: ['device', { chat: 's' }],
  join_with_share_code: ['device', { code: 's' }],
  leave: ['device', { chat: 's' }],
  add_member: ['device', { chat: 's', device: 's' }],
  remove_member: ['device', { chat: 's', device: 's' }],
  create_invite: ['device', { chat: 's' }],
  accept_invite: ['device', { link: 's' }],
  send: ['device', { chat: 's', plaintext_b64: 's' }],
  set_typing: ['device', { chat: 's', on: 'b' }],
  fetch: ['device', {}],
  deliver: ['device', { bytes_b64: 's' }],
  members: ['device', { chat: 's' }],
  vector: ['hello', { op: 's', input: 'o' }],
};

if (process.argv.length > 2) {
  process.stderr.write('usage: adapter.js (no arguments; speaks docs/ADAPTER.md on stdin/stdout)\n');
  process.exit(2);
}

const started = Date.now();
const browserReady = require('./browser.js').launch();
browserReady.then(() => process.stderr.write('webcrypto peer: browser ready in ' + (Date.now() - started) + ' ms\n'),
  () => {});
let browser = null;
let device = null;      // hello's device
let hasDevice = false;  // after create_device / import_state
let done = false;

function write(lines) {
  return new Promise((resolve) => {
    if (lines.length === 0) return resolve();
    process.stdout.write(lines.join('\n') + '\n', (err) => (err ? exitNow(1) : resolve()));
  });
}
let exiting = false;
async function exitNow(code) {
  if (exiting) return;
  exiting = true;
  process.exit(code);  // the browser is killed and its profile removed by exit handlers (browser.js)
}
process.stdout.on('error', () => exitNow(1));

const fail = (idText, name, message) => [P.errorLine(idText, name, message)];

function hello(idText, p) {
  if (typeof p.protocol !== 'string') return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.protocol: expected a string');
  if (p.protocol !== 'e2eproof-adapter') return fail(idText, 'E2E_ERR_UNSUPPORTED', 'protocol is not e2eproof-adapter');
  if (!Array.isArray(p.versions)) return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.versions: expected an array');
  let compatible = false;
  for (const [n, v] of p.versions.entries()) {
    const ok = (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
    if (!v || typeof v !== 'object' || Array.isArray(v) || !ok(v.major) || !ok(v.minor_min)) {
      return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.versions[' + n + ']: expected {major, minor_min}');
    }
    compatible = compatible || (v.major === VERSION.major && v.minor_min <= VERSION.minor);
  }
  if (!compatible) return fail(idText, 'E2E_ERR_UNSUPPORTED', 'adapter incompatible: supports 1.1');
  if (typeof p.device !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(p.device)) {
    return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.device: expected an identifier');
  }
  if (typeof p.seed !== 'string' || !/^(0|[1-9][0-9]*)$/.test(p.seed) || BigInt(p.seed) >= 2n ** 64n) {
    return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.seed: expected a decimal unsigned 64-bit integer in a string');
  }
  if ('suite' in p && typeof p.suite !== 'string') return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.suite: expected a string');
  device = p.device;  // randomness is crypto.getRandomValues: the seed is not used
  return [P.responseLine(idText, {
    version: VERSION,
    implementation: { name: 'e2eproof-webcrypto-peer', version: require('./package.json').version },
    capabilities: {
      presets: ['arthas', 'eleven'],
      hooks: ['state_export', 'state_import', 'clock', 'kill_restart'],
      methods: ['hello', ...Object.keys(METHODS), 'shutdown'],
      vectors: FAMILIES,
    },
  })];
}

async function handle(line) {
  let req;
  try { req = P.parseRequest(line); } catch (e) { return fail(null, 'E2E_ERR_INVALID_ARGUMENT', e.message); }
  const { idText, method, params } = req;
  if (method === 'shutdown') {
    try { P.checkParams(params, {}); } catch (e) { return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', e.message); }
    done = true;
    return [P.responseLine(idText, {})];
  }
  if (method === 'hello') {
    if (device !== null) return fail(idText, 'E2E_ERR_STATE', 'hello was already answered');
    // Answered before the browser is up: the engine starts its devices first,
    // so their browsers start side by side.
    return hello(idText, params);
  }
  if (!Object.prototype.hasOwnProperty.call(METHODS, method)) return fail(idText, 'E2E_ERR_UNSUPPORTED', 'unknown method');
  const [needs, spec] = METHODS[method];
  // Preconditions before parameters (docs/ADAPTER.md §2.1).
  if (device === null) return fail(idText, 'E2E_ERR_STATE', 'hello must come first');
  if (needs === 'nodevice' && hasDevice) return fail(idText, 'E2E_ERR_STATE', 'this process already runs a device');
  if (needs === 'device' && !hasDevice) return fail(idText, 'E2E_ERR_STATE', 'no device yet: create_device or import_state first');
  try {
    if (method === 'vector') {
      for (const k of Object.keys(params)) if (k !== 'op' && k !== 'input') throw new P.ParamError('params.' + k + ': unknown parameter');
      if (typeof params.op !== 'string') throw new P.ParamError('params.op: expected a string');
      if (!params.input || typeof params.input !== 'object' || Array.isArray(params.input)) throw new P.ParamError('params.input: expected an object');
    } else {
      P.checkParams(params, spec);
    }
  } catch (e) { return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', e.message); }
  if (method === 'create_device' && params.device !== device) {
    return fail(idText, 'E2E_ERR_INVALID_ARGUMENT', 'params.device: differs from the device of hello');
  }
  if (!browser) {
    try {
      browser = await browserReady;
      const inPage = (await browser.page.evaluate(() => window.E2E.handle('families', {}))).ok.result;
      if (inPage.join() !== FAMILIES.join()) process.stderr.write('webcrypto peer: vectors.js families differ from FAMILIES\n');
    } catch (e) {
      process.stderr.write('webcrypto peer: cannot start Chromium: ' + e.message + '\n');
      return fail(idText, 'E2E_ERR_INTERNAL', 'cannot start the browser');
    }
  }
  const args = method === 'import_state' ? { ...params, device } : JSON.parse(JSON.stringify(params));
  const r = await browser.page.evaluate(([m, a]) => window.E2E.handle(m, a), [method, args]);
  if (r.err) return fail(idText, r.err.name, r.err.message);
  if (method === 'create_device' || method === 'import_state') hasDevice = true;
  const lines = r.ok.out.map((text) => P.eventLine('transmit', { to: 'relay', bytes_b64: Buffer.from(text, 'utf8').toString('base64url') }));
  for (const e of r.ok.events) lines.push(P.eventLine(e.event, e.data));
  lines.push(P.responseLine(idText, r.ok.result));
  return lines;
}

// ---- the line loop: one request at a time, in order ----
let chain = Promise.resolve();
let pending = [];      // chunks of the current line
let pendingBytes = 0;
let oversized = false; // the current line is past 16 MiB: read to its end, not kept
function onLine(line) {
  chain = chain.then(async () => {
    if (done) return;
    let out;
    try { out = await handle(line); } catch (e) {
      process.stderr.write('webcrypto peer: ' + (e && e.stack || e) + '\n');
      out = fail(null, 'E2E_ERR_INTERNAL', 'adapter failure');
    }
    await write(out);
    if (done) exitNow(0);
  });
}
process.stdin.on('data', (chunk) => {
  let start = 0;
  for (;;) {
    const nl = chunk.indexOf(10, start);
    const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
    if (!oversized) {
      pendingBytes += piece.length;
      if (pendingBytes > P.MAX_LINE_BYTES) { oversized = true; pending = []; } else pending.push(piece);
    }
    if (nl === -1) break;
    if (oversized) {
      chain = chain.then(() => (done ? null : write(fail(null, 'E2E_ERR_INVALID_ARGUMENT', 'bad request line: longer than 16 MiB'))));
    } else {
      const buf = Buffer.concat(pending);
      const text = new TextDecoder('utf-8', { fatal: true });
      let line = null;
      try { line = text.decode(buf); } catch (e) { /* not UTF-8 */ }
      if (line === null) chain = chain.then(() => (done ? null : write(fail(null, 'E2E_ERR_INVALID_ARGUMENT', 'bad request line: not UTF-8'))));
      else onLine(line);
    }
    pending = []; pendingBytes = 0; oversized = false;
    start = nl + 1;
  }
});
// End of input: exit 0 at once, whether or not shutdown came.
process.stdin.on('end', () => { chain.then(() => exitNow(0)); });
process.on('unhandledRejection', (e) => { process.stderr.write('webcrypto peer: ' + (e && e.stack || e) + '\n'); exitNow(70); });
