#include "driver/adapter_vectors.h"

#include <memory>
#include <string>

#include "adapter/event_json.h"
#include "driver/adapter_process.h"

namespace e2e::driver {

Result<vectors::Implementation> adapter_vector_implementation(const AdapterOptions& options, uint64_t seed) {
  E2E_ASSIGN_OR_RETURN(std::unique_ptr<AdapterProcess> started, AdapterProcess::start(options, "vectors", seed));
  std::shared_ptr<AdapterProcess> proc = std::move(started);
  vectors::Implementation impl;
  impl.run = [proc](std::string_view op, const nlohmann::json& input) -> Result<nlohmann::json> {
    auto reply = proc->request("vector", nlohmann::json{{"op", op}, {"input", input}});
    if (!reply.ok()) {
      if (proc->dead()) throw vectors::HarnessError(reply.error().to_string());
      return reply.error();  // an error response: the implementation refused
    }
    if (!reply->step.out.empty() || !reply->step.events.empty()) {
      throw vectors::HarnessError(proc->violation("vector", "events in answer to a vector operation").to_string());
    }
    auto output = reply->result.find("output");
    if (reply->result.size() != 1 || output == reply->result.end() || !output->is_object()) {
      throw vectors::HarnessError(proc->violation("vector", "a result other than {\"output\": {...}}").to_string());
    }
    return *output;
  };
  impl.same_error = [](Errc got, Errc want) {
    return adapter::code_for(got) == adapter::code_for(want) && adapter::reason_for(got) == adapter::reason_for(want);
  };
  return impl;
}

}  // namespace e2e::driver
