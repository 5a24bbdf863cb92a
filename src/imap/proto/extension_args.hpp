// Typed arguments of QUOTA (RFC 9208: GETQUOTA, GETQUOTAROOT, SETQUOTA) and METADATA
// (RFC 5464: SETMETADATA, GETMETADATA). Parsed so the server can answer precisely even
// where it does not act on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "imap/proto/arg.hpp"
#include "imap/proto/arg_reader.hpp"

namespace roost::imap::proto {

struct GetQuotaArgs {
    std::string root;  // quota root name, as sent
};

struct SetQuotaArgs {
    std::string root;
    std::vector<std::pair<std::string, std::uint64_t>> limits;  // resource (upper case), limit
};

struct SetMetadataArgs {
    std::string mailbox;  // "" for server annotations
    // entry name ("/private/comment"), value; nullopt (NIL) removes the entry
    std::vector<std::pair<std::string, std::optional<std::string>>> entries;
};

struct GetMetadataArgs {
    enum class Depth { Zero, One, Infinity };
    std::string mailbox;
    std::vector<std::string> entries;
    std::optional<std::uint64_t> max_size;
    Depth depth = Depth::Zero;
};

Result<GetQuotaArgs> parse_getquota(const Command& command);
Result<SetQuotaArgs> parse_setquota(const Command& command);
Result<SetMetadataArgs> parse_setmetadata(const Command& command, const ParseContext& context);
Result<GetMetadataArgs> parse_getmetadata(const Command& command, const ParseContext& context);

}  // namespace roost::imap::proto
