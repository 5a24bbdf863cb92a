// HmacMd5Context: HMAC-MD5 with the key already absorbed, i.e. the MD5 states after the inner
// and outer padded-key blocks (RFC 2104). CRAM-MD5 (RFC 2195) servers store these 32 bytes
// instead of the password: they answer challenges without knowing the password itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

class HmacMd5Context {
public:
    static constexpr std::size_t kSerializedSize = 32;

    // The context for `key` (a password); keys longer than a block are hashed first.
    static HmacMd5Context from_key(ByteView key);
    static HmacMd5Context from_key(std::string_view key) { return from_key(as_bytes(key)); }

    // Reads the 32-byte form serialize() writes; BadLength for any other size.
    static Result<HmacMd5Context> parse(ByteView serialized);

    // 32 bytes: the outer state, then the inner one, each as four little-endian 32-bit words
    // (the layout Dovecot stores hex-encoded as {CRAM-MD5}).
    Bytes serialize() const;

    // HMAC-MD5(key, message), 16 bytes: what a CRAM-MD5 client sends (hex-encoded) for a
    // challenge.
    Bytes mac(ByteView message) const;
    Bytes mac(std::string_view message) const { return mac(as_bytes(message)); }

    ~HmacMd5Context();
    HmacMd5Context(const HmacMd5Context&) = default;
    HmacMd5Context& operator=(const HmacMd5Context&) = default;

private:
    using State = std::array<std::uint32_t, 4>;
    HmacMd5Context() = default;

    State inner_{};
    State outer_{};
};

}  // namespace roost::crypto
