// Parsing and serialising the CREATE-SPECIAL-USE file, and its bookkeeping on RENAME.
#include "storage/special_use_file.hpp"

#include "core/strings.hpp"
#include "storage/mailbox_name.hpp"

namespace roost::storage {
namespace {

constexpr std::string_view kVersionLine = "V\t1";

}  // namespace

SpecialUseMap parse_special_use(std::string_view bytes)
{
    SpecialUseMap out;
    const std::vector<std::string_view> lines = split(bytes, '\n');
    if (lines.empty() || trim(lines[0]) != kVersionLine) {
        return out;  // empty, or a version this code does not know
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);  // edited by hand on another system
        }
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0) {
            continue;
        }
        std::vector<std::string> attributes;
        for (const std::string_view word : split_words(line.substr(tab + 1))) {
            attributes.emplace_back(word);
        }
        if (!attributes.empty()) {
            out[canonical_mailbox_name(line.substr(0, tab))] = std::move(attributes);
        }
    }
    return out;
}

std::string serialize_special_use(const SpecialUseMap& entries)
{
    std::string out(kVersionLine);
    out += '\n';
    for (const auto& [name, attributes] : entries) {
        if (attributes.empty()) {
            continue;
        }
        out += name;
        char sep = '\t';
        for (const std::string& a : attributes) {
            out += sep;
            out += a;
            sep = ' ';
        }
        out += '\n';
    }
    return out;
}

bool rename_special_use(SpecialUseMap& entries, std::string_view from, std::string_view to)
{
    const std::string prefix = std::string(from) + kHierarchySeparator;
    SpecialUseMap moved;
    for (auto it = entries.begin(); it != entries.end();) {
        if (it->first == from || it->first.starts_with(prefix)) {
            moved[std::string(to) + it->first.substr(from.size())] = std::move(it->second);
            it = entries.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& [name, attributes] : moved) {
        entries[name] = std::move(attributes);
    }
    return !moved.empty();
}

}  // namespace roost::storage
