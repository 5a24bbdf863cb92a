// PassdbChain: passdbs in order, with Dovecot's result rules.
#include "auth/passdb_chain.hpp"

#include <fnmatch.h>

#include <algorithm>

#include "auth/db/request_vars.hpp"
#include "config/variables.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

// default_fields are added where the driver gave none; override_fields replace.
void apply_fields(PassdbResult& r, const DbSettings& rules, const RequestInfo& request)
{
    if (rules.default_fields.empty() && rules.override_fields.empty()) {
        return;
    }
    const config::Variables vars = request_variables(request);
    const auto expanded = [&](const std::string& text) {
        auto e = config::expand_variables(text, vars);
        return e ? *e : text;
    };
    for (const Field& f : parse_field_list(expanded(rules.default_fields))) {
        if (find_field(r.extra, f.key) == nullptr) {
            r.extra.push_back(f);
        }
    }
    for (const Field& f : parse_field_list(expanded(rules.override_fields))) {
        set_field(r.extra, f.key, f.value, f.has_value);
    }
}

bool username_matches(const std::vector<std::string>& filter, const std::string& user)
{
    if (filter.empty()) {
        return true;
    }
    bool positive_seen = false;
    bool matched = false;
    for (const std::string& pattern : filter) {
        if (!pattern.empty() && pattern[0] == '!') {
            if (::fnmatch(pattern.c_str() + 1, user.c_str(), 0) == 0) {
                return false;
            }
        } else {
            positive_seen = true;
            matched = matched || ::fnmatch(pattern.c_str(), user.c_str(), 0) == 0;
        }
    }
    return !positive_seen || matched;
}

bool is_success(PassdbStatus s) { return s == PassdbStatus::Ok; }

}  // namespace

PassdbChain::PassdbChain(std::vector<Entry> entries, PasswordVerifier verifier, AuthCache cache)
    : entries_(std::move(entries)), verifier_(std::move(verifier)), cache_(std::move(cache))
{
}

bool PassdbChain::applies(const Entry& e, const RequestInfo& request) const
{
    if (!e.rules.mechanisms.empty() && !request.mechanism.empty()) {
        const bool listed = std::any_of(e.rules.mechanisms.begin(), e.rules.mechanisms.end(),
                                        [&](const std::string& m) { return iequals(m, request.mechanism); });
        if (!listed) {
            return false;
        }
    }
    return username_matches(e.rules.username_filter, request.user);
}

PassdbResult PassdbChain::verify(const RequestInfo& request, std::string_view password)
{
    const auto now = AuthCache::Clock::now();
    if (cache_.enabled()) {
        if (cache_.verified(request.user, password, now)) {
            return *cache_.lookup(request.user, now);
        }
        if (auto cached = cache_.lookup(request.user, now); cached && cached->status == PassdbStatus::UserUnknown) {
            return *cached;
        }
    }
    PassdbResult r = run(request, &password);
    if (r.status == PassdbStatus::Ok || r.status == PassdbStatus::UserUnknown) {
        cache_.store(r, request.user, now);
    }
    if (r.status == PassdbStatus::Ok) {
        cache_.store_verified(request.user, password);
    }
    return r;
}

PassdbResult PassdbChain::lookup(const RequestInfo& request)
{
    const auto now = AuthCache::Clock::now();
    if (auto cached = cache_.lookup(request.user, now)) {
        return *cached;
    }
    PassdbResult r = run(request, nullptr);
    cache_.store(r, request.user, now);
    return r;
}

PassdbResult PassdbChain::run(const RequestInfo& request, const std::string_view* password)
{
    std::optional<PassdbResult> remembered;  // continue-ok / continue-fail
    PassdbResult worst;                      // the most telling failure seen
    worst.status = PassdbStatus::UserUnknown;
    worst.user = request.user;
    for (Entry& e : entries_) {
        if (e.rules.master || !applies(e, request)) {
            continue;
        }
        const bool authenticated = remembered && is_success(remembered->status);
        if ((e.rules.skip == "authenticated" && authenticated) || (e.rules.skip == "unauthenticated" && !authenticated)) {
            continue;
        }
        PassdbResult r = (password != nullptr && e.db->verifies_itself()) ? e.db->verify(request, *password)
                                                                          : e.db->lookup(request);
        if (r.user.empty()) {
            r.user = request.user;
        }
        apply_fields(r, e.rules, request);
        if (password != nullptr && r.status == PassdbStatus::Ok && !e.db->verifies_itself() &&
            find_field(r.extra, "nopassword") == nullptr) {
            switch (verifier_(*password, r.password, r.default_scheme, r.user)) {
            case PasswordCheck::Match: break;
            case PasswordCheck::Mismatch: r.status = PassdbStatus::PasswordMismatch; break;
            case PasswordCheck::Unusable:
                log::error("passdb ", e.db->driver(), "(", r.user, "): stored password is in an unknown or broken scheme");
                r.status = PassdbStatus::PasswordMismatch;
                break;
            }
        }
        if (e.rules.deny) {
            if (r.status == PassdbStatus::Ok) {
                r.status = PassdbStatus::UserDisabled;
                return r;  // listed in a deny passdb: refused, whatever comes after
            }
            continue;
        }
        if (r.status == PassdbStatus::TempFail && worst.status != PassdbStatus::PasswordMismatch) {
            worst = r;
        } else if (r.status == PassdbStatus::PasswordMismatch || r.status == PassdbStatus::UserDisabled) {
            worst = r;
        }
        const std::string& action = r.status == PassdbStatus::Ok         ? e.rules.result_success
                                    : r.status == PassdbStatus::TempFail ? e.rules.result_internalfail
                                                                         : e.rules.result_failure;
        if (action == "return") {
            return r;
        }
        if (action == "return-ok") {
            r.status = PassdbStatus::Ok;
            return r;
        }
        if (action == "return-fail") {
            if (r.status == PassdbStatus::Ok) {
                r.status = PassdbStatus::PasswordMismatch;
            }
            return r;
        }
        if (action == "continue-ok") {
            r.status = PassdbStatus::Ok;
            remembered = r;
        } else if (action == "continue-fail") {
            if (r.status == PassdbStatus::Ok) {
                r.status = PassdbStatus::PasswordMismatch;
            }
            remembered = r;
        }
    }
    return remembered ? *remembered : worst;
}

std::optional<RequestInfo> RequestCredentials::for_user(const std::string& user) const
{
    auto name = normalize_user_name(user, names_);
    if (!name) {
        return std::nullopt;
    }
    RequestInfo r = request_;
    r.user = std::move(*name);
    return r;
}

PassdbResult RequestCredentials::verify_plain(const std::string& user, std::string_view password)
{
    auto request = for_user(user);
    if (!request) {
        return PassdbResult{PassdbStatus::UserUnknown, user, {}, {}, {}, {}};
    }
    return chain_.verify(*request, password);
}

PassdbResult RequestCredentials::credentials(const std::string& user)
{
    auto request = for_user(user);
    if (!request) {
        return PassdbResult{PassdbStatus::UserUnknown, user, {}, {}, {}, {}};
    }
    return chain_.lookup(*request);
}

}  // namespace roost::auth
