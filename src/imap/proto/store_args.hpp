// Typed arguments of the commands on message sets: STORE (with UNCHANGEDSINCE, RFC 7162),
// COPY, MOVE (RFC 6851) and UID EXPUNGE (RFC 4315), each also as a UID command.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/arg_reader.hpp"
#include "imap/proto/sequence_set.hpp"

namespace roost::imap::proto {

struct StoreArgs {
    enum class Operation { Replace, Add, Remove };  // FLAGS, +FLAGS, -FLAGS
    SequenceSet set;
    bool uid = false;
    Operation operation = Operation::Replace;
    bool silent = false;                            // .SILENT
    std::vector<std::string> flags;                 // canonical system flags and keywords
    std::optional<std::uint64_t> unchanged_since;   // UNCHANGEDSINCE (0 allowed)
};

// COPY and MOVE.
struct CopyArgs {
    SequenceSet set;
    bool uid = false;
    std::string mailbox;
};

struct UidExpungeArgs {
    SequenceSet set;
};

Result<StoreArgs> parse_store(const Command& command);
Result<CopyArgs> parse_copy(const Command& command, const ParseContext& context);
Result<UidExpungeArgs> parse_uid_expunge(const Command& command);

}  // namespace roost::imap::proto
