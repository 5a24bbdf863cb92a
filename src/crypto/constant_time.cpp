// Constant-time comparison and wiping through libsodium (sodium_memcmp, sodium_memzero).
#include "crypto/constant_time.hpp"

#include <sodium.h>

#include "crypto/sodium_init.hpp"

namespace roost::crypto {

bool equal(ByteView a, ByteView b)
{
    if (a.size() != b.size()) {
        return false;
    }
    if (a.empty()) {
        return true;
    }
    detail::ensure_sodium();
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(std::span<std::uint8_t> data)
{
    if (!data.empty()) {
        sodium_memzero(data.data(), data.size());
    }
}

void wipe(std::string& s)
{
    if (!s.empty()) {
        sodium_memzero(s.data(), s.size());
    }
}

}  // namespace roost::crypto
