// Extra fields of passdb and userdb results.
#include "auth/db/fields.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace roost::auth {

Fields parse_field_list(std::string_view text)
{
    Fields out;
    for (std::string_view word : split_words(text)) {
        out.push_back(proto::parse_param(word));
    }
    return out;
}

const Field* find_field(const Fields& fields, std::string_view key)
{
    const auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
    return it == fields.end() ? nullptr : &*it;
}

std::optional<std::string> field_value(const Fields& fields, std::string_view key)
{
    const Field* f = find_field(fields, key);
    return f ? std::optional(f->value) : std::nullopt;
}

void set_field(Fields& fields, std::string key, std::string value, bool has_value)
{
    for (Field& f : fields) {
        if (f.key == key) {
            f.value = std::move(value);
            f.has_value = has_value;
            return;
        }
    }
    fields.push_back(Field{std::move(key), std::move(value), has_value});
}

void remove_field(Fields& fields, std::string_view key)
{
    std::erase_if(fields, [&](const Field& f) { return f.key == key; });
}

SplitFields split_userdb_fields(const Fields& fields)
{
    constexpr std::string_view kPrefix = "userdb_";
    SplitFields out;
    for (const Field& f : fields) {
        if (f.key.size() > kPrefix.size() && f.key.compare(0, kPrefix.size(), kPrefix) == 0) {
            out.userdb.push_back(Field{f.key.substr(kPrefix.size()), f.value, f.has_value});
        } else {
            out.passdb.push_back(f);
        }
    }
    return out;
}

}  // namespace roost::auth
