// The std::error_category of MailError.
#include "mail/mail_error.hpp"

namespace roost::mail {
namespace {

class MailCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "roost.mail"; }

    std::string message(int code) const override
    {
        switch (static_cast<MailError>(code)) {
            case MailError::Ok:
                return "success";
            case MailError::BadSection:
                return "invalid section specification";
            case MailError::UnknownEncoding:
                return "unknown content transfer encoding";
            case MailError::UnknownCharset:
                return "unknown charset";
            case MailError::BadCache:
                return "invalid serialised message structure";
            case MailError::BadArgument:
                return "invalid argument";
        }
        return "unknown mail error";
    }
};

}  // namespace

const std::error_category& mail_category()
{
    static const MailCategory category;
    return category;
}

Error mail_error(MailError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

}  // namespace roost::mail
