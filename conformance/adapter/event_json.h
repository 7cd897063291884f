// The adapter protocol's vocabulary as JSON (docs/ADAPTER.md §2.1, §5): the
// error taxonomy, error objects, and a lossless codec between the reference
// client's output (client::Event, and client frames as `transmit`) and event
// JSON. The reference adapter encodes with it; the engine's adapter driver
// decodes any adapter's output with it, so an in-process run and an adapter
// run of the reference produce equal event streams.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "client/events.h"
#include "common/result.h"
#include "protocol/frame.h"

namespace e2e::adapter {

using nlohmann::json;

// ---- errors (§2.1) ----------------------------------------------------------

// code_for: the `error.code` for |c|: "invalid_params", "unsupported",
// "rejected", "state" or "internal".
std::string_view code_for(Errc c);
// reason_for: the `reason` of a "rejected" code ("auth_failed", "replay", ...);
// empty for codes that are not "rejected".
std::string_view reason_for(Errc c);
// event_reason_for: the `reason` of a rejected / roster_rejected event: as
// reason_for, and "other" for codes outside the rejected taxonomy (a client
// may refuse an item for, say, E2E_ERR_STATE).
std::string_view event_reason_for(Errc c);

// error_json: {"code", "reason" (rejected only), "message"}; the message is
// Error::to_string(), so it starts with the stable E2E_ERR_* name.
json error_json(const Error& e);
// error_from_json maps an adapter's error object back to an Error. When the
// message starts with a stable E2E_ERR_* name that maps to the same code and
// reason, that name's Errc is used and the rest of the message is the detail
// (so error_from_json(error_json(e)) == e for the reference); otherwise the
// closest Errc of code/reason, with the whole message as detail. Anything
// outside the contract (not an object, unknown code, rejected without a known
// reason) is kInternal: the engine reports such a test as ERROR.
Error error_from_json(const json& error);

// ---- events (§5) ------------------------------------------------------------

// EventForm: the layout event_to_json writes. kWire is the protocol's
// {"event": name, "data": {...}}, a message's text as plaintext_b64 (any
// bytes, lossless; the only form event_from_json reads). kReadable is for
// evidence a person reads: the same data fields flat beside "event", and a
// message's text as "text" when it is valid UTF-8 (plaintext_b64 otherwise,
// so a broken implementation's bytes cannot make the JSON unwritable).
enum class EventForm { kWire, kReadable };

// event_to_json: one client event in |form|. Never fails.
json event_to_json(const client::Event& e, EventForm form = EventForm::kWire);
// event_from_json: the inverse, strict: an unknown event name, a missing,
// extra or wrongly typed field, or a reason outside the taxonomy is
// kDecodeError naming the field. "transmit" is not a client::Event and is
// refused here (see transmit_from_json / append_event_json).
//
// rejected / roster_rejected: the client event's `reason` (an E2E_ERR_* name)
// is rebuilt from `detail` when `detail` is a known stable name (which must
// then agree with `reason`, else kDecodeError), and otherwise from `reason`
// via the closest Errc ("other" becomes E2E_ERR_STATE). For the reference,
// whose details are stable names, the round trip is exact.
Result<client::Event> event_from_json(const json& event);

// transmit_to_json: {"event": "transmit", "data": {"to": "relay", "bytes_b64"}}.
json transmit_to_json(const proto::ClientFrame& frame);
// transmit_from_json: strict inverse; the frame is parsed with
// proto::parse_client_frame, whose errors are passed on with the field named.
Result<proto::ClientFrame> transmit_from_json(const json& event);

// append_event_json decodes one event of either kind into |step|: transmit to
// step.out, everything else to step.events. What the adapter driver needs.
Result<void> append_event_json(const json& event, client::Step& step);

}  // namespace e2e::adapter
