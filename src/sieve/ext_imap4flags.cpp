// Flag lists of imap4flags.
#include "sieve/ext_imap4flags.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace roost::sieve {
namespace {

constexpr std::string_view kSystemFlags[] = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted",
                                             "\\Draft"};

bool has_flag(const std::vector<std::string>& list, std::string_view flag)
{
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& f) { return iequals(f, flag); });
}

}  // namespace

bool is_valid_flag(std::string_view flag)
{
    if (flag.empty()) {
        return false;
    }
    if (flag[0] == '\\') {
        return std::any_of(std::begin(kSystemFlags), std::end(kSystemFlags),
                           [&](std::string_view s) { return iequals(s, flag); });
    }
    // An IMAP atom (RFC 3501 flag-keyword): no specials, controls or 8-bit bytes.
    for (const char c : flag) {
        const auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' ||
            c == '"' || c == '\\' || c == ']') {
            return false;
        }
    }
    return true;
}

std::vector<std::string> parse_flags(std::string_view text)
{
    return parse_flags(std::vector<std::string>{std::string(text)});
}

std::vector<std::string> parse_flags(const std::vector<std::string>& strings)
{
    std::vector<std::string> out;
    for (const std::string& s : strings) {
        for (std::string_view word : split_words(s)) {
            if (!is_valid_flag(word) || has_flag(out, word)) {
                continue;
            }
            std::string flag(word);
            for (std::string_view sys : kSystemFlags) {
                if (iequals(sys, word)) {
                    flag = std::string(sys);
                }
            }
            out.push_back(std::move(flag));
        }
    }
    return out;
}

void add_flags(std::vector<std::string>& to, const std::vector<std::string>& flags)
{
    for (const std::string& f : flags) {
        if (!has_flag(to, f)) {
            to.push_back(f);
        }
    }
}

void remove_flags(std::vector<std::string>& from, const std::vector<std::string>& flags)
{
    from.erase(std::remove_if(from.begin(), from.end(),
                              [&](const std::string& f) { return has_flag(flags, f); }),
               from.end());
}

std::string join_flags(const std::vector<std::string>& flags)
{
    return join(flags, " ");
}

}  // namespace roost::sieve
