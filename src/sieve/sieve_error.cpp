// The SieveError category.
#include "sieve/sieve_error.hpp"

namespace roost::sieve {
namespace {

class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "sieve"; }
    std::string message(int code) const override
    {
        switch (static_cast<SieveError>(code)) {
            case SieveError::Ok:
                return "success";
            case SieveError::BadSetting:
                return "invalid Sieve setting";
            case SieveError::CompileFailed:
                return "Sieve script does not compile";
            case SieveError::TooLarge:
                return "Sieve script too large";
            case SieveError::NotFound:
                return "Sieve script not found";
        }
        return "unknown Sieve error";
    }
};

}  // namespace

const std::error_category& sieve_category()
{
    static const Category instance;
    return instance;
}

Error sieve_error(SieveError code, std::string message)
{
    return Error{make_error_code(code), std::move(message)};
}

}  // namespace roost::sieve
