// :regex (draft-ietf-sieve-regex): POSIX extended regular expressions through the C library.
// Back-references are refused: with them glibc's matcher can take exponential time, which a
// script must not be able to cause.
#include <regex.h>

#include "sieve/match.hpp"

namespace roost::sieve {

struct Regex::Impl {
    regex_t re{};
    std::size_t groups = 0;
};

Regex::Regex(std::string_view pattern, bool icase) : impl_(std::make_unique<Impl>())
{
    const std::string p(pattern);
    const int flags = REG_EXTENDED | (icase ? REG_ICASE : 0);
    const int rc = regcomp(&impl_->re, p.c_str(), flags);
    if (rc != 0) {
        char buf[256];
        regerror(rc, &impl_->re, buf, sizeof buf);
        error_ = buf;
        return;
    }
    impl_->groups = impl_->re.re_nsub;
    ok_ = true;
}

Regex::~Regex()
{
    if (ok_) {
        regfree(&impl_->re);
    }
}

bool Regex::search(std::string_view value, std::vector<std::string>* groups) const
{
    if (!ok_) {
        return false;
    }
    constexpr std::size_t kMaxGroups = 10;
    regmatch_t m[kMaxGroups];
    m[0].rm_so = 0;
    m[0].rm_eo = static_cast<regoff_t>(value.size());
    // REG_STARTEND: the value may hold NUL bytes and need not be terminated.
    if (regexec(&impl_->re, value.data(), kMaxGroups, m, REG_STARTEND) != 0) {
        return false;
    }
    if (groups != nullptr) {
        groups->clear();
        const std::size_t n = std::min(kMaxGroups, impl_->groups + 1);
        for (std::size_t i = 0; i < n; ++i) {
            if (m[i].rm_so < 0) {
                groups->emplace_back();
            } else {
                groups->emplace_back(
                    value.substr(static_cast<std::size_t>(m[i].rm_so),
                                 static_cast<std::size_t>(m[i].rm_eo - m[i].rm_so)));
            }
        }
    }
    return true;
}

std::optional<std::string> check_regex_key(std::string_view pattern, std::size_t max_size)
{
    if (pattern.size() > max_size) {
        return "regular expression longer than " + std::to_string(max_size) + " bytes";
    }
    for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            if (pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
                return "back-references are not supported in regular expressions";
            }
            ++i;
        }
    }
    if (pattern.find('\0') != std::string_view::npos) {
        return "regular expression contains a NUL byte";
    }
    return std::nullopt;
}

}  // namespace roost::sieve
