// pop3_uidl_format expansion: the UIDL of a message from its UID and the mailbox's UIDVALIDITY,
// with Dovecot's variable syntax ("%08Xu%08Xv": zero-padded width, X for hexadecimal), so a
// mailbox gives the same UIDLs under Roost as under Dovecot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::pop3 {

class UidlFormat {
public:
    // Checks the format once. Supported: %u (UID), %v (UIDVALIDITY), %% with an optional
    // width ("08") and the X modifier. Errors name the unsupported variable (%m, %f, %g need
    // index data Roost does not keep yet).
    static Result<UidlFormat> parse(std::string_view format);

    std::string expand(std::uint32_t uid, std::uint32_t uidvalidity) const;

private:
    struct Piece {
        char variable = 0;  // 0: literal text
        std::string text;
        unsigned width = 0;
        bool zero_pad = false;
        bool hex = false;
    };
    std::vector<Piece> pieces_;
};

}  // namespace roost::pop3
