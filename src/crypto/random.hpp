// Secure random bytes and the library start-up (libsodium's CSPRNG, seeded by the kernel).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

// Initialises libsodium. Programs call it once at start-up to report a failure cleanly; every
// other function here initialises on first use too and aborts if that is impossible (no kernel
// entropy source), since nothing secure can be done without it.
Result<void> init();

// `n` random bytes.
Bytes random_bytes(std::size_t n);
void random_fill(std::span<std::uint8_t> out);
// A uniformly distributed number in [0, upper); upper must be at least 1.
std::uint32_t random_below(std::uint32_t upper);
// `n` characters drawn uniformly from `alphabet` (at least one character long).
std::string random_string(std::size_t n, std::string_view alphabet);

}  // namespace roost::crypto
