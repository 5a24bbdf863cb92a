// Fields of Dovecot's auth protocol: a line is TAB-separated fields ending in LF; inside a field
// \001 escapes TAB, CR, LF and itself (\001t \001r \001n \0011), as Dovecot's str_tabescape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roost::auth::proto {

// Splits one line (without its LF) into unescaped fields.
std::vector<std::string> split_fields(std::string_view line);
std::string escape_field(std::string_view field);
// Joins escaped fields with TABs and ends the line with LF.
std::string make_line(const std::vector<std::string>& fields);

// "key=value" parameters and bare flags ("secured") after the fixed fields.
struct Param {
    std::string key;
    std::string value;  // empty for a bare flag
    bool has_value = false;
};
Param parse_param(std::string_view field);
std::string param_field(std::string_view key, std::string_view value);

}  // namespace roost::auth::proto
