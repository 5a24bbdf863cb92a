// ChunkReader: the message sent with BDAT (RFC 3030 CHUNKING): each "BDAT <size> [LAST]" is
// followed by exactly <size> raw bytes, with no dot-stuffing and no end marker. The chunks are
// joined, CRLF line ends turned into LF (how Roost stores mail, as DataReader does; a CR at the
// end of one chunk and the LF at the start of the next are one line end). A message over the
// size limit is still read to its end, so the session stays in step, and never kept in memory.
// Pure: fed whole or byte by byte it gives the same message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::smtp::proto {

// The argument of "BDAT <chunk-size> [LAST]".
struct BdatArgs {
    std::uint64_t size = 0;
    bool last = false;
};

// Parses BDAT's argument ("1000", "0 LAST", "12 last"). The error text is fit for a 501 reply.
Result<BdatArgs> parse_bdat_args(std::string_view argument);

class ChunkReader {
public:
    explicit ChunkReader(std::size_t max_size) : max_size_(max_size) {}

    // Starts the chunk announced by a BDAT command; the previous one must be complete.
    void begin_chunk(const BdatArgs& args);
    // Consumes bytes of the current chunk; returns how many it took (never more than the chunk
    // still needs: the rest is the next command).
    std::size_t feed(std::string_view bytes);
    // The current chunk has all its bytes.
    bool chunk_done() const { return remaining_ == 0; }
    // The LAST chunk has all its bytes: the message is complete.
    bool done() const { return last_ && remaining_ == 0; }
    bool too_large() const { return too_large_; }
    // Bytes received in all chunks so far, as sent (for "250 2.0.0 N octets received").
    std::uint64_t received() const { return received_; }
    // The message (valid once done() and not too_large()).
    std::string& message() { return message_; }

private:
    void put(std::string_view bytes);
    void append(std::string_view bytes);
    void finish();

    std::size_t max_size_;
    std::uint64_t remaining_ = 0;
    std::uint64_t received_ = 0;
    bool last_ = false;
    bool pending_cr_ = false;  // the previous chunk ended in CR: an LF may follow in the next
    bool too_large_ = false;
    std::string message_;
};

}  // namespace roost::smtp::proto
