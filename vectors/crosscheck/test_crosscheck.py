"""Independent cross-check of our vector families (vectors/<family>/*.json).

Every case is recomputed FROM docs/PROTOCOL.md (sections 5, 6 and 8) with
Python's `cryptography` package, never by calling e2eproof: positive cases must
reproduce every output exactly; negative cases must fail here too, with the
error code the vector names. Run: /usr/bin/python3 -m pytest -q vectors/crosscheck
"""
import base64
import copy
import glob
import hashlib
import hmac
import json
import os
import re

import pytest
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VECTORS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --- section 5: building blocks ---------------------------------------------------


def lp(x):
    return len(x).to_bytes(4, "big") + x


def u64(n):
    return n.to_bytes(8, "big")


def hkdf(ikm, salt, info, n):
    return HKDF(algorithm=hashes.SHA256(), length=n, salt=salt or None, info=info).derive(ikm)


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


class ProtoError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


DECODE = "E2E_ERR_DECODE"
AUTH = "E2E_ERR_AUTH_FAILED"
INVALID_KEY = "E2E_ERR_INVALID_KEY"

# \Z, not $: '$' also matches before a trailing newline, which would let "id\n" through.
B64_RE = re.compile(r"^[A-Za-z0-9_-]*\Z")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")


def b64d(s):
    """PROTO-FRAME-04: unpadded base64url, one canonical spelling."""
    if not isinstance(s, str) or not B64_RE.match(s) or len(s) % 4 == 1:
        raise ProtoError(DECODE)
    b = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    if b64e(b) != s:
        raise ProtoError(DECODE)
    return b


LABEL_ELEVEN_WRAP = b"e2eproof/v1/eleven/wrap"
LABEL_HARD_WRAP = b"e2eproof/v1/hardened/wrap"
LABEL_SENDER = b"e2eproof/v1/hardened/sender"
LABEL_ENC = b"e2eproof/v1/hardened/enc"
LABEL_COMMIT = b"e2eproof/v1/hardened/commit"
LABEL_MSG = b"e2eproof/v1/hardened/msg"


def p256_private(scalar):
    return ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())


def p256_public_bytes(key):
    if isinstance(key, ec.EllipticCurvePrivateKey):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def p256_point(data):
    """Wire form only: 65 bytes 04||x||y on the curve (PROTO-WRAP-01)."""
    if len(data) != 65 or data[0] != 4:
        raise ProtoError(INVALID_KEY)
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
    except ValueError:
        raise ProtoError(INVALID_KEY)


def ecies_wrap(recipient_pub, eph_priv, iv, key, label, ctx):
    E = p256_public_bytes(eph_priv)
    R = p256_public_bytes(recipient_pub)
    z = eph_priv.exchange(ec.ECDH(), recipient_pub)
    kw = hkdf(z, E + R, label, 32)
    return E, AESGCM(kw).encrypt(iv, key, ctx)


def ecies_unwrap(recipient_priv, eph, iv, ct, label, ctx):
    E = p256_point(eph)
    R = p256_public_bytes(recipient_priv.public_key())
    z = recipient_priv.exchange(ec.ECDH(), E)
    kw = hkdf(z, eph + R, label, 32)
    if len(iv) != 12:
        raise ProtoError(AUTH)
    try:
        return AESGCM(kw).decrypt(iv, ct, ctx)
    except InvalidTag:
        raise ProtoError(AUTH)


# --- PROTO-HARD-06: padding ---------------------------------------------------------
BUCKETS = [256, 1024, 4096, 16384, 65536]


def pad(x):
    for b in BUCKETS:
        if len(x) + 1 <= b:
            return x + b"\x80" + b"\x00" * (b - len(x) - 1)
    raise ProtoError("E2E_ERR_LIMIT")


def unpad(p):
    if len(p) not in BUCKETS:
        raise ProtoError(DECODE)
    s = p.rstrip(b"\x00")
    if not s or s[-1] != 0x80:
        raise ProtoError(DECODE)
    return s[:-1]


# --- PROTO-ARTHAS-01: share codes ----------------------------------------------------


