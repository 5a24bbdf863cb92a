// SieveError: the error codes of the Sieve library as a std::error_code category (STYLE.md
// #6). Script problems are diagnostics and run-time errors in RunResult, not these; these
// are for callers: bad settings, scripts that do not compile, scripts too large to load.
#pragma once

#include <string>
#include <system_error>

#include "core/result.hpp"

namespace roost::sieve {

enum class SieveError {
    Ok = 0,
    BadSetting,     // a sieve_* setting with an invalid value
    CompileFailed,  // the script has errors (the diagnostics say which)
    TooLarge,       // the script exceeds sieve_max_script_size
    NotFound,       // no such script
};

const std::error_category& sieve_category();

inline std::error_code make_error_code(SieveError e)
{
    return {static_cast<int>(e), sieve_category()};
}

Error sieve_error(SieveError code, std::string message);

}  // namespace roost::sieve

template <>
struct std::is_error_code_enum<roost::sieve::SieveError> : std::true_type {
};
