// The capability list and the sieve_extensions syntax.
#include "sieve/settings.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace roost::sieve {
namespace {

bool base_enabled(const Settings& s, const std::string& ext)
{
    if (ext == "spamtest" || ext == "spamtestplus") {
        return s.spamtest.configured();
    }
    if (ext == "virustest") {
        return s.virustest.configured();
    }
    return true;
}

}  // namespace

const std::vector<std::string>& implemented_extensions()
{
    // Only what is implemented in full: a capability listed here is announced to users.
    static const std::vector<std::string> kList = {
        "fileinto",
        "reject",
        "ereject",
        "envelope",
        "encoded-character",
        "variables",
        "vacation",
        "vacation-seconds",
        "relational",
        "comparator-i;octet",
        "comparator-i;ascii-casemap",
        "comparator-i;ascii-numeric",
        "imap4flags",
        "subaddress",
        "copy",
        "body",
        "include",
        "date",
        "index",
        "editheader",
        "mailbox",
        "environment",
        "enotify",
        "duplicate",
        "ihave",
        "regex",
        "spamtest",
        "spamtestplus",
        "virustest",
        "mime",
        "foreverypart",
        "extracttext",
    };
    return kList;
}

std::vector<std::string> enabled_extensions(const Settings& settings)
{
    std::vector<std::string> out;
    for (const std::string& ext : implemented_extensions()) {
        const bool always = ext == "comparator-i;octet" || ext == "comparator-i;ascii-casemap";
        const bool chosen = settings.extensions.empty() ? base_enabled(settings, ext)
                                                        : settings.extensions.count(ext) > 0;
        if (always || chosen) {
            out.push_back(ext);
        }
    }
    return out;
}

std::vector<std::string> apply_extension_list(Settings& settings, const std::string& list)
{
    std::vector<std::string> unknown;
    const auto words = split_words(list);
    const bool relative = std::all_of(words.begin(), words.end(), [](std::string_view w) {
        return !w.empty() && (w[0] == '+' || w[0] == '-');
    });
    std::set<std::string> set;
    if (relative) {
        for (const std::string& e : enabled_extensions(settings)) {
            set.insert(e);
        }
    }
    const auto& all = implemented_extensions();
    for (std::string_view w : words) {
        const bool plus = w[0] == '+';
        const bool minus = w[0] == '-';
        const std::string name = to_lower(plus || minus ? w.substr(1) : w);
        if (std::find(all.begin(), all.end(), name) == all.end()) {
            unknown.push_back(name);
            continue;
        }
        if (minus) {
            set.erase(name);
        } else {
            set.insert(name);
        }
    }
    settings.extensions = std::move(set);
    if (settings.extensions.empty()) {
        // An empty set means "the default"; keep at least the always-present comparators.
        settings.extensions.insert("comparator-i;octet");
    }
    return unknown;
}

}  // namespace roost::sieve