def parse_share_code(code):
    if ":" not in code:
        raise ProtoError(DECODE)
    room, key = code.split(":", 1)
    if not ID_RE.match(room) or len(key) != 43:
        raise ProtoError(DECODE)
    k = b64d(key)
    if len(k) != 32:
        raise ProtoError(DECODE)
    return room, k


# --- PROTO-ELEVEN-03: invite links ----------------------------------------------------


def parse_invite_link(link):
    """{chat}#{base64url(s)}: exactly one '#', a chat id, s exactly 43 characters / 32 bytes."""
    if link.count("#") != 1:
        raise ProtoError(DECODE)
    chat, secret = link.split("#")
    if not ID_RE.match(chat) or len(secret) != 43:
        raise ProtoError(DECODE)
    s = b64d(secret)
    if len(s) != 32:
        raise ProtoError(DECODE)
    return chat, s


# --- section 8.3: hardened --------------------------------------------------------------


def sender_info(chat, sender, epoch):
    return LABEL_SENDER + lp(chat.encode()) + lp(sender.encode()) + u64(epoch)


def hardened_keys(ek, chat, sender, epoch):
    sk = hkdf(ek, b"", sender_info(chat, sender, epoch), 32)
    return sk, hkdf(sk, b"", LABEL_ENC, 32), hkdf(sk, b"", LABEL_COMMIT, 32)


def hardened_aad(chat, sender, epoch, ctr, mid):
    return LABEL_MSG + lp(chat.encode()) + lp(sender.encode()) + u64(epoch) + u64(ctr) + mid


def compact(payload):
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()


def hardened_seal(ek, chat, sender, epoch, ctr, mid, iv, payload, seed):
    _, enc, ck = hardened_keys(ek, chat, sender, epoch)
    aad = hardened_aad(chat, sender, epoch, ctr, mid)
    commit = hmac.new(ck, iv + aad, hashlib.sha256).digest()
    ct = AESGCM(enc).encrypt(iv, pad(compact(payload)), aad)
    s = ed25519.Ed25519PrivateKey.from_private_bytes(seed).sign(aad + iv + commit + ct)
    return {"epoch": epoch, "ctr": ctr, "mid": b64e(mid), "iv": b64e(iv), "commit": b64e(commit),
            "ciphertext": b64e(ct), "s": b64e(s)}


MAX_INT = 2 ** 53 - 1


def read_uint(body, k):
    v = body[k]
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_INT:
        raise ProtoError(DECODE)
    return v


def read_b64(body, k, n=None, minimum=0):
    b = b64d(body[k])
    if (n is not None and len(b) != n) or len(b) < minimum:
        raise ProtoError(DECODE)
    return b


def hardened_open(ek, body, chat, sender, sender_pub):
    """PROTO-HARD-02/03 in the spec's order; returns the payload or raises ProtoError."""
    if not isinstance(body, dict) or set(body) != {"epoch", "ctr", "mid", "iv", "commit", "ciphertext", "s"}:
        raise ProtoError(DECODE)
    epoch, ctr = read_uint(body, "epoch"), read_uint(body, "ctr")
    mid, iv = read_b64(body, "mid", 16), read_b64(body, "iv", 12)
    commit, s = read_b64(body, "commit", 32), read_b64(body, "s", 64)
    ct = read_b64(body, "ciphertext", minimum=16)
    aad = hardened_aad(chat, sender, epoch, ctr, mid)
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(sender_pub).verify(s, aad + iv + commit + ct)
    except InvalidSignature:
        raise ProtoError(AUTH)
    _, enc, ck = hardened_keys(ek, chat, sender, epoch)
    if not hmac.compare_digest(hmac.new(ck, iv + aad, hashlib.sha256).digest(), commit):
        raise ProtoError(AUTH)
    try:
        padded = AESGCM(enc).decrypt(iv, ct, aad)
    except InvalidTag:
        raise ProtoError(AUTH)
    raw = unpad(padded)
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtoError(DECODE)
    ok = isinstance(payload, dict) and len(payload) == 1 and (
        (isinstance(payload.get("text"), str)) or isinstance(payload.get("typing"), bool))
    if not ok:
        raise ProtoError(DECODE)
    return payload


