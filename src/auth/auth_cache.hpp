// AuthCache: remembers passdb answers for auth_cache_ttl (auth_cache_negative_ttl for unknown
// users), bounded by auth_cache_size bytes, oldest out first. A password that was verified is
// remembered only as a keyed hash (HMAC with a per-process random key), so a repeated login
// skips the slow crypt() without the cache ever holding a password. Database thread only.
#pragma once

#include <chrono>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/db/passdb.hpp"
#include "crypto/bytes.hpp"

namespace roost::auth {

class AuthCache {
public:
    using Clock = std::chrono::steady_clock;

    AuthCache(std::size_t max_bytes, std::chrono::milliseconds ttl, std::chrono::milliseconds negative_ttl);

    bool enabled() const { return max_bytes_ > 0; }

    // A cached passdb answer for `user` (Ok or UserUnknown), if still fresh.
    std::optional<PassdbResult> lookup(const std::string& user, Clock::time_point now);
    // Whether `password` is the one that last verified for `user` (entry still fresh).
    bool verified(const std::string& user, std::string_view password, Clock::time_point now);

    // Remembers a lookup (Ok and UserUnknown only; failures of the back end are never cached).
    void store(const PassdbResult& result, const std::string& user, Clock::time_point now);
    // Remembers that `password` verified for `user` (after store()).
    void store_verified(const std::string& user, std::string_view password);
    void clear();
    std::size_t entries() const { return index_.size(); }

private:
    struct Entry {
        std::string user;
        PassdbResult result;
        std::string password_mac;  // HMAC of the verified password, or empty
        Clock::time_point expires;
        std::size_t bytes = 0;
    };
    std::string mac(std::string_view password) const;
    void evict_until_fits();

    std::size_t max_bytes_;
    std::chrono::milliseconds ttl_;
    std::chrono::milliseconds negative_ttl_;
    std::size_t bytes_ = 0;
    std::list<Entry> entries_;  // newest first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    crypto::Bytes key_;  // random per process: MACs never outlive it
};

}  // namespace roost::auth
