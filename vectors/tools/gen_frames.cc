// e2e_vectors_gen, family frames: writes frames/frames-new.json (see gen_common.h).
#include <filesystem>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "crypto/p256.h"
#include "protocol/frame.h"
#include "gen_common.h"

namespace e2e::vectors::gen {

void gen_frames(const std::filesystem::path& out) {
  DeterministicRng rng(kSeed, "frames");
  Doc d("frames", {{"RoundTrip", "Parses, and serializing the parsed frame gives the same text (PROTO-FRAME-08)."},
                   {"Version", "Another \"v\": E2E_ERR_UNSUPPORTED (PROTO-FRAME-02)."},
                   {"UnknownType", "Unknown \"t\": E2E_ERR_DECODE (PROTO-FRAME-02)."},
                   {"StrictFields", "Missing, unknown or wrongly typed field: E2E_ERR_DECODE (PROTO-FRAME-03)."},
                   {"Base64url", "Padded, non-canonical or wrongly sized binary field: E2E_ERR_DECODE (PROTO-FRAME-04)."},
                   {"Limits", "Integer out of 0..2^53-1 or identifier not [A-Za-z0-9_-]{1,64}: E2E_ERR_DECODE (PROTO-FRAME-05/06)."},
                   {"NotAnObject", "Not JSON or not an object: E2E_ERR_DECODE (PROTO-FRAME-01)."}});
  const std::string dh = base64url_encode(must(crypto::P256PrivateKey::generate(rng), "p256").public_key().to_uncompressed());
  const std::string sig = base64url_encode(rng.bytes(32));
  const std::string h32 = base64url_encode(rng.bytes(32));
  const std::string sgn = base64url_encode(rng.bytes(40));
  const std::string body = R"({"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AQID"})";
  const auto valid_group = [&](const char* dir, const std::vector<std::string>& texts, bool client) {
    Json& g = d.group({{"direction", dir}});
    for (const auto& text : texts) {
      std::string again;
      if (client) {
        again = proto::serialize(must(proto::parse_client_frame(text), text.c_str()));
      } else {
        again = proto::serialize(must(proto::parse_relay_frame(text), text.c_str()));
      }
      const Json j = Json::parse(again);
      d.add(g, j["t"].get<std::string>(), {"RoundTrip"}, "valid", {{"frame", again}});
    }
    return &g;
  };
  Json* gc = valid_group("client", {
      R"({"v":1,"t":"register","rid":1,"name":"Alice","dh":")" + dh + R"(","sig":")" + sig + R"("})",
      R"({"v":1,"t":"lookup","rid":2,"devices":["alice","bob"]})",
      R"({"v":1,"t":"create_chat","rid":3,"chat":"chat-1"})",
      R"({"v":1,"t":"create_chat","rid":3,"chat":"chat-1","admin":")" + h32 + R"("})",
      R"({"v":1,"t":"join","rid":4,"chat":"room_1"})",
      R"({"v":1,"t":"leave","rid":5,"chat":"room_1"})",
      R"({"v":1,"t":"member","rid":6,"chat":"chat-1","op":"add","device":"bob","cred":")" + h32 + R"(","signed":")" + sgn + R"("})",
      R"({"v":1,"t":"member","rid":6,"chat":"chat-1","op":"remove","device":"bob"})",
      R"({"v":1,"t":"invite","rid":7,"chat":"chat-1","hash":")" + h32 + R"(","cred":")" + h32 + R"("})",
      R"({"v":1,"t":"redeem","rid":8,"chat":"chat-1","hash":")" + h32 + R"("})",
      R"({"v":1,"t":"send","rid":9,"chat":"chat-1","cmid":"m1","body":)" + body + "}",
      R"({"v":1,"t":"direct","rid":10,"chat":"chat-1","cmid":"m2","to":"bob","body":)" + body + "}",
      R"({"v":1,"t":"ack","rid":9007199254740991,"ids":[1,2,3]})",
      R"({"v":1,"t":"fetch","rid":0})",
      R"({"v":1,"t":"typing","chat":"chat-1","on":true})"}, true);
  Json* gr = valid_group("relay", {
      R"({"v":1,"t":"ok","rid":1})",
      R"({"v":1,"t":"error","rid":2,"code":"E2E_ERR_STATE","detail":"taken"})",
      R"({"v":1,"t":"error","code":"E2E_ERR_DECODE","detail":"bad frame"})",
      R"({"v":1,"t":"keys","rid":3,"entries":[{"device":"bob","name":"Bob","dh":")" + dh + R"(","sig":")" + sig + R"("}],"missing":["carol"]})",
      R"({"v":1,"t":"sent","rid":4,"cmid":"m1","ids":[7,8]})",
      R"({"v":1,"t":"deliver","id":7,"chat":"chat-1","from":"alice","ts":1700000000000,"kind":"msg","body":)" + body + "}",
      R"({"v":1,"t":"deliver","id":8,"chat":"chat-1","from":"alice","ts":1700000000001,"kind":"roster","op":"add","device":"bob","signed":")" + sgn + R"("})",
      R"({"v":1,"t":"typing","chat":"chat-1","from":"alice","on":false})"}, false);
  const auto bad = [&](Json* g, std::string comment, const char* flag, const std::string& text, const char* err) {
    d.add(*g, std::move(comment), {flag}, "invalid", {{"frame", text}}, err);
  };
  bad(gc, "v 2", "Version", R"({"v":2,"t":"fetch","rid":0})", "E2E_ERR_UNSUPPORTED");
  bad(gc, "v missing", "StrictFields", R"({"t":"fetch","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "unknown t", "UnknownType", R"({"v":1,"t":"shout","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "relay type sent by a client", "UnknownType", R"({"v":1,"t":"ok","rid":0})", "E2E_ERR_DECODE");
  bad(gc, "register without sig", "StrictFields", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"("})", "E2E_ERR_DECODE");
  bad(gc, "unknown field", "StrictFields", R"({"v":1,"t":"fetch","rid":0,"x":1})", "E2E_ERR_DECODE");
  bad(gc, "rid as a string", "StrictFields", R"({"v":1,"t":"fetch","rid":"0"})", "E2E_ERR_DECODE");
  bad(gc, "typing on as 1", "StrictFields", R"({"v":1,"t":"typing","chat":"c","on":1})", "E2E_ERR_DECODE");
  bad(gc, "body not an object", "StrictFields", R"({"v":1,"t":"send","rid":9,"chat":"c","cmid":"m1","body":"x"})", "E2E_ERR_DECODE");
  bad(gc, "chat of 65 characters", "Limits", R"({"v":1,"t":"join","rid":4,"chat":")" + std::string(65, 'c') + R"("})", "E2E_ERR_DECODE");
  bad(gc, "chat with '.'", "Limits", R"({"v":1,"t":"join","rid":4,"chat":"a.b"})", "E2E_ERR_DECODE");
  bad(gc, "rid 2^53", "Limits", R"({"v":1,"t":"fetch","rid":9007199254740992})", "E2E_ERR_DECODE");
  bad(gc, "rid -1", "Limits", R"({"v":1,"t":"fetch","rid":-1})", "E2E_ERR_DECODE");
  bad(gc, "dh padded with '='", "Base64url", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"(=","sig":")" + sig + R"("})", "E2E_ERR_DECODE");
  {
    std::string nc = sig;  // 43 characters for 32 bytes: 2 unused bits
    nc.back() = nc.back() == 'B' ? 'C' : 'B';
    bad(gc, "sig with non-zero unused bits", "Base64url", R"({"v":1,"t":"register","rid":1,"name":"A","dh":")" + dh + R"(","sig":")" + nc + R"("})", "E2E_ERR_DECODE");
  }
  bad(gc, "hash of 31 bytes", "Base64url", R"({"v":1,"t":"redeem","rid":8,"chat":"c","hash":")" + base64url_encode(Bytes(31, 1)) + R"("})", "E2E_ERR_DECODE");
  bad(gc, "not JSON", "NotAnObject", R"({"v":1,"t":)", "E2E_ERR_DECODE");
  bad(gc, "a JSON array", "NotAnObject", R"([1])", "E2E_ERR_DECODE");
  bad(gr, "deliver msg without body", "StrictFields", R"({"v":1,"t":"deliver","id":7,"chat":"c","from":"a","ts":1,"kind":"msg"})", "E2E_ERR_DECODE");
  bad(gr, "deliver with unknown kind", "StrictFields", R"({"v":1,"t":"deliver","id":7,"chat":"c","from":"a","ts":1,"kind":"note","body":{}})", "E2E_ERR_DECODE");
  bad(gr, "client type sent by the relay", "UnknownType", R"({"v":1,"t":"fetch","rid":0})", "E2E_ERR_DECODE");
  bad(gr, "v 0", "Version", R"({"v":0,"t":"ok","rid":1})", "E2E_ERR_UNSUPPORTED");
  bad(gr, "ok without rid", "StrictFields", R"({"v":1,"t":"ok"})", "E2E_ERR_DECODE");
  d.write(out, "frames");
}

}  // namespace e2e::vectors::gen
