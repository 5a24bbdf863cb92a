// Separator mapping and LIST pattern matching.
#include "imap/worker/mailbox_names.hpp"

#include <vector>

#include "core/strings.hpp"

namespace roost::imap {

char separator_for_layout(std::string_view layout)
{
    return iequals(layout, "fs") ? '/' : '.';
}

namespace {

// The prefix matches with its INBOX part in any case, as INBOX itself does.
bool starts_with_prefix(std::string_view name, std::string_view prefix)
{
    if (name.size() < prefix.size()) {
        return false;
    }
    const std::size_t inbox = iequals(prefix.substr(0, 5), "INBOX") ? 5 : 0;
    return iequals(name.substr(0, inbox), prefix.substr(0, inbox)) &&
           name.substr(inbox, prefix.size() - inbox) == prefix.substr(inbox);
}

}  // namespace

std::string to_client_name(std::string_view storage_name, char separator, std::string_view prefix)
{
    std::string out(storage_name == "INBOX" ? std::string_view{} : prefix);
    out += storage_name;
    for (std::size_t i = out.size() - storage_name.size(); i < out.size(); ++i) {
        if (out[i] == '/') {
            out[i] = separator;
        }
    }
    return out;
}

bool outside_namespace(std::string_view client_name, std::string_view prefix)
{
    return !prefix.empty() && !iequals(client_name, "INBOX") && !starts_with_prefix(client_name, prefix);
}

std::optional<std::string> to_storage_name(std::string_view client_name, char separator, std::string_view prefix)
{
    if (outside_namespace(client_name, prefix)) {
        return std::nullopt;
    }
    if (!prefix.empty() && !iequals(client_name, "INBOX")) {
        client_name.remove_prefix(prefix.size());
        if (client_name.empty()) {
            // "INBOX." names INBOX, as in Dovecot; any other bare prefix is no mailbox.
            return iequals(prefix.substr(0, 5), "INBOX") ? std::optional<std::string>("INBOX") : std::nullopt;
        }
    }
    std::string out;
    out.reserve(client_name.size());
    for (const char c : client_name) {
        if (c == separator) {
            out += '/';
        } else if (c == '/') {
            return std::nullopt;
        } else {
            out += c;
        }
    }
    const std::size_t first_end = out.find('/');
    if (iequals(std::string_view(out).substr(0, first_end), "INBOX")) {
        out.replace(0, 5, "INBOX");
    }
    return out;
}

std::string canonical_pattern(std::string_view pattern, char separator)
{
    std::string out(pattern);
    const std::size_t first_end = out.find(separator);
    if (iequals(std::string_view(out).substr(0, first_end), "INBOX")) {
        out.replace(0, 5, "INBOX");
    }
    return out;
}

bool list_pattern_matches(std::string_view pattern, std::string_view name, char separator)
{
    // Dynamic programming over (pattern position, name position), one row per pattern
    // position from the end: no backtracking, so hostile patterns stay linear in size.
    const std::size_t n = name.size();
    std::vector<char> next(n + 1, 0);  // row i + 1
    std::vector<char> row(n + 1, 0);   // row i
    next[n] = 1;                       // empty pattern matches the empty rest only
    for (std::size_t i = pattern.size(); i-- > 0;) {
        const char p = pattern[i];
        for (std::size_t j = n + 1; j-- > 0;) {
            bool m = false;
            if (p == '*') {
                m = next[j] != 0 || (j < n && row[j + 1] != 0);
            } else if (p == '%') {
                m = next[j] != 0 || (j < n && name[j] != separator && row[j + 1] != 0);
            } else {
                m = j < n && name[j] == p && next[j + 1] != 0;
            }
            row[j] = m ? 1 : 0;
        }
        next.swap(row);
    }
    return next[0] != 0;
}

}  // namespace roost::imap
