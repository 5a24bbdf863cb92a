// APOP: the response format, the challenge we make and check, and the digest.
#include "auth/proto/apop.hpp"

#include <charconv>

#include "crypto/digest.hpp"

namespace roost::auth::proto {
namespace {

constexpr std::size_t kDigestSize = 16;

// Reads a hex number up to `end`; nullopt when the text is empty, too long or not hex.
template <typename T>
std::optional<T> hex_field(std::string_view text, std::size_t& pos, char end)
{
    const std::size_t stop = text.find(end, pos);
    if (stop == std::string_view::npos || stop == pos) {
        return std::nullopt;
    }
    T value{};
    const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + stop, value, 16);
    if (ec != std::errc() || ptr != text.data() + stop) {
        return std::nullopt;
    }
    pos = stop + 1;
    return value;
}

std::string hex(std::uint64_t value)
{
    char buf[17];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value, 16);
    (void)ec;
    return std::string(buf, ptr);
}

}  // namespace

std::optional<ApopResponse> parse_apop_response(std::string_view data)
{
    const std::size_t first = data.find('\0');
    if (first == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t second = data.find('\0', first + 1);
    if (second == std::string_view::npos || data.size() - second - 1 != kDigestSize) {
        return std::nullopt;
    }
    ApopResponse r;
    r.challenge = data.substr(0, first);
    r.user = data.substr(first + 1, second - first - 1);
    r.digest = data.substr(second + 1);
    if (r.challenge.empty() || r.user.empty()) {
        return std::nullopt;
    }
    return r;
}

std::string make_apop_challenge(std::uint32_t pid, std::uint32_t random, std::time_t now, std::string_view host)
{
    return "<" + hex(pid) + "." + hex(random) + "." + hex(static_cast<std::uint64_t>(now)) + "@" + std::string(host) + ">";
}

bool apop_challenge_valid(std::string_view challenge, std::uint32_t client_pid, std::time_t now, std::time_t max_age)
{
    if (challenge.size() < 2 || challenge.front() != '<' || challenge.back() != '>') {
        return false;
    }
    std::size_t pos = 1;
    const auto pid = hex_field<std::uint32_t>(challenge, pos, '.');
    const auto random = hex_field<std::uint32_t>(challenge, pos, '.');
    const auto made = hex_field<std::uint64_t>(challenge, pos, '@');
    if (!pid || !random || !made || *pid != client_pid || challenge.find('@', pos) != std::string_view::npos) {
        return false;
    }
    const auto age = now - static_cast<std::time_t>(*made);
    return age >= 0 && age <= max_age;
}

std::string apop_digest(std::string_view challenge, std::string_view password)
{
    crypto::Hasher md5(crypto::DigestAlgorithm::Md5);
    md5.update(challenge);
    md5.update(password);
    auto out = md5.finish();
    if (!out) {
        return {};
    }
    return std::string(out->begin(), out->end());
}

}  // namespace roost::auth::proto
