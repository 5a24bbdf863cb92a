// libFuzzer target: the ManageSieve receiver on arbitrary bytes, fed whole and in two parts;
// both must give the same number of events, and nothing may crash or grow without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "managesieve/proto/managesieve_receiver.hpp"

using namespace roost::managesieve::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    ReceiverLimits limits;
    limits.max_line = 256;
    limits.max_literal = 1024;
    Receiver whole(limits);
    whole.feed(input);
    std::size_t a = 0;
    while (whole.next()) {
        ++a;
    }
    Receiver split(limits);
    std::size_t b = 0;
    const std::size_t half = size / 2;
    split.feed(input.substr(0, half));
    while (split.next()) {
        ++b;
    }
    split.feed(input.substr(half));
    while (split.next()) {
        ++b;
    }
    if (a != b) {
        __builtin_trap();
    }
    return 0;
}
