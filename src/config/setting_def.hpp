// SettingDef and SectionDef: the typed description of every setting and section Roost reads.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace roost::config {

enum class ValueType : std::uint8_t {
    String,     // free text; may hold %variables expanded at run time
    Bool,       // yes / no
    UInt,       // a whole number
    Size,       // bytes: "10M", "1 G", "512k", "100"
    Time,       // "2 secs", "5 mins", "1d"; a bare number means seconds
    TimeMsecs,  // as Time, but a bare number means milliseconds
    Enum,       // one word of `choices`
    EnumList,   // words of `choices`, separated by spaces or commas
    List,       // free words separated by spaces
    Mode,       // an octal file mode: 0600
    Port,       // 0-65535
};

// How far Roost goes with a setting Dovecot also has.
enum class Support : std::uint8_t {
    Yes,       // implemented
    Internal,  // tunes a Dovecot internal Roost has no need of: accepted with a notice
    Missing,   // a feature Roost lacks: an error unless left at its default value
    Obsolete,  // gone from Dovecot 2.3 itself: accepted with a warning, as Dovecot does
};

inline constexpr unsigned kSecret = 1U << 0;    // never printed unless asked (-P)
inline constexpr unsigned kNumbered = 1U << 1;  // also valid with a number appended: quota_rule2

struct SettingDef {
    std::string_view name;
    ValueType type = ValueType::String;
    std::string_view default_value;
    // What the setting does (Yes), or the Dovecot feature it belongs to (Internal, Missing).
    std::string_view help;
    Support support = Support::Yes;
    std::string_view choices = {};  // for Enum and EnumList, separated by spaces
    unsigned flags = 0;
};

enum class SectionName : std::uint8_t { None, Optional, Required };

struct SectionDef {
    std::string_view type;
    SectionName name_rule = SectionName::Optional;
    std::span<const SettingDef> settings;    // keys allowed inside
    std::span<const std::string_view> children;  // section types allowed inside
    std::string_view help;
    Support support = Support::Yes;
    bool filter = false;            // protocol/local/remote/local_name: holds global settings
    bool unnamed_repeats = false;   // each unnamed block is a new instance (passdb, userdb)
    bool free_form = false;         // any key is allowed (plugin: known keys are typed)
};

}  // namespace roost::config
