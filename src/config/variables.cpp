// %-variable expansion.
#include "config/variables.hpp"

#include <algorithm>
#include <cstdlib>
#include <fnmatch.h>
#include <regex.h>

#include "core/strings.hpp"

namespace roost::config {
namespace {

Error var_error(std::string message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), std::move(message)};
}

// Index just past the '}' that closes the '{' at `open`, honouring nested braces.
std::size_t closing_brace(std::string_view text, std::size_t open)
{
    int depth = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
        if (text[i] == '{') {
            ++depth;
        } else if (text[i] == '}' && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// Splits on `sep` outside nested %{...}.
std::vector<std::string_view> split_outside_braces(std::string_view text, char sep)
{
    std::vector<std::string_view> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            ++depth;
        } else if (text[i] == '}') {
            --depth;
        } else if (text[i] == sep && depth == 0) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(text.substr(start));
    return parts;
}

std::string to_hex(std::string_view decimal)
{
    const std::uint64_t n = std::strtoull(std::string(decimal).c_str(), nullptr, 10);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    std::uint64_t v = n;
    do {
        out += kDigits[v & 15];
        v >>= 4;
    } while (v != 0);
    std::reverse(out.begin(), out.end());
    return out;
}

std::string domain_to_dn(std::string_view domain)
{
    std::string out;
    for (std::string_view part : split(domain, '.')) {
        if (!out.empty()) {
            out += ',';
        }
        out += "dc=";
        out += part;
    }
    return out;
}

std::string_view username_of(std::string_view user)
{
    const std::size_t at = user.find('@');
    return at == std::string_view::npos ? user : user.substr(0, at);
}

std::string_view domain_of(std::string_view user)
{
    const std::size_t at = user.find('@');
    return at == std::string_view::npos ? std::string_view() : user.substr(at + 1);
}

class Expander {
public:
    explicit Expander(const Variables& vars) : vars_(vars) {}

    Result<std::string> expand(std::string_view text, int depth = 0)
    {
        if (depth > 8) {
            return var_error("%-variables nested too deeply");
        }
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '%') {
                out += text[i];
                continue;
            }
            if (++i >= text.size()) {
                return var_error("'%' at the end of the value");
            }
            if (text[i] == '%') {
                out += '%';
                continue;
            }
            auto one = variable(text, i, depth);
            if (!one) {
                return one.error();
            }
            out += *one;
        }
        return out;
    }

