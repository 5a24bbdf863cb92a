// Deriving, parsing and writing SCRAM credentials.
#include "auth/schemes/scram_credentials.hpp"

#include <charconv>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "core/strings.hpp"
#include "crypto/base64.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/hmac.hpp"
#include "crypto/random.hpp"

namespace roost::auth {
namespace {

constexpr unsigned kMaxIterations = 0x7fffffff;
constexpr unsigned kDefaultIterations = 4096;
constexpr std::size_t kDefaultSaltSize = 16;

Error crypto_failure(const Error& e)
{
    return scheme_error(SchemeError::CryptoFailure, e.message);
}

std::string_view scheme_name(crypto::DigestAlgorithm algorithm)
{
    return algorithm == crypto::DigestAlgorithm::Sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

Error malformed(crypto::DigestAlgorithm algorithm, const char* why)
{
    return scheme_error(SchemeError::Malformed,
                        std::string(scheme_name(algorithm)) + " value " + why);
}

}  // namespace

Result<ScramCredentials> ScramCredentials::derive(crypto::DigestAlgorithm algorithm,
                                                  std::string_view password,
                                                  crypto::ByteView salt, unsigned iterations)
{
    const std::size_t size = crypto::digest_size(algorithm);
    auto salted = crypto::pbkdf2(algorithm, password, salt, iterations, size);
    if (!salted) {
        return crypto_failure(salted.error());
    }
    auto client_key = crypto::hmac(algorithm, *salted, crypto::as_bytes("Client Key"));
    auto server_key = crypto::hmac(algorithm, *salted, crypto::as_bytes("Server Key"));
    crypto::wipe(*salted);
    if (!client_key || !server_key) {
        return crypto_failure(!client_key ? client_key.error() : server_key.error());
    }
    auto stored_key = crypto::digest(algorithm, *client_key);
    crypto::wipe(*client_key);
    if (!stored_key) {
        return crypto_failure(stored_key.error());
    }
    ScramCredentials out;
    out.algorithm = algorithm;
    out.iterations = iterations;
    out.salt.assign(salt.begin(), salt.end());
    out.stored_key = std::move(*stored_key);
    out.server_key = std::move(*server_key);
    return out;
}

Result<ScramCredentials> ScramCredentials::parse(crypto::DigestAlgorithm algorithm,
                                                 std::string_view stored)
{
    const auto fields = split(stored, ',');
    if (fields.size() != 4) {
        return malformed(algorithm, "does not have four fields");
    }
    ScramCredentials out;
    out.algorithm = algorithm;
    const std::string_view iter = fields[0];
    const auto [end, ec] = std::from_chars(iter.data(), iter.data() + iter.size(), out.iterations);
    if (iter.empty() || ec != std::errc() || end != iter.data() + iter.size() ||
        out.iterations == 0 || out.iterations > kMaxIterations) {
        return malformed(algorithm, "has a bad iteration count");
    }
    auto salt = crypto::base64_decode(fields[1]);
    auto stored_key = crypto::base64_decode(fields[2]);
    auto server_key = crypto::base64_decode(fields[3]);
    const std::size_t size = crypto::digest_size(algorithm);
    if (!salt || salt->empty()) {
        return malformed(algorithm, "has a bad salt");
    }
    if (!stored_key || stored_key->size() != size) {
        return malformed(algorithm, "has a bad StoredKey");
    }
    if (!server_key || server_key->size() != size) {
        return malformed(algorithm, "has a bad ServerKey");
    }
    out.salt = std::move(*salt);
    out.stored_key = std::move(*stored_key);
    out.server_key = std::move(*server_key);
    return out;
}

std::string ScramCredentials::serialize() const
{
    return std::to_string(iterations) + "," + crypto::base64_encode(salt) + "," +
           crypto::base64_encode(stored_key) + "," + crypto::base64_encode(server_key);
}

Result<bool> ScramCredentials::matches(std::string_view password) const
{
    auto mine = derive(algorithm, password, salt, iterations);
    if (!mine) {
        return mine.error();
    }
    return crypto::equal(mine->stored_key, stored_key);
}

Result<ScramCredentials> scram_credentials_for(std::string_view stored,
                                               std::string_view default_scheme,
                                               crypto::DigestAlgorithm algorithm)
{
    auto resolved = resolve_password(stored, default_scheme);
    if (!resolved) {
        return resolved.error();
    }
    if (resolved->scheme->name() == scheme_name(algorithm)) {
        return ScramCredentials::parse(algorithm, crypto::to_string(resolved->raw));
    }
    auto plain = stored_plaintext(stored, default_scheme);
    if (!plain) {
        return plain.error();
    }
    const crypto::Bytes salt = crypto::random_bytes(kDefaultSaltSize);
    auto out = ScramCredentials::derive(algorithm, *plain, salt, kDefaultIterations);
    crypto::wipe(*plain);
    return out;
}

}  // namespace roost::auth