# --- section 6: signed roster operations ------------------------------------------------
ROSTER_FIELDS = ["chat", "seq", "prev", "op", "device", "dh", "sig", "by", "s"]


def roster_signed_bytes(o):
    return (b"e2eproof/v1/roster" + lp(o["chat"].encode()) + u64(o["seq"]) + o["prev"] +
            lp(o["op"].encode()) + lp(o["device"].encode()) + o["dh"] + o["sig"] + lp(o["by"].encode()))


def roster_encode(o):
    j = {"chat": o["chat"], "seq": o["seq"], "prev": b64e(o["prev"]), "op": o["op"], "device": o["device"],
         "dh": b64e(o["dh"]), "sig": b64e(o["sig"]), "by": o["by"], "s": b64e(o["s"])}
    return json.dumps(j, separators=(",", ":"))  # field order of section 6


def roster_decode(text):
    try:
        j = json.loads(text)
    except ValueError:
        raise ProtoError(DECODE)
    if not isinstance(j, dict) or set(j) != set(ROSTER_FIELDS):
        raise ProtoError(DECODE)
    for k in ("chat", "device", "by"):
        if not isinstance(j[k], str) or not ID_RE.match(j[k]):
            raise ProtoError(DECODE)
    if j["op"] not in ("create", "add", "remove"):
        raise ProtoError(DECODE)
    return {"chat": j["chat"], "seq": read_uint(j, "seq"), "prev": read_b64(j, "prev", 32), "op": j["op"],
            "device": j["device"], "dh": read_b64(j, "dh", 65), "sig": read_b64(j, "sig", 32), "by": j["by"],
            "s": read_b64(j, "s", 64)}


def roster_verify(o, pub):
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(pub).verify(o["s"], roster_signed_bytes(o))
    except InvalidSignature:
        raise ProtoError(AUTH)


# --- sections 2-4: frames -----------------------------------------------------------------
# Field tables of sections 3 and 4: name -> (kind, required). Kinds: int, id, str, name,
# bool, obj, b64:N (exact length), b64 (any), ids (list of ids), ints (list of ints), enum:a|b.
F = {
    "client": {
        "register": {"rid": ("int", 1), "name": ("name", 1), "dh": ("b64:65", 1), "sig": ("b64:32", 1)},
        "lookup": {"rid": ("int", 1), "devices": ("ids:256", 1)},
        "create_chat": {"rid": ("int", 1), "chat": ("id", 1), "admin": ("b64:32", 0)},
        "join": {"rid": ("int", 1), "chat": ("id", 1)},
        "leave": {"rid": ("int", 1), "chat": ("id", 1)},
        "member": {"rid": ("int", 1), "chat": ("id", 1), "op": ("enum:add|remove", 1), "device": ("id", 1),
                   "cred": ("b64", 0), "signed": ("b64", 0)},
        "invite": {"rid": ("int", 1), "chat": ("id", 1), "hash": ("b64:32", 1), "cred": ("b64", 1)},
        "redeem": {"rid": ("int", 1), "chat": ("id", 1), "hash": ("b64:32", 1)},
        "send": {"rid": ("int", 1), "chat": ("id", 1), "cmid": ("id", 1), "body": ("obj", 1)},
        "direct": {"rid": ("int", 1), "chat": ("id", 1), "cmid": ("id", 1), "to": ("id", 1), "body": ("obj", 1)},
        "ack": {"rid": ("int", 1), "ids": ("ints:1024", 1)},
        "fetch": {"rid": ("int", 1)},
        "typing": {"chat": ("id", 1), "on": ("bool", 1)},
    },
    "relay": {
        "ok": {"rid": ("int", 1)},
        "error": {"rid": ("int", 0), "code": ("str", 1), "detail": ("str", 1)},
        "keys": {"rid": ("int", 1), "entries": ("entries", 1), "missing": ("ids:256", 1)},
        "sent": {"rid": ("int", 1), "cmid": ("id", 1), "ids": ("ints:1024", 1)},
        "deliver": {"id": ("int", 1), "chat": ("id", 1), "from": ("id", 1), "ts": ("int", 1),
                    "kind": ("enum:msg|direct|roster", 1), "body": ("obj", 0),
                    "op": ("enum:create|add|remove", 0), "device": ("id", 0), "signed": ("b64", 0)},
        "typing": {"chat": ("id", 1), "from": ("id", 1), "on": ("bool", 1)},
    },
}
ENTRY = {"device": ("id", 1), "name": ("name", 1), "dh": ("b64:65", 1), "sig": ("b64:32", 1)}


