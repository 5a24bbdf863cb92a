// RFC 6154 special-use attributes in the IMAP worker: which ones CREATE (USE (...)) may give a
// folder, and a folder's attributes in LIST, from the config's mailbox blocks and from what
// clients gave at CREATE (storage/special_use_file.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/special_use_file.hpp"

namespace roost::imap {

// The attribute as RFC 6154 spells it when CREATE may give it (\Archive \Drafts \Junk \Sent
// \Trash, in any case); nullopt for \All and \Flagged (virtual folders Roost does not keep)
// and for names RFC 6154 does not define: NO [USEATTR].
std::optional<std::string> creatable_special_use(std::string_view attribute);

// The attributes of folder `name` (a storage name): the configured ones, then those given at
// CREATE that the configuration does not already list.
std::vector<std::string> special_use_of(const std::string& name,
                                        const std::map<std::string, std::vector<std::string>>& configured,
                                        const storage::SpecialUseMap& created);

}  // namespace roost::imap
