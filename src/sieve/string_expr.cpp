// Compiled strings with variable substitution, and encoded-character decoding.
#include "sieve/string_expr.hpp"

#include "mail/utf8.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool istarts_with(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c + 32);
        }
        if (c != prefix[i]) {
            return false;
        }
    }
    return true;
}

// Parses the body of "${hex:" or "${unicode:" from s[i] (just after the ':') to the '}'.
// Returns the index after '}' or npos when malformed.
std::size_t parse_encoded(std::string_view s, std::size_t i, bool unicode, std::string& out,
                          std::string& error, bool& bad_value)
{
    std::string decoded;
    bool any = false;
    while (true) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
            ++i;
        }
        if (i >= s.size()) {
            return std::string_view::npos;
        }
        if (s[i] == '}') {
            if (!any) {
                return std::string_view::npos;
            }
            out += decoded;
            return i + 1;
        }
        std::size_t j = i;
        std::uint32_t v = 0;
        std::size_t significant = 0;
        while (j < s.size() && hex_value(s[j]) >= 0) {
            if (significant > 0 || s[j] != '0') {
                ++significant;
            }
            if (significant <= 7) {
                v = v * 16 + static_cast<std::uint32_t>(hex_value(s[j]));
            }
            ++j;
        }
        const std::size_t n = j - i;
        if (n == 0) {
            return std::string_view::npos;
        }
        if (j < s.size() && s[j] != '}' && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' &&
            s[j] != '\n') {
            return std::string_view::npos;
        }
        if (unicode) {
            if (significant > 6 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                bad_value = true;
                error = "invalid Unicode character U+" + std::string(s.substr(i, n)) +
                        " in encoded character";
                return std::string_view::npos;
            }
            mail::utf8_append(decoded, static_cast<char32_t>(v));
        } else {
            if (n > 2) {
                return std::string_view::npos;
            }
            decoded += static_cast<char>(v);
        }
        any = true;
        i = j;
    }
}

}  // namespace

StringExpr::StringExpr(std::string literal, Position pos) : pos_(pos)
{
    add_text(literal);
}

void StringExpr::add_text(std::string_view text)
{
    if (text.empty()) {
        return;
    }
    literal_.append(text);
    // A constant string (most of a script's) is its literal_ alone: the parts are built at
    // the first variable reference, which is when eval() needs them.
    if (refs_ == 0) {
        return;
    }
    if (!parts_.empty() && std::holds_alternative<std::string>(parts_.back())) {
        std::get<std::string>(parts_.back()).append(text);
    } else {
        parts_.emplace_back(std::string(text));
    }
}

void StringExpr::add_ref(VarRef ref)
{
    if (refs_ == 0 && !literal_.empty()) {
        parts_.emplace_back(literal_);  // the text before the first reference
    }
    ++refs_;
    parts_.emplace_back(std::move(ref));
}

std::string StringExpr::eval(const Runtime& rt) const
{
    if (refs_ == 0) {
        return literal_;
    }
    std::string out;
    for (const auto& part : parts_) {
        if (const auto* text = std::get_if<std::string>(&part)) {
            out += *text;
        } else {
            out += rt.read_variable(std::get<VarRef>(part));
        }
        if (out.size() > rt.limits().max_string_size) {
            out.resize(rt.limits().max_string_size);
            break;
        }
    }
    return out;
}

std::vector<std::string> eval_list(const StringList& list, const Runtime& rt)
{
    std::vector<std::string> out;
    out.reserve(list.size());
    for (const StringExpr& s : list) {
        out.push_back(s.eval(rt));
    }
    return out;
}

bool all_constant(const StringList& list)
{
    for (const StringExpr& s : list) {
        if (!s.constant()) {
            return false;
        }
    }
    return true;
}

bool decode_encoded_characters(std::string_view in, std::string& out, std::string& error)
{
    out.clear();
    std::size_t i = 0;
    while (i < in.size()) {
        const std::size_t at = in.find("${", i);
        if (at == std::string_view::npos) {
            out.append(in.substr(i));
            break;
        }
        out.append(in.substr(i, at - i));
        const std::string_view rest = in.substr(at + 2);
        bool unicode = false;
        std::size_t body = std::string_view::npos;
        if (istarts_with(rest, "hex:")) {
            body = at + 2 + 4;
        } else if (istarts_with(rest, "unicode:")) {
            body = at + 2 + 8;
            unicode = true;
        }
        if (body != std::string_view::npos) {
            bool bad_value = false;
            const std::size_t end = parse_encoded(in, body, unicode, out, error, bad_value);
            if (bad_value) {
                return false;
            }
            if (end != std::string_view::npos) {
                i = end;
                continue;
            }
        }
        out.append("${");
        i = at + 2;
    }
    return true;
}

bool is_identifier(std::string_view name)
{
    if (name.empty()) {
        return false;
    }
    const auto alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (!alpha(name[0])) {
        return false;
    }
    for (const char c : name) {
        if (!alpha(c) && !(c >= '0' && c <= '9')) {
            return false;
        }
    }
    return true;
}

bool is_variable_name(std::string_view name)
{
    std::size_t i = 0;
    while (true) {
        const std::size_t dot = name.find('.', i);
        if (!is_identifier(name.substr(i, dot == std::string_view::npos ? dot : dot - i))) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        i = dot + 1;
    }
}

}  // namespace roost::sieve