def check_value(kind, v):
    bad = ProtoError(DECODE)
    if kind == "int":
        read_uint({"x": v}, "x")
    elif kind == "id":
        if not isinstance(v, str) or not ID_RE.match(v):
            raise bad
    elif kind == "str":
        if not isinstance(v, str):
            raise bad
    elif kind == "name":
        if (not isinstance(v, str) or not 1 <= len(v.encode()) <= 64 or
                any(ord(c) < 0x20 or ord(c) == 0x7f for c in v)):
            raise bad
    elif kind == "bool":
        if not isinstance(v, bool):
            raise bad
    elif kind == "obj":
        if not isinstance(v, dict):
            raise bad
    elif kind.startswith("b64"):
        b = b64d(v)
        if ":" in kind and len(b) != int(kind.split(":")[1]):
            raise bad
    elif kind.startswith("enum:"):
        if v not in kind[5:].split("|"):
            raise bad
    elif kind.startswith("ids:") or kind.startswith("ints:"):
        if not isinstance(v, list):
            raise bad
        if len(v) > int(kind.split(":")[1]):
            raise ProtoError("E2E_ERR_LIMIT")
        for e in v:
            check_value("id" if kind.startswith("ids") else "int", e)
    elif kind == "entries":
        if not isinstance(v, list):
            raise bad
        for e in v:
            check_fields(e, ENTRY)
    else:
        raise AssertionError(kind)


def check_fields(obj, table):
    if not isinstance(obj, dict):
        raise ProtoError(DECODE)
    for k in obj:
        if k not in table:
            raise ProtoError(DECODE)
    for k, (kind, required) in table.items():
        if k not in obj:
            if required:
                raise ProtoError(DECODE)
            continue
        check_value(kind, obj[k])


def parse_frame(direction, text):
    """PROTO-FRAME-01..07; returns the parsed object."""
    if len(text.encode()) > 262144:
        raise ProtoError("E2E_ERR_LIMIT")
    try:
        j = json.loads(text)
    except ValueError:
        raise ProtoError(DECODE)
    if not isinstance(j, dict) or "v" not in j or "t" not in j:
        raise ProtoError(DECODE)
    if isinstance(j["v"], bool) or not isinstance(j["v"], int):
        raise ProtoError(DECODE)
    if j["v"] != 1:
        raise ProtoError("E2E_ERR_UNSUPPORTED")
    if not isinstance(j["t"], str) or j["t"] not in F[direction]:
        raise ProtoError(DECODE)
    rest = {k: v for k, v in j.items() if k not in ("v", "t")}
    check_fields(rest, F[direction][j["t"]])
    if j["t"] == "deliver":
        roster = j["kind"] == "roster"
        if roster != ("body" not in j) or roster != ("op" in j and "device" in j):
            raise ProtoError(DECODE)
        if not roster and "signed" in j:
            raise ProtoError(DECODE)
    return j


# --- per-family checks: return None when the case behaves as its vector says, else why ----


def h(t, k):
    return bytes.fromhex(t[k])


def run(fn):
    """Runs a construction: ('ok', value) or ('err', code)."""
    try:
        return "ok", fn()
    except ProtoError as e:
        return "err", e.code


def check_hkdf(g, t):
    label = g["label"].encode()
    c = g["construction"]
    want_info, want_salt = label, b""
    if c == "hardened_sender":
        want_info = sender_info(t["chat"], t["sender"], t["epoch"])
    elif c == "ecies_kw":
        want_salt = h(t, "eph") + h(t, "recipient")
    ok = (h(t, "info") == want_info and h(t, "salt") == want_salt and
          hkdf(h(t, "ikm"), want_salt, want_info, t["size"]) == h(t, "okm"))
    return "ok" if ok else "err", None


