// Parsing and serialising dovecot-keywords.
#include "storage/maildir/keywords_file.hpp"

#include <algorithm>
#include <charconv>

namespace roost::storage::maildir {

std::vector<std::string> parse_keywords_file(std::string_view bytes)
{
    std::vector<std::string> keywords;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        auto nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = bytes.size();
        }
        std::string_view line = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const auto space = line.find(' ');
        if (space == std::string_view::npos || space == 0) {
            continue;
        }
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(line.data(), line.data() + space, index);
        const std::string_view name = line.substr(space + 1);
        if (ec != std::errc() || end != line.data() + space || index >= kMaxMaildirKeywords ||
            !is_valid_keyword(name)) {
            continue;
        }
        if (std::find(keywords.begin(), keywords.end(), name) != keywords.end()) {
            continue;
        }
        if (keywords.size() <= index) {
            keywords.resize(index + 1);
        }
        if (keywords[index].empty()) {
            keywords[index] = std::string(name);
        }
    }
    return keywords;
}

std::string serialize_keywords_file(const std::vector<std::string>& keywords)
{
    std::string out;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        if (!keywords[i].empty()) {
            out += std::to_string(i) + " " + keywords[i] + "\n";
        }
    }
    return out;
}

bool is_valid_keyword(std::string_view keyword)
{
    if (keyword.empty()) {
        return false;
    }
    for (const char c : keyword) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            return false;
        }
        switch (c) {
            case '(':
            case ')':
            case '{':
            case '%':
            case '*':
            case '"':
            case '\\':
            case ']':
                return false;
            default:
                break;
        }
    }
    return true;
}

}  // namespace roost::storage::maildir
