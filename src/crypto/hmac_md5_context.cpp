// HmacMd5Context on OpenSSL's low-level MD5 API: the only OpenSSL interface that exposes and
// resumes the chaining state. It is deprecated in OpenSSL 3 but still shipped; the EVP
// interface cannot do this, so this file alone opts out of the deprecation warnings.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "crypto/hmac_md5_context.hpp"

#include <openssl/crypto.h>
#include <openssl/md5.h>

#include <algorithm>
#include <string>

#include "crypto/constant_time.hpp"
#include "crypto/crypto_error.hpp"

namespace roost::crypto {
namespace {

constexpr std::size_t kBlock = 64;  // MD5 block size
constexpr unsigned kBlockBits = kBlock * 8;

void put_le32(std::uint32_t v, std::uint8_t* out)
{
    for (int i = 0; i < 4; ++i) {
        out[i] = static_cast<std::uint8_t>(v >> (8 * i));
    }
}

std::uint32_t get_le32(const std::uint8_t* in)
{
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
        v = (v << 8) | in[i];
    }
    return v;
}

// The MD5 state after one block of key XOR pad.
std::array<std::uint32_t, 4> absorb(const std::array<std::uint8_t, kBlock>& key, std::uint8_t pad)
{
    std::array<std::uint8_t, kBlock> block{};
    for (std::size_t i = 0; i < kBlock; ++i) {
        block[i] = static_cast<std::uint8_t>(key[i] ^ pad);
    }
    MD5_CTX ctx;
    MD5_Init(&ctx);
    MD5_Update(&ctx, block.data(), block.size());
    std::array<std::uint32_t, 4> state{ctx.A, ctx.B, ctx.C, ctx.D};
    wipe(block);
    OPENSSL_cleanse(&ctx, sizeof ctx);
    return state;
}

// MD5 of (one block already absorbed into `state`) followed by `data`.
std::array<std::uint8_t, MD5_DIGEST_LENGTH> resume(const std::array<std::uint32_t, 4>& state,
                                                   ByteView data)
{
    MD5_CTX ctx;
    MD5_Init(&ctx);
    ctx.A = state[0];
    ctx.B = state[1];
    ctx.C = state[2];
    ctx.D = state[3];
    ctx.Nl = kBlockBits;  // message length so far, in bits: the one key block
    MD5_Update(&ctx, data.data(), data.size());
    std::array<std::uint8_t, MD5_DIGEST_LENGTH> out{};
    MD5_Final(out.data(), &ctx);
    return out;
}

}  // namespace

HmacMd5Context HmacMd5Context::from_key(ByteView key)
{
    std::array<std::uint8_t, kBlock> padded{};
    if (key.size() > kBlock) {
        MD5(key.data(), key.size(), padded.data());
    } else if (!key.empty()) {
        std::copy(key.begin(), key.end(), padded.begin());
    }
    HmacMd5Context ctx;
    ctx.inner_ = absorb(padded, 0x36);
    ctx.outer_ = absorb(padded, 0x5c);
    wipe(padded);
    return ctx;
}

Result<HmacMd5Context> HmacMd5Context::parse(ByteView serialized)
{
    if (serialized.size() != kSerializedSize) {
        return crypto_error(CryptoError::BadLength, "HMAC-MD5 context must be 32 bytes, not " +
                                                        std::to_string(serialized.size()));
    }
    HmacMd5Context ctx;
    for (std::size_t i = 0; i < 4; ++i) {
        ctx.outer_[i] = get_le32(serialized.data() + 4 * i);
        ctx.inner_[i] = get_le32(serialized.data() + 16 + 4 * i);
    }
    return ctx;
}

Bytes HmacMd5Context::serialize() const
{
    Bytes out(kSerializedSize);
    for (std::size_t i = 0; i < 4; ++i) {
        put_le32(outer_[i], out.data() + 4 * i);
        put_le32(inner_[i], out.data() + 16 + 4 * i);
    }
    return out;
}

Bytes HmacMd5Context::mac(ByteView message) const
{
    auto inner = resume(inner_, message);
    const auto outer = resume(outer_, inner);
    wipe(inner);
    return {outer.begin(), outer.end()};
}

HmacMd5Context::~HmacMd5Context()
{
    OPENSSL_cleanse(inner_.data(), sizeof inner_);
    OPENSSL_cleanse(outer_.data(), sizeof outer_);
}

}  // namespace roost::crypto
