// Registry: finds the definition of a key in a section, suggests the closest key for a misspelt
// one, and knows the names Dovecot 2.4 gave to settings Roost reads under their 2.3 names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/setting_def.hpp"

namespace roost::config {

// The definition of `key` inside a section of kind `section`, or nullptr. Handles numbered keys
// (quota_rule2) and prefix entries (acl*) of the plugin section.
const SettingDef* find_setting(const SectionDef& section, std::string_view key);

// The closest known key to a misspelt one, or "" when nothing is close enough.
std::string closest_key(const SectionDef& section, std::string_view key);
// The closest section type allowed in `parent`, or "".
std::string closest_section(const SectionDef& parent, std::string_view type);

// A Dovecot 2.4 spelling of a 2.3 setting: the 2.3 key, and how the value converts.
struct Rename {
    std::string_view new_name;
    std::string_view old_name;
    enum class Convert { Same, FileRef, Invert, PreferCiphers } convert = Convert::Same;
};
const Rename* find_rename(std::string_view key);
// The value under the old name; nullopt when it cannot be converted.
std::optional<std::string> convert_renamed(const Rename& rename, std::string_view value);

}  // namespace roost::config
