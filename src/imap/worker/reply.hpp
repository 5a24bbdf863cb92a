// Reply: the tagged answer a command handler returns, and the NO a storage failure becomes
// (RFC 5530 response codes with Dovecot's texts; the storage library speaks no IMAP).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "imap/proto/response.hpp"

namespace roost::imap {

struct Reply {
    proto::Status status = proto::Status::Ok;
    std::optional<proto::ResponseCode> code;
    std::string text;

    static Reply ok(std::string text, std::optional<proto::ResponseCode> code = std::nullopt)
    {
        return {proto::Status::Ok, std::move(code), std::move(text)};
    }
    static Reply no(std::string text, std::optional<proto::ResponseCode> code = std::nullopt)
    {
        return {proto::Status::No, std::move(code), std::move(text)};
    }
    static Reply bad(std::string text) { return {proto::Status::Bad, std::nullopt, std::move(text)}; }
};

// The NO for a storage error about `mailbox` (client form, for the text). `internal` is set
// for errors the client cannot act on ([SERVERBUG]); the caller logs those.
Reply storage_failure(const Error& error, std::string_view mailbox, bool& internal);

}  // namespace roost::imap
