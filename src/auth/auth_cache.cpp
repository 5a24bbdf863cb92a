// AuthCache: passdb answers remembered for a while.
#include "auth/auth_cache.hpp"

#include "crypto/constant_time.hpp"
#include "crypto/hmac.hpp"
#include "crypto/random.hpp"

namespace roost::auth {

AuthCache::AuthCache(std::size_t max_bytes, std::chrono::milliseconds ttl, std::chrono::milliseconds negative_ttl)
    : max_bytes_(max_bytes), ttl_(ttl), negative_ttl_(negative_ttl), key_(crypto::random_bytes(32))
{
}

std::string AuthCache::mac(std::string_view password) const
{
    // Only fails when OpenSSL cannot run SHA256 at all; an empty MAC then verifies nothing.
    const auto m = crypto::hmac(crypto::DigestAlgorithm::Sha256, key_, crypto::as_bytes(password));
    return m ? crypto::to_string(*m) : std::string();
}

std::optional<PassdbResult> AuthCache::lookup(const std::string& user, Clock::time_point now)
{
    const auto it = index_.find(user);
    if (it == index_.end()) {
        return std::nullopt;
    }
    if (it->second->expires <= now) {
        bytes_ -= it->second->bytes;
        entries_.erase(it->second);
        index_.erase(it);
        return std::nullopt;
    }
    return it->second->result;
}

bool AuthCache::verified(const std::string& user, std::string_view password, Clock::time_point now)
{
    const auto it = index_.find(user);
    if (it == index_.end() || it->second->expires <= now || it->second->password_mac.empty()) {
        return false;
    }
    const std::string m = mac(password);
    return !m.empty() && crypto::equal(m, it->second->password_mac);
}

void AuthCache::store(const PassdbResult& result, const std::string& user, Clock::time_point now)
{
    if (!enabled() || (result.status != PassdbStatus::Ok && result.status != PassdbStatus::UserUnknown)) {
        return;
    }
    const bool negative = result.status == PassdbStatus::UserUnknown;
    if (negative && negative_ttl_.count() == 0) {
        return;
    }
    if (const auto it = index_.find(user); it != index_.end()) {
        bytes_ -= it->second->bytes;
        entries_.erase(it->second);
        index_.erase(it);
    }
    Entry e;
    e.user = user;
    e.result = result;
    e.expires = now + (negative ? negative_ttl_ : ttl_);
    e.bytes = sizeof(Entry) + user.size() * 2 + result.password.size() + result.user.size();
    for (const Field& f : result.extra) {
        e.bytes += f.key.size() + f.value.size() + sizeof(Field);
    }
    bytes_ += e.bytes;
    entries_.push_front(std::move(e));
    index_[user] = entries_.begin();
    evict_until_fits();
}

void AuthCache::store_verified(const std::string& user, std::string_view password)
{
    if (const auto it = index_.find(user); it != index_.end()) {
        it->second->password_mac = mac(password);
    }
}

void AuthCache::evict_until_fits()
{
    while (bytes_ > max_bytes_ && !entries_.empty()) {
        bytes_ -= entries_.back().bytes;
        index_.erase(entries_.back().user);
        entries_.pop_back();
    }
}

void AuthCache::clear()
{
    entries_.clear();
    index_.clear();
    bytes_ = 0;
}

}  // namespace roost::auth
