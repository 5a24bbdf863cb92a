// ScramCredentials: what a SCRAM server keeps for a user (RFC 5802 section 3, RFC 7677): the
// salt and iteration count it announces, StoredKey to check the client's proof and ServerKey to
// sign its own answer. Dovecot stores them as {SCRAM-SHA-1} / {SCRAM-SHA-256}
// "iterations,base64(salt),base64(StoredKey),base64(ServerKey)".
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/bytes.hpp"
#include "crypto/digest.hpp"

namespace roost::auth {

struct ScramCredentials {
    crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::Sha256;  // Sha1 or Sha256
    unsigned iterations = 0;
    crypto::Bytes salt;
    crypto::Bytes stored_key;  // H(HMAC(SaltedPassword, "Client Key"))
    crypto::Bytes server_key;  // HMAC(SaltedPassword, "Server Key")

    // The credentials for `password`; SaltedPassword = Hi(password, salt, iterations). The
    // password is used as given (no SASLprep), as Dovecot does, so stored values interoperate.
    static Result<ScramCredentials> derive(crypto::DigestAlgorithm algorithm,
                                           std::string_view password, crypto::ByteView salt,
                                           unsigned iterations);

    // Reads Dovecot's stored form (without the "{SCHEME}" prefix). Malformed unless there are
    // exactly four fields, iterations is 1..2^31-1, the salt is non-empty base64 and both keys
    // are base64 of the digest's size.
    static Result<ScramCredentials> parse(crypto::DigestAlgorithm algorithm,
                                          std::string_view stored);

    // Dovecot's stored form (without the "{SCHEME}" prefix).
    std::string serialize() const;

    // Whether `password` yields the same StoredKey (compared in constant time).
    Result<bool> matches(std::string_view password) const;
};

// The SCRAM credentials a mechanism needs for `algorithm`, from a stored password: a {SCRAM-*}
// value of the same algorithm as it is, or a cleartext scheme ({PLAIN} ...) derived with a fresh
// random salt and 4096 iterations. Unavailable for any other scheme (one-way hashes cannot
// serve SCRAM); UnknownScheme / Malformed as verify_password() reports them.
Result<ScramCredentials> scram_credentials_for(std::string_view stored,
                                               std::string_view default_scheme,
                                               crypto::DigestAlgorithm algorithm);

}  // namespace roost::auth
