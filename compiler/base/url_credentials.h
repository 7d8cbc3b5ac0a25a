#pragma once
// Credentials written inside a URL ('https://user:token@host/'): Go's url.Parse keeps them as the
// userinfo of the authority, and a client sends them with every request, so a URL that carries
// them is a secret wherever it is written.

#include <optional>
#include <string_view>

namespace mzr {

// The byte range [begin, end) of a userinfo (without the '@'): in the first URL of `text` whose
// authority names a user, with or without a password. URLs are found by their 'scheme://', so a
// URL inside a longer text (a message template) counts too.
struct UrlUserinfo {
  size_t begin = 0;
  size_t end = 0;
};
std::optional<UrlUserinfo> url_userinfo(std::string_view text);

}  // namespace mzr
