// libxcrypt wrappers. struct crypt_data is large (tens of KiB), so it lives on the heap.
#include "auth/schemes/unix_crypt.hpp"

#include <crypt.h>

#include <memory>

#include "auth/schemes/scheme_error.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/random.hpp"

namespace roost::auth {

Result<std::string> unix_crypt(std::string_view password, std::string_view setting)
{
    if (password.find('\0') != std::string_view::npos ||
        setting.find('\0') != std::string_view::npos) {
        return scheme_error(SchemeError::Malformed, "crypt(3) strings cannot hold NUL bytes");
    }
    auto data = std::make_unique<crypt_data>();
    std::string pw(password);
    const std::string set(setting);
    const char* out = crypt_rn(pw.c_str(), set.c_str(), data.get(), sizeof(crypt_data));
    crypto::wipe(pw);
    // libxcrypt signals failure with NULL or a string starting with '*' (never a valid hash).
    if (out == nullptr || out[0] == '*' || out[0] == '\0') {
        crypto::wipe(std::span(reinterpret_cast<std::uint8_t*>(data.get()), sizeof(crypt_data)));
        return scheme_error(SchemeError::Malformed, "not a crypt(3) hash this system supports");
    }
    std::string result(out);
    crypto::wipe(std::span(reinterpret_cast<std::uint8_t*>(data.get()), sizeof(crypt_data)));
    return result;
}

Result<std::string> unix_crypt_setting(const char* prefix, unsigned long count)
{
    const crypto::Bytes random = crypto::random_bytes(16);
    char out[CRYPT_GENSALT_OUTPUT_SIZE] = {};
    if (crypt_gensalt_rn(prefix, count, reinterpret_cast<const char*>(random.data()),
                         static_cast<int>(random.size()), out, sizeof out) == nullptr) {
        return scheme_error(SchemeError::BadRounds,
                            "crypt(3) refused cost " + std::to_string(count));
    }
    return std::string(out);
}

}  // namespace roost::auth
