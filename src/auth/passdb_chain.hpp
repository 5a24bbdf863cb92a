// PassdbChain: the configured passdbs tried in order, with Dovecot's rules (skip, result_success,
// result_failure, result_internalfail, deny, mechanisms, username_filter, default_fields and
// override_fields). Runs on the auth service's database thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_cache.hpp"
#include "auth/auth_settings.hpp"
#include "auth/db/passdb.hpp"
#include "auth/sasl/credential_source.hpp"

namespace roost::auth {

// Compares a plaintext password with a stored one ("{SCHEME}..." or bare in default_scheme).
enum class PasswordCheck { Match, Mismatch, Unusable };
using PasswordVerifier = std::function<PasswordCheck(std::string_view password, std::string_view stored,
                                                     std::string_view default_scheme, std::string_view user)>;

class PassdbChain {
public:
    struct Entry {
        std::unique_ptr<Passdb> db;
        DbSettings rules;
    };

    PassdbChain(std::vector<Entry> entries, PasswordVerifier verifier,
                AuthCache cache = AuthCache(0, std::chrono::milliseconds(0), std::chrono::milliseconds(0)));

    // A plaintext login: status Ok only when some passdb accepted the password.
    PassdbResult verify(const RequestInfo& request, std::string_view password);
    // The user's entry without a password (challenge-response mechanisms, PASS lookups).
    PassdbResult lookup(const RequestInfo& request);

    bool empty() const { return entries_.empty(); }

private:
    PassdbResult run(const RequestInfo& request, const std::string_view* password);
    bool applies(const Entry& e, const RequestInfo& request) const;

    std::vector<Entry> entries_;
    PasswordVerifier verifier_;
    AuthCache cache_;
};

// The CredentialSource one SASL exchange uses: the chain, with the request's context.
class RequestCredentials final : public CredentialSource {
public:
    RequestCredentials(PassdbChain& chain, RequestInfo request, UserNameRules names)
        : chain_(chain), request_(std::move(request)), names_(std::move(names)) {}

    PassdbResult verify_plain(const std::string& user, std::string_view password) override;
    PassdbResult credentials(const std::string& user) override;

private:
    // The request for `user` after auth_username_* rules; nullopt when the name is refused.
    std::optional<RequestInfo> for_user(const std::string& user) const;

    PassdbChain& chain_;
    RequestInfo request_;
    UserNameRules names_;
};

}  // namespace roost::auth
