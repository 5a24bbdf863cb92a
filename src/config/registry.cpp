// Registry: key lookup, suggestions and Dovecot 2.4 renames.
#include "config/registry.hpp"

#include <unordered_map>

#include "config/sections.hpp"
#include "core/strings.hpp"

namespace roost::config {
namespace {

const std::unordered_map<std::string_view, const SettingDef*>& global_index()
{
    static const auto index = [] {
        std::unordered_map<std::string_view, const SettingDef*> m;
        for (const SettingDef& d : root_section().settings) {
            m.emplace(d.name, &d);
        }
        return m;
    }();
    return index;
}

const SettingDef* find_in(std::span<const SettingDef> defs, std::string_view key)
{
    for (const SettingDef& d : defs) {
        if (d.name == key) {
            return &d;
        }
    }
    return nullptr;
}

std::string_view without_number(std::string_view key)
{
    std::size_t n = key.size();
    while (n > 0 && key[n - 1] >= '0' && key[n - 1] <= '9') {
        --n;
    }
    return key.substr(0, n);
}

constexpr Rename kRenames[] = {
    {"ssl_server_cert_file", "ssl_cert", Rename::Convert::FileRef},
    {"ssl_server_key_file", "ssl_key", Rename::Convert::FileRef},
    {"ssl_server_key_password", "ssl_key_password"},
    {"ssl_server_ca_file", "ssl_ca", Rename::Convert::FileRef},
    {"ssl_server_dh_file", "ssl_dh", Rename::Convert::FileRef},
    {"ssl_server_alt_cert_file", "ssl_alt_cert", Rename::Convert::FileRef},
    {"ssl_server_alt_key_file", "ssl_alt_key", Rename::Convert::FileRef},
    {"ssl_server_request_client_cert", "ssl_verify_client_cert"},
    {"ssl_server_require_crl", "ssl_require_crl"},
    {"ssl_server_cert_username_field", "ssl_cert_username_field"},
    {"ssl_server_prefer_ciphers", "ssl_prefer_server_ciphers", Rename::Convert::PreferCiphers},
    {"auth_allow_cleartext", "disable_plaintext_auth", Rename::Convert::Invert},
    {"auth_default_domain", "auth_default_realm"},
};

}  // namespace

const SettingDef* find_setting(const SectionDef& section, std::string_view key)
{
    if (section.type.empty() || section.filter) {
        const auto& index = global_index();
        const auto it = index.find(key);
        return it == index.end() ? nullptr : it->second;
    }
    if (const SettingDef* d = find_in(section.settings, key)) {
        return d;
    }
    const std::string_view base = without_number(key);
    if (base != key) {
        if (const SettingDef* d = find_in(section.settings, base); d && (d->flags & kNumbered)) {
            return d;
        }
    }
    // Prefix entries ("acl*") match whole families; the longest prefix wins.
    const SettingDef* best = nullptr;
    for (const SettingDef& d : section.settings) {
        if (!d.name.empty() && d.name.back() == '*') {
            const std::string_view prefix = d.name.substr(0, d.name.size() - 1);
            if (key.substr(0, prefix.size()) == prefix &&
                (best == nullptr || prefix.size() > best->name.size() - 1)) {
                best = &d;
            }
        }
    }
    return best;
}

namespace {

template <class Names>
std::string closest_of(const Names& names, std::string_view key)
{
    std::string best;
    std::size_t best_distance = 0;
    const std::size_t limit = std::max<std::size_t>(2, key.size() / 4);
    for (std::string_view name : names) {
        if (name.empty() || name.back() == '*') {
            continue;
        }
        const std::size_t d = edit_distance(key, name);
        if (d <= limit && (best.empty() || d < best_distance)) {
            best = std::string(name);
            best_distance = d;
        }
    }
    return best;
}

}  // namespace

std::string closest_key(const SectionDef& section, std::string_view key)
{
    std::vector<std::string_view> names;
    for (const SettingDef& d : section.settings) {
        if (d.support == Support::Yes) {
            names.push_back(d.name);
        }
    }
    return closest_of(names, key);
}

std::string closest_section(const SectionDef& parent, std::string_view type)
{
    return closest_of(parent.children, type);
}

const Rename* find_rename(std::string_view key)
{
    for (const Rename& r : kRenames) {
        if (r.new_name == key && r.new_name != r.old_name) {
            return &r;
        }
    }
    return nullptr;
}

std::optional<std::string> convert_renamed(const Rename& rename, std::string_view value)
{
    switch (rename.convert) {
    case Rename::Convert::Same:
    case Rename::Convert::FileRef:  // the caller marks the value as a file reference
        return std::string(value);
    case Rename::Convert::Invert:
        if (value == "yes") {
            return "no";
        }
        if (value == "no") {
            return "yes";
        }
        return std::nullopt;
    case Rename::Convert::PreferCiphers:
        if (value == "server") {
            return "yes";
        }
        if (value == "client") {
            return "no";
        }
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace roost::config
