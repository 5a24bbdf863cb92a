// SchemeRegistry: password schemes by name (case-insensitive), with Dovecot's aliases
// (CLEAR -> PLAIN, SHA1 -> SHA, HMAC-MD5 -> CRAM-MD5 ...).
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/schemes/password_scheme.hpp"

namespace roost::auth {

class SchemeRegistry {
public:
    // The registry of every scheme Roost implements; built on first use, then read-only and
    // safe to share between threads.
    static const SchemeRegistry& builtin();

    // Takes ownership of `scheme` and makes it known under its name and `aliases`. A name
    // registered twice is a programming error (asserts).
    void add(std::unique_ptr<PasswordScheme> scheme,
             std::initializer_list<std::string_view> aliases = {});

    // The scheme called `name` in any letter case, or nullptr. `name` carries no encoding
    // suffix (see parse_scheme_spec()).
    const PasswordScheme* find(std::string_view name) const;

    // Every name and alias, upper case, sorted.
    std::vector<std::string> names() const;

private:
    std::vector<std::unique_ptr<PasswordScheme>> schemes_;
    std::map<std::string, const PasswordScheme*, std::less<>> by_name_;
};

}  // namespace roost::auth
