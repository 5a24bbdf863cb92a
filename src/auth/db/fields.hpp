// Extra fields of passdb and userdb results ("nologin", "home=/srv/mail/alice", "userdb_quota_rule=..."),
// kept in order as the drivers return them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/proto/fields.hpp"

namespace roost::auth {

using Field = proto::Param;
using Fields = std::vector<Field>;

// Parses "key=value key2 key3=..." (space separated, as passwd-file and default_fields write them).
Fields parse_field_list(std::string_view text);

const Field* find_field(const Fields& fields, std::string_view key);
std::optional<std::string> field_value(const Fields& fields, std::string_view key);
// Sets key (replacing an existing one) or appends it.
void set_field(Fields& fields, std::string key, std::string value, bool has_value = true);
void remove_field(Fields& fields, std::string_view key);

// Splits passdb extra fields: "userdb_X=v" become userdb field X, the rest stay passdb fields.
struct SplitFields {
    Fields passdb;
    Fields userdb;
};
SplitFields split_userdb_fields(const Fields& fields);

}  // namespace roost::auth
