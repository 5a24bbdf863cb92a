#include "smtp/proto/chunk_reader.hpp"

#include <charconv>
#include <system_error>

#include "core/strings.hpp"

namespace roost::smtp::proto {

Result<BdatArgs> parse_bdat_args(std::string_view argument)
{
    const auto words = split_words(argument);
    const auto invalid = [] {
        return Error{std::make_error_code(std::errc::invalid_argument), "Invalid parameters: BDAT <size> [LAST] expected"};
    };
    if (words.empty() || words.size() > 2) {
        return invalid();
    }
    BdatArgs args;
    const std::string_view size = words[0];
    for (char c : size) {
        if (c < '0' || c > '9') {
            return invalid();
        }
    }
    const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), args.size);
    if (ec != std::errc() || end != size.data() + size.size()) {
        return invalid();  // too many digits for 64 bits
    }
    if (words.size() == 2) {
        if (!iequals(words[1], "LAST")) {
            return invalid();
        }
        args.last = true;
    }
    return args;
}

void ChunkReader::begin_chunk(const BdatArgs& args)
{
    remaining_ = args.size;
    last_ = args.last;
    if (chunk_done()) {
        finish();  // "BDAT 0 LAST"
    }
}

void ChunkReader::append(std::string_view bytes)
{
    if (too_large_) {
        return;
    }
    if (message_.size() + bytes.size() > max_size_) {
        too_large_ = true;
        message_.clear();
        message_.shrink_to_fit();
        return;
    }
    message_ += bytes;
}

void ChunkReader::put(std::string_view bytes)
{
    if (bytes.empty()) {
        return;
    }
    std::size_t i = 0;
    if (pending_cr_) {
        pending_cr_ = false;
        if (bytes[0] != '\n') {
            append("\r");  // a bare CR stays
        }
    }
    while (i < bytes.size()) {
        const auto cr = bytes.find('\r', i);
        if (cr == std::string_view::npos) {
            append(bytes.substr(i));
            break;
        }
        append(bytes.substr(i, cr - i));
        if (cr + 1 == bytes.size()) {
            pending_cr_ = true;  // decided by the next byte, perhaps in the next chunk
            break;
        }
        if (bytes[cr + 1] == '\n') {
            append("\n");
            i = cr + 2;
        } else {
            append("\r");
            i = cr + 1;
        }
    }
}

void ChunkReader::finish()
{
    if (last_ && pending_cr_) {
        pending_cr_ = false;
        append("\r");  // a CR at the very end of the message stays a CR
    }
}

std::size_t ChunkReader::feed(std::string_view bytes)
{
    const std::size_t take = remaining_ < bytes.size() ? static_cast<std::size_t>(remaining_) : bytes.size();
    put(bytes.substr(0, take));
    remaining_ -= take;
    received_ += take;
    if (take > 0 && chunk_done()) {
        finish();
    }
    return take;
}

}  // namespace roost::smtp::proto
