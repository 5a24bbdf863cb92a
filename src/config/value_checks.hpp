// Checks of what a value means, beyond its type: storage formats, plugin and mechanism names,
// drivers. They turn "a feature Roost lacks" into an error instead of a silent no-op.
#pragma once

#include <string>
#include <string_view>

namespace roost::config {

// Why `value` is not acceptable for the setting `key` of a section of type `section_type`
// ("" for globals and filters), or "" when it is.
std::string check_meaning(std::string_view section_type, std::string_view key, std::string_view value);

// Whether Roost runs a service of this name, Dovecot does (but Roost has no need of it), or
// neither.
enum class ServiceKind { Roost, DovecotOnly, Unknown };
ServiceKind service_kind(std::string_view name);

}  // namespace roost::config
