// libFuzzer target: SMTP command lines, DATA streams and BDAT chunk sequences; nothing may
// crash, the readers never consume more than they were given, and a BDAT chunk takes exactly
// its announced size.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smtp/proto/chunk_reader.hpp"
#include "smtp/proto/data_reader.hpp"
#include "smtp/proto/smtp_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)roost::smtp::proto::parse_command(input.substr(0, input.find('\n')));
    (void)roost::smtp::proto::decode_xtext(input);
    roost::smtp::proto::DataReader reader(512);
    std::size_t used = 0;
    while (used < input.size() && !reader.done()) {
        const std::size_t n = reader.feed(input.substr(used, 7));
        if (n > 7) {
            __builtin_trap();
        }
        used += n;
    }
    // BDAT: the first byte of each chunk is its size (0-31), and its top bit says LAST.
    roost::smtp::proto::ChunkReader chunks(512);
    std::size_t at = 0;
    while (at < input.size() && !chunks.done()) {
        const auto head = static_cast<unsigned char>(input[at++]);
        (void)roost::smtp::proto::parse_bdat_args(input.substr(at, head % 16));
        chunks.begin_chunk({head % 32u, head >= 128});
        std::size_t taken = 0;
        while (at < input.size() && !chunks.chunk_done()) {
            const std::size_t n = chunks.feed(input.substr(at, 5));
            if (n == 0 || n > 5) {
                __builtin_trap();
            }
            taken += n;
            at += n;
        }
        if (chunks.chunk_done() && taken != head % 32u) {
            __builtin_trap();
        }
        if (chunks.message().size() > 512) {
            __builtin_trap();
        }
    }
    return 0;
}
