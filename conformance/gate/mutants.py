"""The mutants run by check_gate.py: one registered class per bug.

Each docstring's first line names the bug (a plausible one of a real client);
"Caught by" names the item that must fail on it. `replay-guard` is the one
stricter-than-reference implementation: it must pass every item it runs.
See mutant_adapter.py for the hooks and conformance/gate/README.md for the table.
"""

import hashlib
import json

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mutant_adapter import (REGISTRY, Mutant, b64url_decode, b64url_encode, dump, frame_b64,
                            frame_of, register)

__all__ = ["REGISTRY"]

TAG = 16


def gcm_open_without_tag(key, iv, sealed):
    """gcm_open_without_tag decrypts AES-GCM output as plain CTR from counter 2
    (GCM's first data block) and ignores the tag: what a hand-rolled GCM that
    forgets the final comparison does."""
    ctr0 = iv + (2).to_bytes(4, "big")
    dec = Cipher(algorithms.AES(key), modes.CTR(ctr0)).decryptor()
    return dec.update(sealed[:-TAG]) + dec.finalize()


def request_params(req):
    return req.get("params") if req and isinstance(req.get("params"), dict) else {}


class DeliverAware(Mutant):
    """A base for mutants that look at the relay's message items a `deliver`
    may process: the delivered one, and the ones the client held back
    (`waiting` in its state: arthas holds a signed item until it knows the
    sender's key) that this frame may release."""

    def on_request(self, req, line):
        self.candidates = []
        if is_request(req) and req["method"] == "deliver":
            frame = frame_of(request_params(req).get("bytes_b64", ""))
            if frame is not None:
                if self.hello_result is not None and getattr(self, "has_device", False):
                    for text in self.state().get("waiting", []):
                        held = json.loads(text)
                        if isinstance(held.get("body"), dict):
                            self.candidates.append(held)
                if frame.get("t") == "deliver" and isinstance(frame.get("body"), dict):
                    self.candidates.append(frame)
        if is_request(req) and req["method"] in ("create_device", "import_state"):
            self.has_device = True
        return line

    def item_by_id(self, item_id):
        return next((c for c in self.candidates if c.get("id") == item_id), None)

    def item_for_message(self, event):
        """item_for_message pops the item a `message` event shows (same chat and sender, oldest first)."""
        data = event["data"]
        for i, c in enumerate(self.candidates):
            if c.get("chat") == data.get("chat") and c.get("from") == data.get("sender"):
                return self.candidates.pop(i)
        return None

    @staticmethod
    def message_event(item, text):
        return {"event": "message", "data": {"chat": item["chat"], "sender": item["from"],
                                             "plaintext_b64": b64url_encode(text), "flags": []}}

    def refused_message(self, event):
        """refused_message returns the message item that |event| refuses with
        auth_failed, or None."""
        if event.get("event") != "rejected" or event["data"].get("reason") != "auth_failed":
            return None
        return self.item_by_id(event["data"].get("item"))

    @staticmethod
    def body_bytes(item):
        body = item["body"]
        try:
            return b64url_decode(body["iv"]), b64url_decode(body["ciphertext"])
        except (KeyError, TypeError, ValueError):
            return None, None


@register("forged-tags")
class ForgedTags(DeliverAware):
    """Accepts forged AEAD tags on receive (arthas, eleven): decrypts as AES-CTR, never checks the tag.

    The client still checks an arthas signature when the body has one (that is
    another piece of code), then decrypts without comparing the GCM tag.
    Caught by: tamper/eleven/tag-bit, tamper/arthas/unsigned-tag-bit.
    """

    def on_event(self, req, event):
        item = self.refused_message(event)
        if item is None:
            return [event]
        iv, sealed = self.body_bytes(item)
        key = self.chat_key(item["chat"])
        if iv is None or key is None or len(iv) != 12 or len(sealed) < TAG:
            return [event]
        doc = self.state()
        body = item["body"]
        if doc["preset"] == "arthas" and "sig" in body:
            entry = next((d for d in doc["directory"] if d["device"] == item["from"]), None)
            try:
                Ed25519PublicKey.from_public_bytes(b64url_decode(entry["sig"])).verify(
                    b64url_decode(body["sig"]), iv + sealed)
            except (InvalidSignature, TypeError, ValueError):
                return [event]
        plain = gcm_open_without_tag(key, iv, sealed)
        if doc["preset"] == "eleven":
            try:
                plain = json.loads(plain)["text"].encode("utf-8")
            except (ValueError, KeyError, TypeError, AttributeError):
                return [event]
        return [self.message_event(item, plain)]