private:
    // Expands the variable starting at text[i] (just after '%'); leaves i on its last char.
    Result<std::string> variable(std::string_view text, std::size_t& i, int depth)
    {
        bool negative = false;
        bool zero_pad = false;
        long offset = 0;
        long width = -1;
        if (text[i] == '-') {
            negative = true;
            ++i;
        }
        if (i < text.size() && text[i] == '0') {
            zero_pad = true;
        }
        long number = -1;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            number = (number < 0 ? 0 : number * 10) + (text[i] - '0');
            ++i;
        }
        if (i < text.size() && text[i] == '.') {
            offset = number < 0 ? 0 : number;
            ++i;
            number = -1;
            if (i < text.size() && text[i] == '0') {
                zero_pad = true;
            }
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
                number = (number < 0 ? 0 : number * 10) + (text[i] - '0');
                ++i;
            }
        }
        width = number;
        if (negative) {
            offset = -offset;
            if (width >= 0 && offset == 0) {  // "%-2u": negative width means from the end
                offset = -width;
            }
        }
        std::string modifiers;
        while (i < text.size() && std::string_view("LUEXRHNMDT").find(text[i]) != std::string_view::npos) {
            modifiers += text[i];
            ++i;
        }
        if (i >= text.size()) {
            return var_error("'%' without a variable name");
        }
        Result<std::string> value = std::string();
        if (text[i] == '{') {
            const std::size_t end = closing_brace(text, i);
            if (end == std::string_view::npos) {
                return var_error("Missing '}' in %{...}");
            }
            value = braced(text.substr(i + 1, end - i - 2), depth);
            i = end - 1;
        } else {
            value = letter(text[i]);
        }
        if (!value) {
            return value.error();
        }
        auto modified = apply_modifiers(*value, modifiers);
        if (!modified) {
            return modified.error();
        }
        return apply_width(std::move(*modified), offset, width, zero_pad);
    }

    Result<std::string> letter(char c) const
    {
        const auto it = vars_.letters.find(c);
        if (it == vars_.letters.end()) {
            return var_error(std::string("Unknown variable %") + c);
        }
        return named(it->second);
    }

    Result<std::string> named(std::string_view name) const
    {
        const auto it = vars_.values.find(name);
        if (it == vars_.values.end()) {
            return var_error("Unknown variable %{" + std::string(name) + "}");
        }
        return it->second;
    }

    Result<std::string> braced(std::string_view content, int depth)
    {
        content = trim(content);
        if (content.substr(0, 3) == "if;") {
            return conditional(content.substr(3), depth);
        }
        if (content.find('|') != std::string_view::npos) {
            return filtered(content);
        }
        if (const std::size_t colon = content.find(':'); colon != std::string_view::npos) {
            const std::string_view func = content.substr(0, colon);
            const std::string_view arg = content.substr(colon + 1);
            if (func == "env") {
                const char* env = std::getenv(std::string(arg).c_str());
                return std::string(env == nullptr ? "" : env);
            }
            auto data = named(arg);
            if (!data) {
                return data.error();
            }
            return hash(func, *data);
        }
        return named(content);
    }

    Result<std::string> hash(std::string_view method, std::string_view data) const
    {
        if (!vars_.hash) {
            return var_error("Hash %{" + std::string(method) + ":...} is not available here");
        }
        auto h = vars_.hash(method, data);
        if (!h) {
            return var_error("Unknown hash method: " + std::string(method));
        }
        return *h;
    }

    // %{if;A;op;B;then;else}: A, B and both results may hold variables themselves.
    Result<std::string> conditional(std::string_view args, int depth)
    {
        const auto parts = split_outside_braces(args, ';');
        if (parts.size() != 5) {
            return var_error("%{if;...} needs 5 parameters: value;op;value;then;else");
        }
        auto a = expand(parts[0], depth + 1);
        auto b = expand(parts[2], depth + 1);
        if (!a || !b) {
            return !a ? a.error() : b.error();
        }
        const std::string_view op = parts[1];
        bool result = false;
        const double na = std::strtod(a->c_str(), nullptr);
        const double nb = std::strtod(b->c_str(), nullptr);
        if (op == "==") {
            result = na == nb;
        } else if (op == "!=") {
            result = na != nb;
        } else if (op == "<") {
            result = na < nb;
        } else if (op == "<=") {
            result = na <= nb;
        } else if (op == ">") {
            result = na > nb;
        } else if (op == ">=") {
            result = na >= nb;
        } else if (op == "eq") {
            result = *a == *b;
        } else if (op == "ne") {
            result = *a != *b;
        } else if (op == "lt") {
            result = *a < *b;
        } else if (op == "le") {
            result = *a <= *b;
        } else if (op == "gt") {
            result = *a > *b;
        } else if (op == "ge") {
            result = *a >= *b;
        } else if (op == "*" || op == "!*") {
            result = (::fnmatch(b->c_str(), a->c_str(), 0) == 0) == (op == "*");
        } else if (op == "~" || op == "!~") {
            // POSIX extended regular expressions, as Dovecot uses.
            regex_t re;
            if (::regcomp(&re, b->c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
                return var_error("Invalid regular expression in %{if}: " + *b);
            }
            result = (::regexec(&re, a->c_str(), 0, nullptr, 0) == 0) == (op == "~");
            ::regfree(&re);
        } else {
            return var_error("Unknown operator in %{if}: " + std::string(op));
        }
        return expand(result ? parts[3] : parts[4], depth + 1);
    }

    // Dovecot 2.4: %{name | filter | filter}.
    Result<std::string> filtered(std::string_view content)
    {
        const auto parts = split(content, '|');
        auto value = named(trim(parts[0]));
        if (!value) {
            return value.error();
        }
        std::string v = *value;
        for (std::size_t k = 1; k < parts.size(); ++k) {
            const std::string_view f = trim(parts[k]);
            if (f == "lower") {
                v = to_lower(v);
            } else if (f == "upper") {
                v = to_upper(v);
            } else if (f == "username") {
                v = std::string(username_of(v));
            } else if (f == "domain") {
                v = std::string(domain_of(v));
            } else if (f == "reverse") {
                std::reverse(v.begin(), v.end());
            } else if (f == "hex") {
                v = to_hex(v);
            } else if (f == "md5" || f == "sha1" || f == "sha256" || f == "sha512") {
                auto h = hash(f, v);
                if (!h) {
                    return h.error();
                }
                v = *h;
            } else {
                return var_error("Unknown filter in %{...}: " + std::string(f));
            }
        }
        return v;
    }

    Result<std::string> apply_modifiers(std::string value, std::string_view modifiers) const
    {
        for (const char m : modifiers) {
            switch (m) {
            case 'L': value = to_lower(value); break;
            case 'U': value = to_upper(value); break;
            case 'R': std::reverse(value.begin(), value.end()); break;
            case 'X': value = to_hex(value); break;
            case 'D': value = domain_to_dn(value); break;
            case 'T': value = std::string(trim_right(value)); break;
            case 'E': {
                std::string escaped;
                for (const char c : value) {
                    if (c == '\\' || c == '"' || c == '\'') {
                        escaped += '\\';
                    }
                    escaped += c;
                }
                value = std::move(escaped);
                break;
            }
            case 'M': {
                auto h = hash("md5", value);
                if (!h) {
                    return h.error();
                }
                value = std::move(*h);
                break;
            }
            default:
                return var_error(std::string("Modifier %") + m + " is not supported");
            }
        }
        return value;
    }

    static std::string apply_width(std::string value, long offset, long width, bool zero_pad)
    {
        if (zero_pad) {
            // Zero-padded widths pad but never truncate; an offset still selects.
            if (offset != 0) {
                value = select(value, offset, -1);
            }
            if (width >= 0 && static_cast<long>(value.size()) < width) {
                value.insert(0, static_cast<std::size_t>(width) - value.size(), '0');
            }
            return value;
        }
        if (offset == 0 && width < 0) {
            return value;
        }
        return select(value, offset, width);
    }

    static std::string select(const std::string& value, long offset, long width)
    {
        const long size = static_cast<long>(value.size());
        long start = offset;
        if (start < 0) {
            start = std::max(0L, size + start);
        }
        if (start >= size) {
            return {};
        }
        const long len = width < 0 ? size - start : std::min(width, size - start);
        return value.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
    }

    const Variables& vars_;
};

}  // namespace