def check_padding(g, t):
    if g["op"] == "pad":
        st, v = run(lambda: pad(h(t, "msg")))
        if st == "ok" and t["result"] == "valid" and (v != h(t, "padded") or unpad(v) != h(t, "msg")):
            return "mismatch", "padded"
        return st, v
    st, v = run(lambda: unpad(h(t, "padded")))
    if st == "ok" and t["result"] == "valid" and v != h(t, "msg"):
        return "mismatch", "msg"
    return st, v


def check_share(g, t):
    st, v = run(lambda: parse_share_code(t["code"]))
    if st == "ok" and t["result"] == "valid":
        room, key = v
        if room != t["room"] or key != h(t, "key") or room + ":" + b64e(key) != t["code"]:
            return "mismatch", "room/key"
    return st, v


def check_invites(g, t):
    st, v = run(lambda: parse_invite_link(t["link"]))
    if st == "ok" and t["result"] == "valid":
        chat, secret = v
        if (chat != t["chat"] or secret != h(t, "secret") or hashlib.sha256(secret).digest() != h(t, "hash")
                or chat + "#" + b64e(secret) != t["link"]):
            return "mismatch", "chat/secret/hash/link"
    return st, v


def check_ecies(g, t):
    label = g["label"].encode()
    r = p256_private(h(t, "recipientPrivate"))
    if t["result"] == "valid":
        E, ct = ecies_wrap(r.public_key(), p256_private(h(t, "ephPrivate")), h(t, "iv"), h(t, "key"),
                           label, h(t, "ctx"))
        if E != h(t, "eph") or ct != h(t, "ct"):
            return "mismatch", "eph/ct"
    st, v = run(lambda: ecies_unwrap(r, h(t, "eph"), h(t, "iv"), h(t, "ct"), label, h(t, "ctx")))
    if st == "ok" and t["result"] == "valid" and v != h(t, "key"):
        return "mismatch", "key"
    return st, v


def check_hardened(g, t):
    ek = h(t, "epochKey")
    if t["result"] == "valid":
        body = hardened_seal(ek, t["chat"], t["sender"], t["epoch"], t["ctr"], h(t, "mid"), h(t, "iv"),
                             t["payload"], h(t, "signerSeed"))
        if body != t["body"]:
            return "mismatch", "body"
        pub = ed25519.Ed25519PrivateKey.from_private_bytes(h(t, "signerSeed")).public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    else:
        pub = h(t, "senderPublic")
    st, v = run(lambda: hardened_open(ek, t["body"], t["chat"], t["sender"], pub))
    if st == "ok" and t["result"] == "valid" and v != t["payload"]:
        return "mismatch", "payload"
    return st, v


def check_roster(g, t):
    if t["result"] == "valid":
        o = {"chat": t["chat"], "seq": t["seq"], "prev": h(t, "prev"), "op": t["op"], "device": t["device"],
             "dh": h(t, "dh"), "sig": h(t, "sig"), "by": t["by"]}
        sb = roster_signed_bytes(o)
        key = ed25519.Ed25519PrivateKey.from_private_bytes(h(t, "signerSeed"))
        o["s"] = key.sign(sb)
        if (sb != h(t, "signedBytes") or o["s"] != h(t, "s") or
                hashlib.sha256(sb + o["s"]).digest() != h(t, "hash") or roster_encode(o) != t["encoded"]):
            return "mismatch", "signedBytes/s/hash/encoded"
        pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    else:
        pub = h(t, "signerPublic")

    def decode_and_verify():
        o = roster_decode(t["encoded"])
        roster_verify(o, pub)
        return o
    return run(decode_and_verify)