@register("no-signature-check")
class NoSignatureCheck(DeliverAware):
    """Never verifies arthas message signatures: a body whose sig fails is shown if it decrypts.

    Caught by: tamper/arthas/signed-by-other.
    """

    def on_event(self, req, event):
        item = self.refused_message(event)
        if item is None or "sig" not in item["body"]:
            return [event]
        iv, sealed = self.body_bytes(item)
        key = self.chat_key(item["chat"])
        if iv is None or key is None or self.state()["preset"] != "arthas":
            return [event]
        try:
            plain = AESGCM(key).decrypt(iv, sealed, b"")
        except (InvalidTag, ValueError):
            return [event]
        return [self.message_event(item, plain)]


@register("zero-key")
class ZeroKey(Mutant):
    """Seals everything under an all-zero room/chat key (arthas, eleven): a key generator never seeded.

    After create_chat the chat key in the inner state becomes 32 zero bytes
    (export, edit, restart, import), so every message, share code and wrap
    carries the zero key and the relay can read everything.
    Caught by: interop/arthas/impl-creates (key freshness).
    """

    def after(self, req, resp):
        if not req or req.get("method") != "create_chat" or "result" not in resp:
            return
        doc = self.state()
        chat = request_params(req).get("chat")
        for c in doc.get("chats", []):
            if c.get("id") == chat and isinstance(c.get("key"), str):
                c["key"] = b64url_encode(bytes(32))
                self.restart_with(doc)
                return


@register("key-in-body")
class KeyInBody(Mutant):
    """Sends the content key to the relay inside every message body (a leftover debug field `key`).

    The key is the arthas room key, the eleven chat key, or the hardened epoch
    key the message is sealed under.
    Caught by: interop/<preset>/impl-creates or -joins (canary, or the peer
    refuses the unknown body field).
    """

    def on_request(self, req, line):
        self.key = None
        if req and req.get("method") == "send":
            self.key = self.content_key(request_params(req).get("chat"))
        return line

    def on_event(self, req, event):
        if self.key is not None and event.get("event") == "transmit":
            frame = frame_of(event["data"]["bytes_b64"])
            if frame and frame.get("t") == "send" and isinstance(frame.get("body"), dict):
                frame["body"]["key"] = b64url_encode(self.key)
                event["data"]["bytes_b64"] = frame_b64(frame)
        return [event]


@register("never-acks")
class NeverAcks(Mutant):
    """Never acks delivered items (the ack frame is dropped), so the relay mailbox never drains.

    Caught by: interop/* (mailbox not drained), event/duplicate/*.
    """

    def on_event(self, req, event):
        if event.get("event") == "transmit":
            frame = frame_of(event["data"]["bytes_b64"])
            if frame and frame.get("t") == "ack":
                return []
        return [event]


@register("forgets-processed-ids")
class ForgetsProcessedIds(Mutant):
    """Does not restore its processed item ids on import_state (they were never persisted).

    Caught by: state/arthas/processed-ids (and eleven, hardened).
    """

    def on_request(self, req, line):
        if req and req.get("method") == "import_state":
            params = request_params(req)
            try:
                doc = json.loads(b64url_decode(params["state_b64"]))
                doc["seen"] = []
                params["state_b64"] = b64url_encode(dump(doc).encode("utf-8"))
                return dump(req)
            except (KeyError, TypeError, ValueError):
                pass
        return line


@register("no-duplicate-event")
class NoDuplicateEvent(Mutant):
    """Drops an already-processed item silently instead of raising the `duplicate` event.

    Caught by: event/duplicate/<preset>.
    """

    def on_event(self, req, event):
        return [] if event.get("event") == "duplicate" else [event]


