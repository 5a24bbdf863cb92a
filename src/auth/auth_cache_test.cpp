#include "auth/auth_cache.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

using namespace std::chrono_literals;

PassdbResult found(const std::string& user)
{
    PassdbResult r;
    r.status = PassdbStatus::Ok;
    r.user = user;
    r.password = "{SHA512-CRYPT}$6$x$y";
    return r;
}

TEST(AuthCache, RemembersLookupsUntilTheyExpire)
{
    AuthCache c(1 << 20, 60s, 10s);
    const auto t0 = AuthCache::Clock::now();
    c.store(found("alice"), "alice", t0);
    ASSERT_TRUE(c.lookup("alice", t0 + 59s).has_value());
    EXPECT_EQ(c.lookup("alice", t0 + 59s)->password, "{SHA512-CRYPT}$6$x$y");
    EXPECT_FALSE(c.lookup("alice", t0 + 61s).has_value());
    PassdbResult unknown;
    unknown.status = PassdbStatus::UserUnknown;
    c.store(unknown, "zed", t0);
    EXPECT_TRUE(c.lookup("zed", t0 + 9s).has_value());
    EXPECT_FALSE(c.lookup("zed", t0 + 11s).has_value());
}

TEST(AuthCache, NeverCachesBackendFailures)
{
    AuthCache c(1 << 20, 60s, 60s);
    PassdbResult broken;
    broken.status = PassdbStatus::TempFail;
    c.store(broken, "alice", AuthCache::Clock::now());
    EXPECT_EQ(c.entries(), 0u);
}

TEST(AuthCache, VerifiedPasswordMatchesOnlyItself)
{
    AuthCache c(1 << 20, 60s, 60s);
    const auto now = AuthCache::Clock::now();
    c.store(found("alice"), "alice", now);
    EXPECT_FALSE(c.verified("alice", "secret", now));
    c.store_verified("alice", "secret");
    EXPECT_TRUE(c.verified("alice", "secret", now));
    EXPECT_FALSE(c.verified("alice", "secreT", now));
    EXPECT_FALSE(c.verified("alice", "", now));
    EXPECT_FALSE(c.verified("bob", "secret", now));
    EXPECT_FALSE(c.verified("alice", "secret", now + 61s));
}

TEST(AuthCache, SizeLimitEvictsTheOldest)
{
    AuthCache c(2000, 60s, 60s);
    const auto now = AuthCache::Clock::now();
    for (int i = 0; i < 100; ++i) {
        c.store(found("user" + std::to_string(i)), "user" + std::to_string(i), now);
    }
    EXPECT_LT(c.entries(), 100u);
    EXPECT_TRUE(c.lookup("user99", now).has_value());
    EXPECT_FALSE(c.lookup("user0", now).has_value());
}

TEST(AuthCache, DisabledCacheKeepsNothing)
{
    AuthCache c(0, 60s, 60s);
    c.store(found("alice"), "alice", AuthCache::Clock::now());
    EXPECT_EQ(c.entries(), 0u);
    EXPECT_FALSE(c.enabled());
}

}  // namespace
}  // namespace roost::auth