void Variables::set(std::string name, std::string value, char letter)
{
    if (letter != 0) {
        letters[letter] = name;
    }
    values[std::move(name)] = std::move(value);
}

std::map<char, std::string> user_letters()
{
    return {{'u', "user"},    {'n', "username"}, {'d', "domain"}, {'s', "service"},
            {'h', "home"},    {'l', "lip"},      {'r', "rip"},    {'p', "pid"},
            {'i', "uid"},     {'c', "secured"},  {'k', "cert"},   {'a', "lport"},
            {'b', "rport"},   {'m', "mech"},     {'w', "password"}};
}

Result<std::string> expand_variables(std::string_view text, const Variables& vars)
{
    return Expander(vars).expand(text);
}

std::string check_variable_syntax(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            continue;
        }
        if (++i >= text.size()) {
            return "'%' at the end of the value (write %% for a literal %)";
        }
        if (text[i] == '%') {
            continue;
        }
        while (i < text.size() && (text[i] == '-' || text[i] == '.' || (text[i] >= '0' && text[i] <= '9') ||
                                   std::string_view("LUEXRHNMDT").find(text[i]) != std::string_view::npos)) {
            ++i;
        }
        if (i >= text.size()) {
            return "'%' without a variable name";
        }
        if (text[i] == '{') {
            const std::size_t end = closing_brace(text, i);
            if (end == std::string_view::npos) {
                return "Missing '}' in %{...}";
            }
            i = end - 1;
        }
    }
    return {};
}

}  // namespace roost::config