def is_request(req):
    return (req is not None and isinstance(req.get("id"), int) and req["id"] >= 0
            and isinstance(req.get("method"), str))


@register("ignores-bad-lines")
class IgnoresBadLines(Mutant):
    """Gives no answer to a line that is not a request (bad JSON, not an object, no id).

    Caught by: contract/malformed-line.
    """

    def on_request(self, req, line):
        return line if is_request(req) else None


@register("unknown-method-empty")
class UnknownMethodEmpty(Mutant):
    """Answers `{}` to a method it does not implement (a catch-all handler).

    Caught by: contract/unknown-method.
    """

    def on_request(self, req, line):
        if is_request(req) and self.hello_result is not None:
            if req["method"] not in self.hello_result.get("capabilities", {}).get("methods", []):
                return {"id": req["id"], "result": {}}
        return line


# The parameters of docs/ADAPTER.md §4 with the zero value a lax client defaults them to.
PARAMS = {
    "create_device": {"device": "", "name": "", "preset": ""},
    "register": {}, "fetch": {}, "export_state": {}, "shutdown": {},
    "create_chat": {"chat": ""}, "leave": {"chat": ""}, "share_code": {"chat": ""},
    "create_invite": {"chat": ""}, "members": {"chat": ""},
    "add_member": {"chat": "", "device": ""}, "remove_member": {"chat": "", "device": ""},
    "join_with_share_code": {"code": ""}, "accept_invite": {"link": ""},
    "send": {"chat": "", "plaintext_b64": ""}, "set_typing": {"chat": "", "on": False},
    "deliver": {"bytes_b64": ""}, "import_state": {"state_b64": ""}, "set_clock": {"now_ms": 0},
}


@register("lax-params")
class LaxParams(Mutant):
    """Accepts bad params: drops unknown ones, defaults missing ones, coerces wrong types.

    Caught by: contract/bad-params.
    """

    def on_request(self, req, line):
        if not is_request(req) or req["method"] not in PARAMS:
            return line
        given = request_params(req)
        fixed = {}
        for name, zero in PARAMS[req["method"]].items():
            value = given.get(name, zero)
            if not isinstance(value, type(zero)) or isinstance(value, bool) != isinstance(zero, bool):
                try:
                    value = type(zero)(value)
                except (TypeError, ValueError):
                    value = zero
            fixed[name] = value
        return dump({"id": req["id"], "method": req["method"], "params": fixed})


@register("clock-unsupported")
class ClockUnsupported(Mutant):
    """Declares the `clock` hook but answers set_clock `unsupported` (a hook list copied from a template).

    Caught by: every item that sets the clock must FAIL cleanly (engine exit 1,
    not 3, not a signal).
    """

    def on_request(self, req, line):
        if is_request(req) and req["method"] == "set_clock":
            return {"id": req["id"], "error": {"code": "unsupported", "message": "no clock here"}}
        return line


def padded(b64):
    return b64 + "=" * (-len(b64) % 4)


@register("padded-base64")
class PaddedBase64(Mutant):
    """Writes padded base64url in events (Python's urlsafe_b64encode without the strip).

    Caught by: any item, as a clean failure or harness error naming the adapter;
    never engine exit 134 / SIGABRT.
    """

    def on_event(self, req, event):
        data = event.get("data", {})
        for field in ("bytes_b64", "plaintext_b64"):
            if isinstance(data.get(field), str):
                data[field] = padded(data[field])
        return [event]


@register("late-events")
class LateEvents(Mutant):
    """Writes a request's events after its response (events queued on another thread).

    Caught by: contract/completion.
    """

    def emit(self, req, events, resp):
        self.write(resp)
        for e in events:
            self.write(e)


@register("exit1-on-eof")
class ExitOneOnEof(Mutant):
    """Exits 1 on end of input (treats a closed stdin as an error).

    Caught by: contract/end-of-input.
    """

    def on_end_of_input(self):
        return 1


