// Secure random bytes from libsodium, and its one-time initialisation.
#include "crypto/random.hpp"

#include <sodium.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>

#include "crypto/crypto_error.hpp"
#include "crypto/sodium_init.hpp"

namespace roost::crypto {

namespace detail {

void ensure_sodium()
{
    // sodium_init() is idempotent and thread-safe; the static only saves the repeated call.
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        std::fputs("roost: libsodium cannot be initialised (no entropy source?)\n", stderr);
        std::abort();
    }
}

}  // namespace detail

Result<void> init()
{
    if (sodium_init() < 0) {
        return crypto_error(CryptoError::LibraryFailure,
                            "libsodium cannot be initialised (no entropy source?)");
    }
    return {};
}

Bytes random_bytes(std::size_t n)
{
    Bytes out(n);
    random_fill(out);
    return out;
}

void random_fill(std::span<std::uint8_t> out)
{
    detail::ensure_sodium();
    if (!out.empty()) {
        randombytes_buf(out.data(), out.size());
    }
}

std::uint32_t random_below(std::uint32_t upper)
{
    assert(upper >= 1);
    detail::ensure_sodium();
    return randombytes_uniform(upper);
}

std::string random_string(std::size_t n, std::string_view alphabet)
{
    assert(!alphabet.empty());
    std::string out(n, '\0');
    for (char& c : out) {
        c = alphabet[random_below(static_cast<std::uint32_t>(alphabet.size()))];
    }
    return out;
}

}  // namespace roost::crypto
