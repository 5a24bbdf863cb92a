// Base64 (RFC 4648) for SASL exchanges and stored hashes: strict decoding that reports garbage
// instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roost {

std::string base64_encode(std::string_view bytes);

// Decodes standard base64 with padding; CR/LF and spaces are skipped (stored values wrap).
// nullopt for any other character, bad padding or a truncated group.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace roost
