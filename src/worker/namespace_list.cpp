// Private namespaces from the config's namespace blocks.
#include "worker/namespace_list.hpp"

#include <algorithm>

namespace roost::worker {

std::vector<NamespaceConfig> private_namespaces(const config::Config& cfg)
{
    using config::Config;
    std::vector<NamespaceConfig> out;
    const auto sections = cfg.sections("namespace");
    for (const config::Section* ns : sections) {
        if (Config::section_value(*ns, "type") != "private" ||
            Config::section_value(*ns, "disabled") == "yes") {
            continue;
        }
        NamespaceConfig n;
        n.label = ns->label();
        n.prefix = Config::section_value(*ns, "prefix");
        n.separator = Config::section_value(*ns, "separator");
        n.location = Config::section_value(*ns, "location");
        n.inbox = Config::section_value(*ns, "inbox") == "yes";
        n.hidden = Config::section_value(*ns, "hidden") == "yes";
        n.ignore_on_failure = Config::section_value(*ns, "ignore_on_failure") == "yes";
        const std::string list = Config::section_value(*ns, "list");
        n.list = list == "no"         ? NamespaceListing::No
                 : list == "children" ? NamespaceListing::Children
                                      : NamespaceListing::Yes;
        try {
            n.order = static_cast<unsigned>(std::stoul(Config::section_value(*ns, "order")));
        } catch (const std::exception&) {
            n.order = 0;  // the validator has refused anything but a number
        }
        out.push_back(std::move(n));
    }
    if (out.empty()) {
        NamespaceConfig n;
        n.label = "namespace";
        out.push_back(std::move(n));
    }
    // A lone namespace holds INBOX whatever it says (the validator wants inbox = yes in one of
    // several; without it the first one does).
    if (std::none_of(out.begin(), out.end(), [](const NamespaceConfig& n) { return n.inbox; })) {
        out.front().inbox = true;
    }
    std::stable_sort(
        out.begin(), out.end(),
        [](const NamespaceConfig& a, const NamespaceConfig& b) { return a.order < b.order; });
    return out;
}

}  // namespace roost::worker
