// Folder defaults from the inbox namespace's mailbox blocks.
#include "worker/mailbox_defaults.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "storage/storage_error.hpp"

namespace roost::worker {
namespace {

const config::Section* inbox_namespace(const config::Config& cfg)
{
    // The served ones only (namespace_list.hpp): private and not disabled.
    std::vector<const config::Section*> namespaces;
    for (const config::Section* ns : cfg.sections("namespace")) {
        if (config::Config::section_value(*ns, "type") == "private" &&
            config::Config::section_value(*ns, "disabled") != "yes") {
            namespaces.push_back(ns);
        }
    }
    for (const config::Section* ns : namespaces) {
        if (config::Config::section_value(*ns, "inbox") == "yes") {
            return ns;
        }
    }
    return namespaces.empty() ? nullptr : namespaces.front();
}

}  // namespace

std::vector<MailboxDefault> mailbox_defaults(const config::Config& cfg)
{
    std::vector<MailboxDefault> out;
    const config::Section* ns = inbox_namespace(cfg);
    if (ns == nullptr) {
        return out;
    }
    const std::string separator = config::Config::section_value(*ns, "separator");
    for (const config::Section* box : ns->children_of("mailbox")) {
        MailboxDefault d;
        d.name = box->name;
        if (separator.size() == 1 && separator != "/") {
            std::replace(d.name.begin(), d.name.end(), separator[0], '/');
        }
        const std::string uses = config::Config::section_value(*box, "special_use");
        for (std::string_view use : split_words(uses)) {
            d.special_use.emplace_back(use);
        }
        const std::string autocreate = config::Config::section_value(*box, "auto");
        d.autocreate = autocreate == "subscribe" ? MailboxDefault::Auto::Subscribe
                       : autocreate == "create"  ? MailboxDefault::Auto::Create
                                                 : MailboxDefault::Auto::No;
        out.push_back(std::move(d));
    }
    return out;
}

NamespaceNames inbox_namespace_names(const config::Config& cfg)
{
    const config::Section* ns = inbox_namespace(cfg);
    if (ns == nullptr) {
        return {};
    }
    return {config::Config::section_value(*ns, "prefix"), config::Config::section_value(*ns, "separator")};
}

storage::NamespaceNames inbox_names(const config::Config& cfg, const storage::MailLocation& location)
{
    NamespaceNames configured = inbox_namespace_names(cfg);
    return {std::move(configured.prefix),
            configured.separator.size() == 1 ? configured.separator.front() : storage::default_separator(location)};
}

Result<void> apply_mailbox_defaults(storage::Storage& storage, const std::vector<MailboxDefault>& defaults)
{
    const bool any = std::any_of(defaults.begin(), defaults.end(),
                                 [](const MailboxDefault& d) { return d.autocreate != MailboxDefault::Auto::No; });
    if (!any) {
        return {};
    }
    auto listed = storage.list_mailboxes();
    if (!listed) {
        return listed.error();
    }
    auto subscribed = storage.subscriptions();
    if (!subscribed) {
        return subscribed.error();
    }
    for (const MailboxDefault& d : defaults) {
        if (d.autocreate == MailboxDefault::Auto::No) {
            continue;
        }
        const bool exists = std::any_of(listed->begin(), listed->end(), [&d](const storage::MailboxListEntry& e) {
            return e.name == d.name && e.selectable;
        });
        if (!exists && d.name != "INBOX") {
            auto created = storage.create_mailbox(d.name);
            if (!created && storage::storage_code_of(created.error()) != storage::StorageError::Exists) {
                return created;
            }
        }
        if (d.autocreate == MailboxDefault::Auto::Subscribe &&
            std::find(subscribed->begin(), subscribed->end(), d.name) == subscribed->end()) {
            if (auto r = storage.set_subscribed(d.name, true); !r) {
                return r;
            }
        }
    }
    return {};
}

}  // namespace roost::worker
