// Result helpers that need the C library.
#include "core/result.hpp"

#include <cerrno>
#include <cstring>

namespace roost {

Error errno_error(const std::string& what)
{
    const int saved = errno;
    return Error{std::error_code(saved, std::system_category()), what + ": " + std::strerror(saved)};
}

}  // namespace roost
