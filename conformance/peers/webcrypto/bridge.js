// bridge.js: the one entry point adapter.js calls with page.evaluate. It
// answers {ok: {result, out, events}} or {err: {name, message}} (name an
// E2E_ERR_* name), so nothing but plain JSON crosses into Node.
'use strict';
(function (global) {
  const W = global.Wire;
  function b64Param(params, k) {
    const b = W.b64d(params[k]);
    if (b === null) W.fail('E2E_ERR_INVALID_ARGUMENT', 'params.' + k + ': expected base64url without padding');
    return b;
  }
  async function handle(method, params) {
    try {
      switch (method) {
        case 'vector': return { ok: { result: await global.Vectors.run(params.op, params.input), out: [], events: [] } };
        case 'families': return { ok: { result: global.Vectors.families(), out: [], events: [] } };
        case 'create_device': return { ok: { result: await global.Device.create(params.device, params.name, params.preset), out: [], events: [] } };
        case 'import_state': await global.Device.importState(params.state_b64, params.device); return { ok: { result: {}, out: [], events: [] } };
        case 'export_state': return { ok: { result: { state_b64: global.Device.exportState() }, out: [], events: [] } };
        case 'set_clock': global.Device.setClock(params.now_ms); return { ok: { result: {}, out: [], events: [] } };
        case 'send': return { ok: await global.Device.call('send', { chat: params.chat, plaintext: b64Param(params, 'plaintext_b64') }) };
        case 'deliver': {
          const bytes = b64Param(params, 'bytes_b64');
          try {
            return { ok: await global.Device.call('deliver', { bytes }) };
          } catch (e) {
            // A frame the client could not read at all: only the size bound keeps its reason.
            if (e instanceof W.E2EError && e.errc !== 'E2E_ERR_INTERNAL') {
              const name = e.errc === 'E2E_ERR_LIMIT' ? 'E2E_ERR_LIMIT' : 'E2E_ERR_DECODE';
              return { err: { name, message: 'relay frame: ' + e.errc + ': ' + e.message } };
            }
            throw e;
          }
        }
        default: return { ok: await global.Device.call(method, params) };
      }
    } catch (e) {
      if (e instanceof W.E2EError) return { err: { name: e.errc, message: e.message } };
      return { err: { name: 'E2E_ERR_INTERNAL', message: String(e && e.stack || e) } };
    }
  }
  global.E2E = { handle, ready: true };
})(window);
