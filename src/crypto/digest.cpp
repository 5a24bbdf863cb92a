// Message digests through OpenSSL's EVP_Digest* calls.
#include "crypto/digest.hpp"

#include <openssl/evp.h>

#include <string>

#include "crypto/crypto_error.hpp"
#include "crypto/evp_md.hpp"

namespace roost::crypto {

struct Hasher::State {
    struct Free {
        void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx;
};

namespace {

Error failure(DigestAlgorithm algorithm)
{
    return crypto_error(CryptoError::LibraryFailure,
                        std::string(digest_name(algorithm)) + " digest is not available");
}

}  // namespace

std::size_t digest_size(DigestAlgorithm algorithm)
{
    switch (algorithm) {
        case DigestAlgorithm::Md5:
            return 16;
        case DigestAlgorithm::Sha1:
            return 20;
        case DigestAlgorithm::Sha256:
            return 32;
        case DigestAlgorithm::Sha512:
            return 64;
    }
    return 0;
}

std::string_view digest_name(DigestAlgorithm algorithm)
{
    switch (algorithm) {
        case DigestAlgorithm::Md5:
            return "MD5";
        case DigestAlgorithm::Sha1:
            return "SHA1";
        case DigestAlgorithm::Sha256:
            return "SHA256";
        case DigestAlgorithm::Sha512:
            return "SHA512";
    }
    return "?";
}

Result<Bytes> digest(DigestAlgorithm algorithm, ByteView data)
{
    Bytes out(digest_size(algorithm));
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, detail::evp_md(algorithm),
                   nullptr) != 1 ||
        len != out.size()) {
        return failure(algorithm);
    }
    return out;
}

Hasher::Hasher(DigestAlgorithm algorithm)
    : algorithm_(algorithm), state_(std::make_unique<State>())
{
    state_->ctx.reset(EVP_MD_CTX_new());
    failed_ = !state_->ctx ||
              EVP_DigestInit_ex(state_->ctx.get(), detail::evp_md(algorithm), nullptr) != 1;
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(ByteView data)
{
    if (!failed_ && EVP_DigestUpdate(state_->ctx.get(), data.data(), data.size()) != 1) {
        failed_ = true;
    }
}

Result<Bytes> Hasher::finish()
{
    if (failed_) {
        return failure(algorithm_);
    }
    Bytes out(digest_size(algorithm_));
    unsigned int len = 0;
    failed_ = true;  // spent: a second finish() reports an error instead of reusing the context
    if (EVP_DigestFinal_ex(state_->ctx.get(), out.data(), &len) != 1 || len != out.size()) {
        return failure(algorithm_);
    }
    return out;
}

}  // namespace roost::crypto
