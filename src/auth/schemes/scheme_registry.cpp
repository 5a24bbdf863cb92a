// SchemeRegistry and the built-in registry holding every scheme family.
#include "auth/schemes/scheme_registry.hpp"

#include <cassert>

#include "auth/schemes/builtin_schemes.hpp"
#include "core/strings.hpp"

namespace roost::auth {

const SchemeRegistry& SchemeRegistry::builtin()
{
    static const SchemeRegistry registry = [] {
        SchemeRegistry r;
        add_plain_schemes(r);
        add_digest_schemes(r);
        add_salted_digest_schemes(r);
        add_crypt_schemes(r);
        add_argon2_schemes(r);
        add_pbkdf2_scheme(r);
        add_scram_schemes(r);
        add_cram_md5_scheme(r);
        add_digest_md5_scheme(r);
        return r;
    }();
    return registry;
}

void SchemeRegistry::add(std::unique_ptr<PasswordScheme> scheme,
                         std::initializer_list<std::string_view> aliases)
{
    const PasswordScheme* p = scheme.get();
    schemes_.push_back(std::move(scheme));
    const auto insert = [&](std::string_view name) {
        [[maybe_unused]] const bool fresh = by_name_.emplace(to_upper(name), p).second;
        assert(fresh && "password scheme registered twice");
    };
    insert(p->name());
    for (std::string_view alias : aliases) {
        insert(alias);
    }
}

const PasswordScheme* SchemeRegistry::find(std::string_view name) const
{
    const auto it = by_name_.find(to_upper(name));
    return it == by_name_.end() ? nullptr : it->second;
}

std::vector<std::string> SchemeRegistry::names() const
{
    std::vector<std::string> out;
    out.reserve(by_name_.size());
    for (const auto& [name, scheme] : by_name_) {
        out.push_back(name);
    }
    return out;
}

}  // namespace roost::auth
