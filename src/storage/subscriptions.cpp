// Parsing and serialising the subscriptions file.
#include "storage/subscriptions.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "storage/mailbox_name.hpp"

namespace roost::storage {
namespace {

// One stored name (modified UTF-7 levels joined by `sep`) as a storage name.
std::string decode_name(std::string_view stored, char sep)
{
    std::string out;
    bool first = true;
    for (const std::string_view level : split(stored, sep)) {
        if (!first) {
            out += kHierarchySeparator;
        }
        first = false;
        // A level that is not valid modified UTF-7 was written by something else: keep it.
        const auto decoded = mutf7_decode(level);
        out += decoded ? *decoded : std::string(level);
    }
    return canonical_mailbox_name(out);
}

}  // namespace

std::vector<std::string> parse_subscriptions(std::string_view bytes, char legacy_separator)
{
    std::vector<std::string> names;
    std::vector<std::string_view> lines = split(bytes, '\n');
    char sep = legacy_separator;
    std::size_t start = 0;
    if (!lines.empty() && lines[0].size() >= 2 && lines[0][0] == 'V' && lines[0][1] == '\t') {
        sep = '\t';
        start = 1;
    }
    for (std::size_t i = start; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        std::string name = decode_name(line, sep);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

std::string serialize_subscriptions(const std::vector<std::string>& names)
{
    std::string out = "V\t2\n\n";
    for (const std::string& name : names) {
        bool first = true;
        for (const std::string_view level : split(name, kHierarchySeparator)) {
            if (!first) {
                out += '\t';
            }
            first = false;
            out += mutf7_encode(level);
        }
        out += '\n';
    }
    return out;
}

}  // namespace roost::storage
