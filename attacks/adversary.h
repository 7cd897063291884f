// Adversary: a malicious relay (attacker R of attacks.md §0.1) or a database
// thief (P) wrapped around a conformance World. It works only through World's
// hooks (client tap, relay tap, pool, inject) and the honest relay core's own
// entry points (handle, post, the Store): there is no second relay and no
// re-implemented client. What it does to traffic is set by Knobs, a struct of
// plain fields in the style of BoringSSL's ProtocolBugs, so a scenario reads
// as "which knobs, then which honest operations".
//
// Lifetime: the Adversary installs World's taps in its constructor and removes
// them in its destructor; it must not outlive the World.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "protocol/frame.h"
#include "relay/store.h"
#include "world/world.h"

namespace e2e::attacks {

using proto::Id;

// Knobs: every default passes traffic through unchanged and records it.
struct Knobs {
  // observe: keep a transcript of every frame in both directions.
  bool record = true;

  // ---- device -> relay -----------------------------------------------------
  // drop_upstream: the relay never sees a matching frame (the device is not told).
  std::function<bool(const Id& from, const proto::ClientFrame&)> drop_upstream;

  // ---- relay -> device (the pool path), applied in this order -------------
  // directory: split view. An entry for (requester, device) replaces that
  // device's entry in every `keys` answer sent to |requester| (and only to it),
  // so each client can be shown a different directory.
  std::map<std::pair<Id, Id>, proto::DirectoryEntry> directory;
  // rewrite: a last edit of a frame (re-wrapping a key, re-signing a body);
  // returns the frames to forward instead (empty: dropped).
  std::function<std::vector<world::InFlight>(world::InFlight)> rewrite;
  // drop: a matching frame is lost.
  std::function<bool(const world::InFlight&)> drop;
  // delay: a matching frame is held back until release_held().
  std::function<bool(const world::InFlight&)> delay;
  // duplicate: a matching frame is forwarded twice.
  std::function<bool(const world::InFlight&)> duplicate;
};

enum class Direction { kUp, kDown };  // device -> relay, relay -> device

// One frame the adversary saw or made. |device| is the sender (up) or the
// recipient (down). |note| says what the adversary did: "" (passed),
// "dropped", "held", "rewritten", "duplicated", "injected", "released".
struct TranscriptEntry {
  uint64_t index = 0;
  Direction dir = Direction::kUp;
  Id device;
  std::variant<proto::ClientFrame, proto::RelayFrame> frame;
  std::string note;
};

// A copy of what a database thief walks away with.
struct StoredFile {
  std::string name;   // the file's name (no directory), e.g. "relay.db-wal"
  bool present = false;
  Bytes bytes;
};
struct StorageSnapshot {
  std::string label;  // "mid-run", "end"
  std::vector<StoredFile> files;
};

// Order in which held frames are released.
enum class Release { kInOrder, kReversed };

// How a replayed item differs from the captured one. The relay's item id,
// timestamp, chat and sender are not authenticated end to end by the
// protocol itself (PROTOCOL.md §4), so a relay may set them freely.
struct ReplayEdits {
  bool fresh_id = true;              // a new relay item id (stored like an honest item)
  bool fresh_ts = true;              // the relay clock's current time
  std::optional<Id> chat;            // another chat
  std::optional<Id> from;            // another sender
};

class Adversary {
 public:
  explicit Adversary(world::World& w, Knobs knobs = {});
  ~Adversary();
  Adversary(const Adversary&) = delete;
  Adversary& operator=(const Adversary&) = delete;

  Knobs& knobs() { return knobs_; }
  world::World& world() { return w_; }

  // ---- observe ---------------------------------------------------------------
  const std::vector<TranscriptEntry>& transcript() const { return transcript_; }
  // mark: the transcript position now; later queries can start from it.
  size_t mark() const { return transcript_.size(); }
  // deliveries: every `deliver` the relay emitted to |to| from transcript
  // position |since| on, in order (before any edit of ours).
  std::vector<proto::Deliver> deliveries(const Id& to, size_t since = 0) const;
  // sent_by: every frame |from| sent to the relay from |since| on.
  std::vector<proto::ClientFrame> sent_by(const Id& from, size_t since = 0) const;
  // transcript_json: the transcript as data (frame type, device, note).
  nlohmann::json transcript_summary(size_t since = 0) const;

  // ---- act as the relay -----------------------------------------------------
  // inject: |frame| reaches |to| as if the relay had sent it (recorded).
  void inject(const Id& to, proto::RelayFrame frame);
  // post: stores |item| for |recipients| through the relay core's injection
  // hook (same id allocation and storage as honest items) and queues the
  // pushes for delivery. Returns the new ids.
  Result<std::vector<uint64_t>> post(const proto::Deliver& item, const std::vector<Id>& recipients);
  // replay: re-delivers a captured item to |to|. Without fresh_id it is
  // injected verbatim (same id, no storage); with it, posted anew.
  Result<uint64_t> replay(const Id& to, const proto::Deliver& captured, const ReplayEdits& edits);
  // speak_as: the relay core handles |frame| as if |device| had sent it
  // (attacker-registered devices: register, send ...). Frames for devices the
  // world runs are queued for delivery; the rest are returned.
  std::vector<relay::Outbound> speak_as(const Id& device, const proto::ClientFrame& frame);
  // edit_store: the relay writes its own state, skipping every check the
  // honest core makes (a roster entry nobody authorised, say).
  Result<void> edit_store(const relay::Batch& batch);
  // release_held: forwards every held frame, in |order|.
  void release_held(Release order = Release::kInOrder);
  size_t held() const { return held_.size(); }

  // ---- steal storage --------------------------------------------------------
  // snapshot_files copies |paths| as they are on disk at this moment (a
  // missing file is recorded as not present).
  StorageSnapshot snapshot_files(const std::string& label, const std::vector<std::string>& paths) const;

 private:
  std::vector<proto::ClientFrame> on_upstream(const Id& from, const proto::ClientFrame& f);
  std::vector<world::InFlight> on_downstream(world::InFlight f);
  void record(Direction dir, const Id& device, std::variant<proto::ClientFrame, proto::RelayFrame> frame,
              std::string note);
  void split_directory(world::InFlight& f) const;

  world::World& w_;
  Knobs knobs_;
  std::vector<TranscriptEntry> transcript_;
  std::vector<world::InFlight> held_;
};

}  // namespace e2e::attacks
