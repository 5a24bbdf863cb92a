// Comparisons whose running time does not depend on where secrets differ, and wiping secrets.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"

namespace roost::crypto {

// True when a and b hold the same bytes. The time taken depends only on the lengths, which
// are treated as public (different lengths return false at once).
bool equal(ByteView a, ByteView b);
inline bool equal(std::string_view a, std::string_view b)
{
    return equal(as_bytes(a), as_bytes(b));
}

// Overwrites memory with zeros in a way the compiler may not optimise away.
void wipe(std::span<std::uint8_t> data);
void wipe(std::string& s);
inline void wipe(Bytes& b)
{
    wipe(std::span<std::uint8_t>(b));
}

}  // namespace roost::crypto