def check_frames(g, t):
    st, v = run(lambda: parse_frame(g["direction"], t["frame"]))
    # PROTO-FRAME-08: the valid frames are in the compact form, so re-serializing is the identity.
    if st == "ok" and json.dumps(v, separators=(",", ":"), ensure_ascii=False) != t["frame"]:
        return "mismatch", "re-serialized frame"
    return st, v


def aead_body_open(key, body, allowed):
    if not isinstance(body, dict) or not {"iv", "ciphertext"} <= set(body) or not set(body) <= allowed:
        raise ProtoError(DECODE)
    iv = read_b64(body, "iv", 12)
    ct = read_b64(body, "ciphertext", minimum=16)
    sig = read_b64(body, "sig", 64) if "sig" in body else None
    return iv, ct, sig


def aead_open(key, iv, ct):
    try:
        return AESGCM(key).decrypt(iv, ct, b"")
    except InvalidTag:
        raise ProtoError(AUTH)


def arthas_open(key, body, pub):
    """PROTO-ARTHAS-02 and 8.1: sig (when present and a key is known) before decryption."""
    iv, ct, sig = aead_body_open(key, body, {"iv", "ciphertext", "sig"})
    if sig is not None and pub is not None:
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(pub).verify(sig, iv + ct)
        except InvalidSignature:
            raise ProtoError(AUTH)
    try:
        return aead_open(key, iv, ct).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtoError(DECODE)


def check_arthas(g, t):
    key = h(t, "roomKey")
    pub = None
    if t["result"] == "valid":
        iv = h(t, "iv")
        ct = AESGCM(key).encrypt(iv, t["text"].encode(), b"")
        body = {"iv": b64e(iv), "ciphertext": b64e(ct)}
        if "signerSeed" in t:
            k = ed25519.Ed25519PrivateKey.from_private_bytes(h(t, "signerSeed"))
            body["sig"] = b64e(k.sign(iv + ct))
            pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if body != t["body"]:
            return "mismatch", "body"
    elif "senderPublic" in t:
        pub = h(t, "senderPublic")
    st, v = run(lambda: arthas_open(key, t["body"], pub))
    if st == "ok" and t["result"] == "valid" and v != t["text"]:
        return "mismatch", "text"
    return st, v


def eleven_payload_ok(p):
    """PROTO-ELEVEN-02: {"name", "text"|"typing", "files"?: [{"name", "size"}], "push"?}."""
    if not isinstance(p, dict) or "name" not in p or not set(p) <= {"name", "text", "typing", "files", "push"}:
        return False
    if ("text" in p) == ("typing" in p):
        return False
    if not isinstance(p["name"], str) or not 1 <= len(p["name"].encode()) <= 64:
        return False
    if "text" in p and not isinstance(p["text"], str):
        return False
    if "typing" in p and not isinstance(p["typing"], bool):
        return False
    if "push" in p and not isinstance(p["push"], str):
        return False
    for f in p.get("files", []):
        if not isinstance(f, dict) or set(f) != {"name", "size"} or not isinstance(f["name"], str):
            return False
        read_uint(f, "size")
    return isinstance(p.get("files", []), list)


