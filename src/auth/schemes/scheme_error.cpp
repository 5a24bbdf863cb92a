// The std::error_category of SchemeError.
#include "auth/schemes/scheme_error.hpp"

namespace roost::auth {
namespace {

class SchemeCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "roost.auth.scheme"; }

    std::string message(int code) const override
    {
        switch (static_cast<SchemeError>(code)) {
            case SchemeError::Ok:
                return "success";
            case SchemeError::UnknownScheme:
                return "unknown password scheme";
            case SchemeError::Malformed:
                return "malformed stored password";
            case SchemeError::NeedsUser:
                return "password scheme needs the user name";
            case SchemeError::BadRounds:
                return "rounds out of range for the password scheme";
            case SchemeError::Unavailable:
                return "password scheme cannot provide this";
            case SchemeError::CryptoFailure:
                return "cryptographic library failure";
        }
        return "unknown password scheme error";
    }
};

}  // namespace

const std::error_category& scheme_category()
{
    static const SchemeCategory category;
    return category;
}

Error scheme_error(SchemeError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

}  // namespace roost::auth
