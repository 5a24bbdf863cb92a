// Message digests (MD5, SHA-1, SHA-256, SHA-512) through OpenSSL's EVP interface, one-shot or
// fed in parts.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"

namespace roost::crypto {

enum class DigestAlgorithm { Md5, Sha1, Sha256, Sha512 };

// Output size in bytes: 16, 20, 32, 64.
std::size_t digest_size(DigestAlgorithm algorithm);
// "MD5", "SHA1", "SHA256", "SHA512".
std::string_view digest_name(DigestAlgorithm algorithm);

// The digest of `data`. Fails only when OpenSSL cannot run the algorithm (e.g. MD5 under a
// FIPS-only configuration).
Result<Bytes> digest(DigestAlgorithm algorithm, ByteView data);
inline Result<Bytes> digest(DigestAlgorithm algorithm, std::string_view data)
{
    return digest(algorithm, as_bytes(data));
}

// A digest computed over several pieces: update() any number of times, then finish() once.
class Hasher {
public:
    explicit Hasher(DigestAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    void update(ByteView data);
    void update(std::string_view data) { update(as_bytes(data)); }
    // The digest of everything fed so far; the Hasher is spent afterwards. Fails when OpenSSL
    // refused any step.
    Result<Bytes> finish();

private:
    struct State;
    DigestAlgorithm algorithm_;
    std::unique_ptr<State> state_;
    bool failed_ = false;
};

}  // namespace roost::crypto