def eleven_open(key, body):
    iv, ct, _ = aead_body_open(key, body, {"iv", "ciphertext"})
    pt = aead_open(key, iv, ct)
    try:
        p = json.loads(pt.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtoError(DECODE)
    if not eleven_payload_ok(p):
        raise ProtoError(DECODE)
    return p


def check_eleven(g, t):
    key = h(t, "chatKey")
    if t["result"] == "valid":
        iv = h(t, "iv")
        ct = AESGCM(key).encrypt(iv, compact(t["payload"]), b"")
        if {"iv": b64e(iv), "ciphertext": b64e(ct)} != t["body"]:
            return "mismatch", "body"
    st, v = run(lambda: eleven_open(key, t["body"]))
    if st == "ok" and t["result"] == "valid" and v != t["payload"]:
        return "mismatch", "payload"
    return st, v


FAMILIES = {
    "hkdf_labels": check_hkdf,
    "padding": check_padding,
    "share_code": check_share,
    "ecies_wrap": check_ecies,
    "envelope_hardened": check_hardened,
    "roster_op": check_roster,
    "frames": check_frames,
    "envelope_arthas": check_arthas,
    "envelope_eleven": check_eleven,
    "invites": check_invites,
}

# Every expected output of a valid case, per family: changing any one of them must make
# the case fail. padding names both fields: each is the output of one op (pad, unpad) and
# the input of the other, and a changed input must change the answer just the same.
OUTPUTS = {
    "hkdf_labels": ("info", "salt", "okm"),
    "padding": ("padded", "msg"),
    "share_code": ("code", "room", "key"),
    "ecies_wrap": ("eph", "ct"),
    "envelope_hardened": ("body",),
    "roster_op": ("signedBytes", "s", "hash", "encoded"),
    "frames": ("frame",),
    "envelope_arthas": ("body",),
    "envelope_eleven": ("body",),
    "invites": ("link", "chat", "secret", "hash"),
}


def family_of(doc):
    m = re.match(r"^e2eproof-vectors/([a-z_]+)@1$", doc["schema"])
    assert m, doc["schema"]
    return m.group(1)


def case_failure(family, g, t):
    """None when the case behaves as the vector says, else a reason."""
    st, v = FAMILIES[family](g, t)
    if t["result"] == "valid":
        return None if st == "ok" else "valid case: %s %s" % (st, v)
    if st == "ok":
        return "invalid case accepted"
    if st == "mismatch":
        return None
    if "error" in t and v is not None and v != t["error"]:
        return "rejected with %s, vector says %s" % (v, t["error"])
    return None


def files():
    out = []
    for fam in FAMILIES:
        out += [p for p in sorted(glob.glob(os.path.join(VECTORS, fam, "*.json"))) if not p.endswith("-new.json")]
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def test_every_family_has_files():
    for fam in FAMILIES:
        assert glob.glob(os.path.join(VECTORS, fam, "*.json")), "no committed vectors for " + fam


@pytest.mark.parametrize("path", files(), ids=os.path.basename)
def test_file(path):
    doc = load(path)
    fam = family_of(doc)
    n, valid, invalid = 0, 0, 0
    failures = []
    for g in doc["testGroups"]:
        for t in g["tests"]:
            n += 1
            valid += t["result"] == "valid"
            invalid += t["result"] == "invalid"
            why = case_failure(fam, g, t)
            if why:
                failures.append("tcId %d (%s): %s" % (t["tcId"], t["comment"], why))
    assert n == doc["numberOfTests"]
    assert valid > 0 and invalid > 0, "a family needs positive and negative cases"
    assert not failures, "\n".join(failures)


def change_one_char(v):
    """Changes one character: the first of a string (to 'b' if it is 'a', else 'a'; "" gets
    "00"), or of the first string found depth-first in sorted key order inside an object.
    Returns the changed value, or None when there is no string to change."""
    if isinstance(v, str):
        return "00" if v == "" else ("b" if v[0] == "a" else "a") + v[1:]
    if isinstance(v, dict):
        for k in sorted(v):
            c = change_one_char(v[k])
            if c is not None:
                return {**v, k: c}
    if isinstance(v, list):
        for i, e in enumerate(v):
            c = change_one_char(e)
            if c is not None:
                return v[:i] + [c] + v[i + 1:]
    return None


@pytest.mark.parametrize("path", files(), ids=os.path.basename)
def test_every_changed_output_fails(path):
    doc = load(path)
    fam = family_of(doc)
    survivors, changed = [], 0
    for g in doc["testGroups"]:
        for t in g["tests"]:
            if t["result"] != "valid":
                continue
            for field in OUTPUTS[fam]:
                assert field in t, "tcId %d has no output %s" % (t["tcId"], field)
                c = change_one_char(t[field])
                assert c is not None and c != t[field], "tcId %d: cannot change %s" % (t["tcId"], field)
                mutated = copy.deepcopy(t)
                mutated[field] = c
                changed += 1
                if case_failure(fam, g, mutated) is None:
                    survivors.append("tcId %d (%s): changed %s still passes" % (t["tcId"], t["comment"], field))
    assert changed > 0, "no valid case to change"
    assert not survivors, "\n".join(survivors)
