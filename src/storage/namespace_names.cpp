// Prefix and separator mapping between client and storage names.
#include "storage/namespace_names.hpp"

#include "core/strings.hpp"

namespace roost::storage {
namespace {

bool is_inbox_prefix(std::string_view prefix)
{
    return iequals(prefix.substr(0, 5), "INBOX");
}

// The prefix matches with its INBOX part in any case, as INBOX itself does.
bool starts_with_prefix(std::string_view name, std::string_view prefix)
{
    if (name.size() < prefix.size()) {
        return false;
    }
    const std::size_t inbox = is_inbox_prefix(prefix) ? 5 : 0;
    return iequals(name.substr(0, inbox), prefix.substr(0, inbox)) &&
           name.substr(inbox, prefix.size() - inbox) == prefix.substr(inbox);
}

}  // namespace

char default_separator(const MailLocation& location)
{
    return iequals(location.layout, "fs") || location.driver == "mbox" ? '/' : '.';
}

std::string NamespaceNames::to_client(std::string_view storage_name) const
{
    std::string out(storage_name == "INBOX" ? std::string_view{} : std::string_view(prefix));
    const std::size_t start = out.size();
    out += storage_name;
    for (std::size_t i = start; i < out.size(); ++i) {
        if (out[i] == '/') {
            out[i] = separator;
        }
    }
    return out;
}

bool NamespaceNames::outside(std::string_view client_name) const
{
    return !prefix.empty() && !iequals(client_name, "INBOX") && !starts_with_prefix(client_name, prefix);
}

std::optional<std::string> NamespaceNames::to_storage(std::string_view client_name) const
{
    if (outside(client_name)) {
        return std::nullopt;
    }
    if (!prefix.empty() && !iequals(client_name, "INBOX")) {
        client_name.remove_prefix(prefix.size());
        if (client_name.empty()) {
            return is_inbox_prefix(prefix) ? std::optional<std::string>("INBOX") : std::nullopt;
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

}  // namespace roost::storage
