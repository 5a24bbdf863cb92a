// The ":flags" argument keep and fileinto take with imap4flags (RFC 5232 section 5), and the
// flags a store action gets without it (the internal variable).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sieve/args.hpp"
#include "sieve/string_expr.hpp"

namespace roost::sieve {

class Compiler;
class Runtime;

struct StoreFlags {
    bool given = false;
    StringList flags;

    // The flags for the action: :flags when given, else the internal variable.
    std::vector<std::string> eval(Runtime& rt) const;
};

void add_store_flag_tags(std::vector<TagDef>& tags);
std::optional<StoreFlags> read_store_flags(Compiler& c, const Args& args);

}  // namespace roost::sieve
