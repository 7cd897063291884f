#include "claims/command_line.h"

namespace e2e::audit {

Result<std::vector<std::string>> split_command_line(std::string_view s) {
  std::vector<std::string> argv;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      if (in_word) argv.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) return make_error(Errc::kInvalidArgument, "unterminated ' quote");
      word.append(s.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '\\' && j + 1 < s.size() && (s[j + 1] == '"' || s[j + 1] == '\\')) ++j;
        word.push_back(s[j]);
      }
      if (j >= s.size()) return make_error(Errc::kInvalidArgument, "unterminated \" quote");
      i = j;
    } else if (c == '\\') {
      if (i + 1 >= s.size()) return make_error(Errc::kInvalidArgument, "trailing backslash");
      word.push_back(s[++i]);
    } else {
      word.push_back(c);
    }
  }
  if (in_word) argv.push_back(std::move(word));
  if (argv.empty()) return make_error(Errc::kInvalidArgument, "empty command");
  return argv;
}

Result<driver::AdapterOptions> adapter_options(std::string_view impl, std::string stderr_prefix) {
  E2E_ASSIGN_OR_RETURN(std::vector<std::string> argv, split_command_line(impl));
  driver::AdapterOptions ao;
  ao.argv = std::move(argv);
  ao.stderr_prefix = std::move(stderr_prefix);
  return ao;
}

}  // namespace e2e::audit
