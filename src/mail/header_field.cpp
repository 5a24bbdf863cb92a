// Splitting header fields out of raw header bytes.
#include "mail/header_field.hpp"

#include <cstring>

namespace roost::mail {

std::size_t line_end_length(std::string_view s)
{
    if (s.empty() || s.back() != '\n') {
        return 0;
    }
    return s.size() >= 2 && s[s.size() - 2] == '\r' ? 2 : 1;
}

HeaderField split_header_field(std::string_view raw)
{
    HeaderField field;
    field.raw = raw;
    const std::string_view content = raw.substr(0, raw.size() - line_end_length(raw));
    const std::size_t colon = content.find(':');
    if (colon == std::string_view::npos) {
        field.name = content;
        field.has_colon = false;
        return field;
    }
    std::size_t name_end = colon;
    while (name_end > 0 && (content[name_end - 1] == ' ' || content[name_end - 1] == '\t')) {
        --name_end;
    }
    field.name = content.substr(0, name_end);
    std::size_t v = colon + 1;
    while (v < content.size() && (content[v] == ' ' || content[v] == '\t')) {
        ++v;
    }
    field.value = content.substr(v);
    return field;
}

std::optional<HeaderField> HeaderReader::next()
{
    if (pos_ >= block_.size()) {
        return std::nullopt;
    }
    const std::string_view rest = block_.substr(pos_);
    std::size_t end = 0;
    // The first line, then every following line that starts with a space or tab.
    for (;;) {
        const std::size_t lf = rest.find('\n', end);
        if (lf == std::string_view::npos) {
            end = rest.size();
            break;
        }
        const std::string_view line = rest.substr(end, lf + 1 - end);
        if (end == 0 && is_header_end_line(line)) {
            return std::nullopt;
        }
        end = lf + 1;
        if (end >= rest.size() || (rest[end] != ' ' && rest[end] != '\t')) {
            break;
        }
    }
    pos_ += end;
    return split_header_field(rest.substr(0, end));
}

std::string unfold(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\n' || (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n')) {
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string replace_nuls(std::string_view value)
{
    if (value.empty() || std::memchr(value.data(), '\0', value.size()) == nullptr) {
        return std::string(value);
    }
    std::string out;
    out.reserve(value.size() + 8);
    for (const char c : value) {
        if (c == '\0') {
            out += "\xEF\xBF\xBD";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace roost::mail
