// The std::error_category of CryptoError.
#include "crypto/crypto_error.hpp"

namespace roost::crypto {
namespace {

class CryptoCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "roost.crypto"; }

    std::string message(int code) const override
    {
        switch (static_cast<CryptoError>(code)) {
            case CryptoError::Ok:
                return "success";
            case CryptoError::BadEncoding:
                return "invalid encoding";
            case CryptoError::BadLength:
                return "invalid length";
            case CryptoError::BadParameter:
                return "invalid parameter";
            case CryptoError::LibraryFailure:
                return "cryptographic library failure";
        }
        return "unknown crypto error";
    }
};

}  // namespace

const std::error_category& crypto_category()
{
    static const CryptoCategory category;
    return category;
}

Error crypto_error(CryptoError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

}  // namespace roost::crypto
