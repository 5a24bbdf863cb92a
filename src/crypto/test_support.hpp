// Helpers shared by the roost::crypto unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/hex.hpp"

namespace roost::crypto::test {

inline std::string hex(const Result<Bytes>& r)
{
    if (!r) {
        ADD_FAILURE() << "unexpected error: " << r.error().message;
        return {};
    }
    return hex_encode(*r);
}

inline Bytes unhex(std::string_view text)
{
    auto r = hex_decode(text);
    EXPECT_TRUE(r.ok()) << text;
    return r ? *r : Bytes{};
}

inline Bytes repeat(std::uint8_t byte, std::size_t n)
{
    return Bytes(n, byte);
}

}  // namespace roost::crypto::test
