#include "auth/service/penalty.hpp"

#include <gtest/gtest.h>

namespace roost::auth {
namespace {

using namespace std::chrono_literals;

TEST(Penalty, DoublesPerFailureUpToTheCap)
{
    Penalty p(2000ms);
    const auto t0 = Penalty::Clock::time_point{} + 1h;
    EXPECT_EQ(p.on_failure("10.0.0.1", t0), 2000ms);
    EXPECT_EQ(p.on_failure("10.0.0.1", t0 + 1s), 4000ms);
    EXPECT_EQ(p.on_failure("10.0.0.1", t0 + 2s), 8000ms);
    EXPECT_EQ(p.on_failure("10.0.0.1", t0 + 3s), 15000ms);
    EXPECT_EQ(p.on_failure("10.0.0.1", t0 + 4s), 15000ms);
    // Another address is not affected.
    EXPECT_EQ(p.on_failure("10.0.0.2", t0 + 4s), 2000ms);
}

TEST(Penalty, ForgivenBySuccessOrTime)
{
    Penalty p(1000ms);
    const auto t0 = Penalty::Clock::time_point{} + 1h;
    p.on_failure("a", t0);
    p.on_failure("a", t0);
    p.on_success("a");
    EXPECT_EQ(p.on_failure("a", t0), 1000ms);
    p.on_failure("b", t0);
    EXPECT_EQ(p.on_failure("b", t0 + Penalty::kForget + 1s), 1000ms);
    EXPECT_EQ(p.on_failure("", t0), 1000ms);  // unknown address: the base delay only
}

TEST(Penalty, ZeroDelayStaysZero)
{
    Penalty p(0ms);
    const auto t0 = Penalty::Clock::time_point{} + 1h;
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(p.on_failure("x", t0), 0ms);
    }
}

}  // namespace
}  // namespace roost::auth
