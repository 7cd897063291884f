#include "attacks/adversary.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace e2e::attacks {

Adversary::Adversary(world::World& w, Knobs knobs) : w_(w), knobs_(std::move(knobs)) {
  w_.set_client_tap([this](const Id& from, const proto::ClientFrame& f) { return on_upstream(from, f); });
  w_.set_relay_tap([this](world::InFlight f) { return on_downstream(std::move(f)); });
}

Adversary::~Adversary() {
  w_.set_client_tap({});
  w_.set_relay_tap({});
}

void Adversary::record(Direction dir, const Id& device,
                       std::variant<proto::ClientFrame, proto::RelayFrame> frame, std::string note) {
  if (!knobs_.record) return;
  transcript_.push_back(TranscriptEntry{transcript_.size(), dir, device, std::move(frame), std::move(note)});
}

std::vector<proto::ClientFrame> Adversary::on_upstream(const Id& from, const proto::ClientFrame& f) {
  if (knobs_.drop_upstream && knobs_.drop_upstream(from, f)) {
    record(Direction::kUp, from, f, "dropped");
    return {};
  }
  record(Direction::kUp, from, f, "");
  return {f};
}

void Adversary::split_directory(world::InFlight& f) const {
  auto* keys = std::get_if<proto::Keys>(&f.frame);
  if (keys == nullptr || knobs_.directory.empty()) return;
  for (auto& e : keys->entries) {
    auto it = knobs_.directory.find({f.to, e.device});
    if (it != knobs_.directory.end()) e = it->second;
  }
}

std::vector<world::InFlight> Adversary::on_downstream(world::InFlight f) {
  // What the relay emitted, before any edit: "what the relay saw/said".
  record(Direction::kDown, f.to, f.frame, "");
  const proto::RelayFrame original = f.frame;
  const Id to = f.to;
  split_directory(f);
  std::vector<world::InFlight> out;
  if (knobs_.rewrite) {
    out = knobs_.rewrite(std::move(f));
  } else {
    out.push_back(std::move(f));
  }
  std::vector<world::InFlight> forward;
  for (auto& g : out) {
    if (!(g.frame == original)) record(Direction::kDown, g.to, g.frame, "rewritten");
    if (knobs_.drop && knobs_.drop(g)) {
      record(Direction::kDown, g.to, g.frame, "dropped");
      continue;
    }
    if (knobs_.delay && knobs_.delay(g)) {
      record(Direction::kDown, g.to, g.frame, "held");
      held_.push_back(std::move(g));
      continue;
    }
    const bool twice = knobs_.duplicate && knobs_.duplicate(g);
    if (twice) {
      record(Direction::kDown, g.to, g.frame, "duplicated");
      forward.push_back(g);
    }
    forward.push_back(std::move(g));
  }
  if (out.empty()) record(Direction::kDown, to, original, "dropped");
  return forward;
}

std::vector<proto::Deliver> Adversary::deliveries(const Id& to, size_t since) const {
  std::vector<proto::Deliver> out;
  for (size_t i = since; i < transcript_.size(); ++i) {
    const auto& e = transcript_[i];
    if (e.dir != Direction::kDown || e.device != to || !e.note.empty()) continue;
    const auto* rf = std::get_if<proto::RelayFrame>(&e.frame);
    if (const auto* d = rf ? std::get_if<proto::Deliver>(rf) : nullptr) out.push_back(*d);
  }
  return out;
}

std::vector<proto::ClientFrame> Adversary::sent_by(const Id& from, size_t since) const {
  std::vector<proto::ClientFrame> out;
  for (size_t i = since; i < transcript_.size(); ++i) {
    const auto& e = transcript_[i];
    if (e.dir != Direction::kUp || e.device != from) continue;
    if (const auto* cf = std::get_if<proto::ClientFrame>(&e.frame)) out.push_back(*cf);
  }
  return out;
}

nlohmann::json Adversary::transcript_summary(size_t since) const {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = since; i < transcript_.size(); ++i) {
    const auto& e = transcript_[i];
    const std::string_view type =
        std::visit([](const auto& fr) { return proto::frame_type(fr); }, e.frame);
    nlohmann::json j{{"dir", e.dir == Direction::kUp ? "up" : "down"}, {"device", e.device},
                     {"t", std::string(type)}};
    if (!e.note.empty()) j["note"] = e.note;
    out.push_back(std::move(j));
  }
  return out;
}

void Adversary::inject(const Id& to, proto::RelayFrame frame) {
  record(Direction::kDown, to, frame, "injected");
  w_.inject(to, std::move(frame));
}

Result<std::vector<uint64_t>> Adversary::post(const proto::Deliver& item, const std::vector<Id>& recipients) {
  E2E_ASSIGN_OR_RETURN(relay::Posted posted, w_.relay().post(item, recipients));
  for (auto& p : posted.pushes) inject(p.to, std::move(p.frame));
  return posted.ids;
}

Result<uint64_t> Adversary::replay(const Id& to, const proto::Deliver& captured, const ReplayEdits& edits) {
  proto::Deliver item = captured;
  if (edits.fresh_ts) item.ts = w_.clock().now_ms();
  if (edits.chat) item.chat = *edits.chat;
  if (edits.from) item.from = *edits.from;
  if (!edits.fresh_id) {
    const uint64_t id = item.id;
    inject(to, std::move(item));
    return id;
  }
  E2E_ASSIGN_OR_RETURN(std::vector<uint64_t> ids, post(item, {to}));
  if (ids.size() != 1) return make_error(Errc::kInternal, "replay: relay stored no copy");
  return ids.front();
}

std::vector<relay::Outbound> Adversary::speak_as(const Id& device, const proto::ClientFrame& frame) {
  record(Direction::kUp, device, frame, "injected");
  const auto running = w_.devices();
  std::vector<relay::Outbound> rest;
  for (auto& o : w_.relay().handle(device, frame)) {
    if (std::find(running.begin(), running.end(), o.to) != running.end()) {
      inject(o.to, std::move(o.frame));
    } else {
      record(Direction::kDown, o.to, o.frame, "");
      rest.push_back(std::move(o));
    }
  }
  return rest;
}

Result<void> Adversary::edit_store(const relay::Batch& batch) { return w_.store().apply(batch); }

void Adversary::release_held(Release order) {
  std::vector<world::InFlight> held;
  held.swap(held_);
  if (order == Release::kReversed) std::reverse(held.begin(), held.end());
  for (auto& f : held) {
    record(Direction::kDown, f.to, f.frame, "released");
    w_.inject(f.to, std::move(f.frame));
  }
}

StorageSnapshot Adversary::snapshot_files(const std::string& label, const std::vector<std::string>& paths) const {
  StorageSnapshot snap{label, {}};
  for (const std::string& p : paths) {
    StoredFile f;
    f.name = std::filesystem::path(p).filename().string();
    std::ifstream in(p, std::ios::binary);
    if (in) {
      f.present = true;
      f.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    snap.files.push_back(std::move(f));
  }
  return snap;
}

}  // namespace e2e::attacks
