#include "world/chat_setup.h"

namespace e2e::world {

bool has_share_codes(const proto::Preset& p) { return p.key_source == proto::KeySource::kShareCode; }

Result<void> settle(World& w) {
  if (!w.deliver_all()) return make_error(Errc::kInternal, "the world did not settle");
  return w.health();
}

Result<void> run_op(World& w, const Id& who, Result<client::Step> step) {
  E2E_TRY(w.run(who, std::move(step)));
  return settle(w);
}

Result<void> join_chat(World& w, const Id& admin, const Id& chat, const Id& device) {
  if (has_share_codes(w.preset())) {
    E2E_ASSIGN_OR_RETURN(std::string code, w.device(admin).share_code(chat));
    return run_op(w, device, w.device(device).join_with_share_code(code));
  }
  return run_op(w, admin, w.device(admin).add_member(chat, device));
}

Result<void> leave_chat(World& w, const Id& admin, const Id& chat, const Id& device) {
  if (w.preset().roster_policy == proto::RosterPolicy::kOpen) {
    return run_op(w, device, w.device(device).leave(chat));
  }
  return run_op(w, admin, w.device(admin).remove_member(chat, device));
}

Result<void> start_chat(World& w, const Id& admin, const Id& chat, const std::vector<Id>& members) {
  E2E_TRY(run_op(w, admin, w.device(admin).create_chat(chat)));
  for (const Id& m : members) E2E_TRY(join_chat(w, admin, chat, m));
  return ok_result();
}

Result<void> send(World& w, const Id& who, const Id& chat, std::string_view text) {
  return run_op(w, who, w.device(who).send_text(chat, text));
}

}  // namespace e2e::world
