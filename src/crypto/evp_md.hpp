// Internal to roost::crypto: the OpenSSL EVP_MD behind each DigestAlgorithm.
#pragma once

#include <openssl/evp.h>

#include "crypto/digest.hpp"

namespace roost::crypto::detail {

inline const EVP_MD* evp_md(DigestAlgorithm algorithm)
{
    switch (algorithm) {
        case DigestAlgorithm::Md5:
            return EVP_md5();
        case DigestAlgorithm::Sha1:
            return EVP_sha1();
        case DigestAlgorithm::Sha256:
            return EVP_sha256();
        case DigestAlgorithm::Sha512:
            return EVP_sha512();
    }
    return nullptr;
}

}  // namespace roost::crypto::detail
