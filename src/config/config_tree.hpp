// The parsed shape of a configuration: nested sections holding settings, each with its location.
// This is what the reader builds and the validator checks; it knows nothing of setting types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/location.hpp"

namespace roost::config {

struct Setting {
    std::string key;
    std::string value;         // for from_file: the absolute path of the file
    Location where;
    bool from_file = false;    // written as "key = <path": the file's content is the value
    bool quoted = false;
};

struct Section {
    std::string type;  // "" for the root; "service", "protocol", "inet_listener", ...
    std::string name;  // "imap-login", "imap", ""
    Location where;
    std::vector<Setting> settings;  // file order; setting a key again replaces it in place
    std::vector<Section> children;  // file order

    const Setting* find(std::string_view key) const;
    Setting* find(std::string_view key);
    // Sets or replaces key; the returned reference is valid until the next set().
    Setting& set(Setting setting);
    const Section* child(std::string_view child_type, std::string_view child_name) const;
    Section* child(std::string_view child_type, std::string_view child_name);
    std::vector<const Section*> children_of(std::string_view child_type) const;
    // "service imap-login" or "passdb" or "root", for messages.
    std::string label() const;
};

}  // namespace roost::config
