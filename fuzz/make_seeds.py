#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/ from hand-written inputs and the
committed vectors (vectors/frames, vectors/share_code). Deterministic; run from
anywhere:  python3 fuzz/make_seeds.py
Files named regression-* (reproducers of past findings) are never touched."""
import base64
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def write(target: str, seeds: dict) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    for old in d.iterdir():
        if not old.name.startswith("regression-"):
            old.unlink()
    for name, data in seeds.items():
        if isinstance(data, str):
            data = data.encode()
        assert len(data) < 4096, name
        (d / name).write_bytes(data)
    assert len(list(d.iterdir())) < 100, target


def load(family: str) -> dict:
    return json.loads((ROOT / "vectors" / family / f"{family}.json").read_text())


# ---- base64url: encodings and share codes ----------------------------------
b64 = {
    "empty": "",
    "b64-1byte": "AA", "b64-2bytes": "AAA", "b64-3bytes": "AAAA",
    "b64-alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    "b64-noncanonical": "AB", "b64-padded": "AA==", "b64-std-alphabet": "+/+/",
    "b64-len-1mod4": "AAAAA", "b64-32bytes": b64url(bytes(range(32))),
    "b64-65bytes": b64url(bytes(range(65))),
    "hex-lower": "00ff10ab", "hex-upper": "DEADBEEF", "hex-odd": "abc",
}
for t in load("share_code")["testGroups"][0]["tests"]:
    b64[f"share-{t['tcId']:02d}-{t['result']}"] = t["code"]
write("base64url", b64)

# ---- frame: every frame vector, both directions -----------------------------
frames = {}
for g in load("frames")["testGroups"]:
    for t in g["tests"]:
        frames[f"{g['direction']}-{t['tcId']:02d}-{t['result']}"] = t["frame"]
frames["nested-body"] = ('{"v":1,"t":"send","rid":3,"chat":"g","cmid":"m1",'
                         '"body":{"a":[1,-2,3.5,1e300,true,null,{"b":"\\u00e9\\ud83d\\ude00"}]}}')
frames["deep-body"] = '{"v":1,"t":"send","rid":3,"chat":"g","cmid":"m1","body":' + '{"a":' * 7 + "1" + "}" * 8
frames["ws-reordered"] = ' { "rid" : 5 , "t" : "join" , "chat" : "c" , "v" : 1 } '
write("frame", frames)

# ---- adapter_line: request lines --------------------------------------------
hello = ('{"id":1,"method":"hello","params":{"protocol":"e2eproof-adapter",'
         '"versions":[{"major":1,"minor_min":0}],"device":"bob","seed":"7","suite":"fuzz"}}')
create = '{"id":2,"method":"create_device","params":{"device":"bob","name":"Bob","preset":"%s"}}'
deliver_frames = [t["frame"] for g in load("frames")["testGroups"] if g["direction"] == "relay"
                  for t in g["tests"] if t["result"] == "valid"]
ops = [
    '{"id":3,"method":"register","params":{}}',
    '{"id":4,"method":"set_clock","params":{"now_ms":1700000000000}}',
    '{"id":5,"method":"create_chat","params":{"chat":"g"}}',
    '{"id":6,"method":"add_member","params":{"chat":"g","device":"carol"}}',
    '{"id":7,"method":"send","params":{"chat":"g","plaintext_b64":"aGk"}}',
    '{"id":8,"method":"share_code","params":{"chat":"g"}}',
    '{"id":9,"method":"create_invite","params":{"chat":"g"}}',
    '{"id":10,"method":"members","params":{"chat":"g"}}',
    '{"id":11,"method":"set_typing","params":{"chat":"g","on":true}}',
    '{"id":12,"method":"fetch","params":{}}',
    '{"id":13,"method":"export_state","params":{}}',
    '{"id":14,"method":"leave","params":{"chat":"g"}}',
    '{"id":15,"method":"remove_member","params":{"chat":"g","device":"carol"}}',
    '{"id":16,"method":"join_with_share_code","params":{"code":"room1:hay7NR7OvTWu5zaDYiySNoCTdwIZ2_3oPaNHftvivIw"}}',
    '{"id":17,"method":"accept_invite","params":{"link":"x"}}',
    '{"id":18,"method":"import_state","params":{"state_b64":"e30"}}',
    '{"id":19,"method":"shutdown","params":{}}',
]
adapter = {
    "empty": "", "not-json": "hello", "array": "[1,2]", "no-method": '{"id":1}',
    "id-null": '{"id":null,"method":"hello"}', "id-negative": '{"id":-1,"method":"hello"}',
    "id-float": '{"id":1.0,"method":"hello"}', "id-u64max": '{"id":18446744073709551615,"method":"x"}',
    "dup-key": '{"id":1,"id":2,"method":"hello"}', "extra-field": '{"id":1,"method":"hello","x":0}',
    "params-array": '{"id":1,"method":"hello","params":[]}', "bom": "\ufeff" + '{"id":1,"method":"hello"}',
    "unknown-method": '{"id":1,"method":"frobnicate","params":{}}',
    "deep": '{"id":1,"method":"hello","params":' + '{"a":' * 70 + "1" + "}" * 71,
    "hello-only": hello, "hello-bad-version": hello.replace('"major":1', '"major":9'),
    "op-before-hello": ops[0],
    "raw-session": "\n".join([hello, create % "arthas"] + ops[:8]),
}
presets = ["arthas", "eleven", "hardened"]
# First byte 0x01..0x03: the fuzzer runs hello + create_device(preset) first.
for i, p in enumerate(presets):
    sel = bytes([1 + i])
    adapter[f"prefixed-{p}-ops"] = sel + "\n".join(ops[:13]).encode()
    adapter[f"prefixed-{p}-deliver"] = sel + "\n".join(
        '{"id":%d,"method":"deliver","params":{"bytes_b64":"%s"}}' % (20 + k, b64url(f.encode()))
        for k, f in enumerate(deliver_frames)).encode()
    adapter[f"prefixed-{p}-shutdown-then-more"] = sel + "\n".join([ops[-1], ops[0]]).encode()
write("adapter_line", adapter)


# ---- adapter_engine: what an adapter writes, for the engine's fixed session --
# (hello, create_device, register, create_chat, send, deliver, fetch, members,
# share_code, create_invite, export_state), one answer after another.
client_frames = {t["comment"]: t["frame"] for g in load("frames")["testGroups"] if g["direction"] == "client"
                 for t in g["tests"] if t["result"] == "valid"}


def jl(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))


def transmit(kind: str) -> str:
    return jl({"event": "transmit", "data": {"to": "relay", "bytes_b64": b64url(client_frames[kind].encode())}})


def ok(i: int, result=None) -> str:
    return jl({"id": i, "result": result if result is not None else {}})


every_event = [
    {"event": "message", "data": {"chat": "g", "sender": "alice", "plaintext_b64": "aGk", "flags": ["unsigned"]}},
    {"event": "rejected", "data": {"chat": "g", "from": "alice", "item": 3, "reason": "replay",
                                   "detail": "E2E_ERR_REPLAY"}},
    {"event": "roster_changed", "data": {"chat": "g", "op": "add", "device": "carol", "by": "alice"}},
    {"event": "roster_rejected", "data": {"chat": "g", "from": "mallory", "reason": "other", "detail": "mine"}},
    {"event": "key_changed", "data": {"device": "alice", "chat": ""}},
    {"event": "duplicate", "data": {"chat": "g", "item": 3}},
    {"event": "gap", "data": {"chat": "g", "sender": "alice", "expected": 4, "got": 6}},
    {"event": "typing", "data": {"chat": "g", "from": "alice", "on": True}},
    {"event": "request_failed", "data": {"rid": 9, "code": "E2E_ERR_STATE", "detail": "not a member"}},
]
hello_result = {"version": {"major": 1, "minor": 2}, "implementation": {"name": "fuzz", "version": "0"},
                "capabilities": {"presets": ["arthas"], "hooks": ["clock", "state_export", "state_import"],
                                 "methods": ["hello", "vector"], "vectors": ["frames"]}}
good = [
    ok(1, hello_result),
    ok(2, {"dh_public_b64": "BA", "sig_public_b64": "AA"}),
    transmit("register"), ok(3),
    transmit("create_chat"), ok(4),
    transmit("send"), ok(5),
    *[jl(e) for e in every_event], ok(6),
    transmit("fetch"), transmit("ack"), ok(7),
    ok(8, {"members": ["alice", "bob"]}),
    ok(9, {"code": "room1:hay7NR7OvTWu5zaDYiySNoCTdwIZ2_3oPaNHftvivIw"}),
    transmit("invite"), ok(10, {"link": "e2eproof://invite/x"}),
    ok(11, {"state_b64": "e30"}),
]


def session(replace_at: int, line: str) -> str:
    lines = list(good)
    lines[replace_at] = line
    return "\n".join(lines)


padded = jl({"event": "transmit", "data": {"to": "relay", "bytes_b64": b64url(client_frames["register"].encode()) + "="}})
engine = {
    "good-session": "\n".join(good),
    "empty": "",
    "hello-major-2": session(0, ok(1, dict(hello_result, version={"major": 2, "minor": 0}))),
    "hello-no-caps": session(0, ok(1, {"version": {"major": 1, "minor": 0}})),
    "hello-caps-mistyped": session(0, ok(1, {"version": {"major": 1, "minor": 0}, "capabilities": {"hooks": [1, None]}})),
    "hello-error": session(0, jl({"id": 1, "error": {"code": "unsupported", "message": "adapter incompatible"}})),
    "padded-transmit": session(2, padded),
    "wrong-id": session(3, ok(99)),
    "id-null-error": session(3, jl({"id": None, "error": {"code": "invalid_params", "message": "bad line"}})),
    "error-response": session(3, jl({"id": 3, "error": {"code": "rejected", "reason": "replay", "message": "x"}})),
    "error-outside-contract": session(3, jl({"id": 3, "error": {"code": "nope"}})),
    "result-not-object": session(3, jl({"id": 3, "result": []})),
    "extra-top-level": session(3, jl({"id": 3, "result": {}, "x": 1})),
    "unknown-event": session(2, jl({"event": "confetti", "data": {}})),
    "event-extra-field": session(2, jl({"event": "typing", "data": {"chat": "g", "from": "a", "on": True, "x": 1}})),
    "long-line": session(2, jl({"event": "transmit", "data": {"to": "relay", "bytes_b64": "A" * 1000 + "="}})),
    "not-utf8": session(2, '{"event":"typing","data":{"chat":"\xff","from":"a","on":true}}'),
    "deep": session(2, '{"event":' + "[" * 70 + "]" * 70 + "}"),
    "not-json": session(2, "hello there"),
    "members-not-strings": session(good.index(ok(8, {"members": ["alice", "bob"]})), ok(8, {"members": ["a", 5]})),
    "state-not-string": session(len(good) - 1, ok(11, {"state_b64": 5})),
}
# A raw 0xff byte (Python would write U+00FF as valid UTF-8).
engine["not-utf8"] = engine["not-utf8"].encode().replace("\u00ff".encode(), b"\xff")
write("adapter_engine", engine)
