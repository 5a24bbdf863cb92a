// Routing client names to the session's namespaces.
#include "imap/worker/session_namespaces.hpp"

#include "core/strings.hpp"

namespace roost::imap {
namespace {

// `name` starts with `prefix`, whose INBOX part matches in any case (as INBOX itself does).
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

std::string SessionNamespace::root() const
{
    return names.prefix.empty() ? std::string() : names.prefix.substr(0, names.prefix.size() - 1);
}

std::string SessionNamespace::to_client(const std::string& storage_name) const
{
    if (!inbox && storage_name == "INBOX") {
        return names.prefix + storage_name;
    }
    return names.to_client(storage_name);
}

std::size_t inbox_index(const std::vector<SessionNamespace>& namespaces)
{
    for (std::size_t i = 0; i < namespaces.size(); ++i) {
        if (namespaces[i].inbox) {
            return i;
        }
    }
    return 0;
}

std::optional<NamespaceRoute> route_name(const std::vector<SessionNamespace>& namespaces,
                                         std::string_view client_name)
{
    if (iequals(client_name, "INBOX")) {
        return NamespaceRoute{inbox_index(namespaces), false};
    }
    std::optional<NamespaceRoute> best;
    std::size_t best_length = 0;
    for (std::size_t i = 0; i < namespaces.size(); ++i) {
        const std::string& prefix = namespaces[i].names.prefix;
        NamespaceRoute r{i, false};
        if (prefix.empty() || starts_with_prefix(client_name, prefix)) {
            r.root = false;
        } else if (client_name.size() + 1 == prefix.size() &&
                   starts_with_prefix(std::string(client_name) + prefix.back(), prefix)) {
            r.root = true;
        } else {
            continue;
        }
        if (!best || prefix.size() > best_length) {
            best = r;
            best_length = prefix.size();
        }
    }
    return best;
}

}  // namespace roost::imap
