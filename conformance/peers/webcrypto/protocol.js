// protocol.js: the Node side of docs/ADAPTER.md §1-2: strict request lines,
// parameter checks, and response / error / event lines.
'use strict';
require('./wire.js');
const W = globalThis.Wire;

const MAX_LINE_BYTES = 16 * 1024 * 1024;
const MAX_NESTING = 64;
const U64_MAX = 18446744073709551615n;

class RequestError extends Error {}

// parseRequest: {idText, id, method, params} of one line; throws RequestError.
function parseRequest(line) {
  let root;
  try { root = W.parseStrict(line, MAX_NESTING); } catch (e) { throw new RequestError('bad request line: ' + e.message); }
  if (!W.isObj(root)) throw new RequestError('bad request line: not an object');
  for (const k of Object.keys(root)) {
    if (!['id', 'method', 'params'].includes(k)) throw new RequestError('bad request line: unknown field');
  }
  let idText;
  if (typeof root.id === 'number' && Number.isInteger(root.id) && root.id >= 0) idText = String(root.id);
  else if (root.id instanceof W.JInt && /^[0-9]+$/.test(root.id.t) && BigInt(root.id.t) <= U64_MAX) idText = root.id.t;
  else throw new RequestError('bad request line: id must be a non-negative integer');
  if (typeof root.method !== 'string') throw new RequestError('bad request line: method must be a string');
  const params = W.own(root, 'params') ? root.params : {};
  if (!W.isObj(params)) throw new RequestError('bad request line: params must be an object');
  return { idText, method: root.method, params };
}

// Parameter types: s string, b boolean, i integer.
const TYPE_CHECK = {
  s: [(v) => typeof v === 'string', 'expected a string'],
  b: [(v) => typeof v === 'boolean', 'expected a boolean'],
  i: [(v) => (typeof v === 'number' && Number.isInteger(v)) || (v instanceof W.JInt && /^-?[0-9]+$/.test(v.t) &&
      BigInt(v.t) >= -(2n ** 63n) && BigInt(v.t) < 2n ** 63n), 'expected an integer'],
};
class ParamError extends Error {}
// checkParams: throws ParamError naming the first unknown, missing or wrongly typed parameter.
function checkParams(params, spec) {
  for (const k of Object.keys(params)) {
    if (!W.own(spec, k)) throw new ParamError('params.' + k + ': unknown parameter');
  }
  for (const [k, t] of Object.entries(spec)) {
    if (!W.own(params, k)) throw new ParamError('params.' + k + ': missing');
    if (!TYPE_CHECK[t][0](params[k])) throw new ParamError('params.' + k + ': ' + TYPE_CHECK[t][1]);
  }
}

// The ADAPTER.md §2.1 code and reason of an E2E_ERR_* name.
const CODES = {
  E2E_ERR_INVALID_ARGUMENT: ['invalid_params'], E2E_ERR_UNSUPPORTED: ['unsupported'],
  E2E_ERR_DECODE: ['rejected', 'decode_error'], E2E_ERR_INVALID_KEY: ['rejected', 'decode_error'],
  E2E_ERR_AUTH_FAILED: ['rejected', 'auth_failed'], E2E_ERR_UNTRUSTED_IDENTITY: ['rejected', 'untrusted_identity'],
  E2E_ERR_UNKNOWN_SENDER: ['rejected', 'unknown_sender'], E2E_ERR_DOWNGRADE: ['rejected', 'downgrade'],
  E2E_ERR_REPLAY: ['rejected', 'replay'], E2E_ERR_STALE_EPOCH: ['rejected', 'stale_epoch'],
  E2E_ERR_EXPIRED: ['rejected', 'expired'], E2E_ERR_RATE_LIMITED: ['rejected', 'rate_limited'],
  E2E_ERR_LIMIT: ['rejected', 'limit_exceeded'], E2E_ERR_STATE: ['state'], E2E_ERR_NOT_FOUND: ['state'],
  E2E_ERR_IO: ['internal'], E2E_ERR_INTERNAL: ['internal'],
};
function errorLine(idText, name, message) {
  const [code, reason] = CODES[name] || CODES.E2E_ERR_INTERNAL;
  const error = { code };
  if (reason) error.reason = reason;
  error.message = name + ': ' + message;
  return '{"id":' + (idText === null ? 'null' : idText) + ',"error":' + JSON.stringify(error) + '}';
}
const responseLine = (idText, result) => '{"id":' + idText + ',"result":' + JSON.stringify(result) + '}';
const eventLine = (event, data) => JSON.stringify({ event, data });

module.exports = { parseRequest, RequestError, checkParams, ParamError, errorLine, responseLine, eventLine, MAX_LINE_BYTES };
