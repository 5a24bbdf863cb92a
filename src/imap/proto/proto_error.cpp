// The std::error_category of ImapProtoError.
#include "imap/proto/proto_error.hpp"

namespace roost::imap::proto {
namespace {

class ImapProtoCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "roost.imap.proto"; }

    std::string message(int code) const override
    {
        switch (static_cast<ImapProtoError>(code)) {
            case ImapProtoError::Ok:
                return "success";
            case ImapProtoError::Syntax:
                return "syntax error in IMAP command";
            case ImapProtoError::UnknownCommand:
                return "unknown IMAP command";
            case ImapProtoError::InvalidMailboxName:
                return "invalid mailbox name encoding";
            case ImapProtoError::TooBig:
                return "literal too big";
            case ImapProtoError::LineTooLong:
                return "command line too long";
        }
        return "unknown IMAP protocol error";
    }
};

}  // namespace

const std::error_category& imap_proto_category()
{
    static const ImapProtoCategory category;
    return category;
}

Error proto_error(ImapProtoError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

}  // namespace roost::imap::proto
