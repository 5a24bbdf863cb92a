// Bytes and ByteView: the binary buffers every roost::crypto function takes and returns.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roost::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Views the characters of a string as bytes (no copy; the string must outlive the view).
inline ByteView as_bytes(std::string_view s)
{
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline Bytes to_bytes(std::string_view s)
{
    const ByteView v = as_bytes(s);
    return {v.begin(), v.end()};
}

inline std::string to_string(ByteView b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline Bytes concat(ByteView a, ByteView b)
{
    Bytes out;
    out.reserve(a.size() + b.size());
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

}  // namespace roost::crypto