@register("plaintext-cmid")
class PlaintextCmid(Mutant):
    """Uses the base64url of the message's first bytes as the cmid (a readable idempotency key): plaintext reaches the relay.

    The cmid is the text's first 42 bytes in base64url, then the client's own
    cmid to keep it unique. The body is untouched, so reference peers still
    read the message; the relay's `sent` answer is mapped back.
    Caught by: interop/* canary (plaintext in a frame to the relay).
    """

    def __init__(self, argv):
        super().__init__(argv)
        self.renamed = {}

    def on_request(self, req, line):
        self.text = None
        params = request_params(req)
        if is_request(req) and req["method"] == "send":
            try:
                self.text = b64url_decode(params["plaintext_b64"])
            except (KeyError, TypeError, ValueError):
                pass
        if is_request(req) and req["method"] == "deliver":
            frame = frame_of(params.get("bytes_b64", ""))
            if frame and frame.get("t") == "sent" and frame.get("cmid") in self.renamed:
                frame["cmid"] = self.renamed[frame["cmid"]]
                params["bytes_b64"] = frame_b64(frame)
                return dump(req)
        return line

    def on_event(self, req, event):
        if self.text is not None and event.get("event") == "transmit":
            frame = frame_of(event["data"]["bytes_b64"])
            if frame and frame.get("t") == "send":
                new = f"{b64url_encode(self.text[:42])}-{frame['cmid']}"[:64]
                self.renamed[new] = frame["cmid"]
                frame["cmid"] = new
                event["data"]["bytes_b64"] = frame_b64(frame)
        return [event]


@register("state-as-internal")
class StateAsInternal(Mutant):
    """Answers `internal` instead of `state` for a call in the wrong state (one catch-all error code).

    Caught by: contract/wrong-state.
    """

    def on_response(self, req, resp):
        if resp.get("error", {}).get("code") == "state":
            resp["error"]["code"] = "internal"
        return resp


GUARD_FORMAT = "e2eproof-gate-replay-guard/1"


@register("replay-guard")
class ReplayGuard(DeliverAware):
    """STRICTER: an arthas client that refuses a replayed message (same iv and ciphertext already shown in that room).

    The refusal is a `rejected` event with reason `replay`. What it has shown
    survives restarts: its exported state wraps the inner one with the
    fingerprints. Must PASS every item it runs, including
    property/delivery/replay-shown-again/arthas (stronger than the document).
    """

    def __init__(self, argv):
        super().__init__(argv)
        self.shown = set()

    def fingerprint(self, item):
        iv, ct = self.body_bytes(item)
        if iv is None:
            return None
        chat = item["chat"].encode("utf-8")
        return hashlib.sha256(len(chat).to_bytes(4, "big") + chat + iv + ct).hexdigest()

    def on_request(self, req, line):
        line = super().on_request(req, line)
        if is_request(req) and req["method"] == "import_state":
            params = request_params(req)
            try:
                doc = json.loads(b64url_decode(params["state_b64"]))
            except (KeyError, TypeError, ValueError):
                doc = None
            if isinstance(doc, dict) and doc.get("format") == GUARD_FORMAT:
                self.shown = set(doc["shown"])
                params["state_b64"] = doc["inner"]
                return dump(req)
        return line

    def on_event(self, req, event):
        if event.get("event") != "message" or self.preset_name() != "arthas":
            return [event]
        item = self.item_for_message(event)
        fp = self.fingerprint(item) if item is not None else None
        if fp is None:
            return [event]
        if fp in self.shown:
            return [{"event": "rejected", "data": {"chat": item["chat"], "from": item["from"],
                                                   "item": item["id"], "reason": "replay",
                                                   "detail": "E2E_ERR_REPLAY"}}]
        self.shown.add(fp)
        return [event]

    def preset_name(self):
        if not hasattr(self, "_preset"):
            self._preset = self.state().get("preset")
        return self._preset

    def on_response(self, req, resp):
        if is_request(req) and req["method"] == "export_state" and "result" in resp:
            doc = {"format": GUARD_FORMAT, "inner": resp["result"]["state_b64"],
                   "shown": sorted(self.shown)}
            resp["result"]["state_b64"] = b64url_encode(dump(doc).encode("utf-8"))
        return resp
