#include "master/service_plan.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace roost::master {
namespace {

std::optional<std::string> only_auth(const std::string& name)
{
    if (name == "auth") {
        return std::string("/opt/roost/roost-auth");
    }
    return std::nullopt;
}

TEST(ServicePlan, RunsWhatIsBuiltAndNamesWhatIsNot)
{
    const auto l = config::testing::load_text(R"(base_dir = /run/x
protocols = imap
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
  }
}
)");
    ASSERT_TRUE(l.result.ok());
    const Plan plan = make_plan(l.config(), only_auth);
    ASSERT_EQ(plan.services.size(), 1u);
    const ServicePlan& auth = plan.services[0];
    EXPECT_EQ(auth.name, "auth");
    EXPECT_EQ(auth.executable, "/opt/roost/roost-auth");
    EXPECT_EQ(auth.processes, 1u);
    EXPECT_EQ(auth.vsz_limit, 0u);  // default_vsz_limit: no limit unless set
    bool postfix = false;
    for (const ListenerPlan& lp : auth.listeners) {
        EXPECT_TRUE(lp.unix_socket);
        if (lp.path == "/var/spool/postfix/private/auth") {
            postfix = true;
            EXPECT_EQ(lp.mode, 0660u);
            EXPECT_EQ(lp.owner, "postfix");
        } else {
            EXPECT_EQ(lp.path.rfind("/run/x/", 0), 0u) << lp.path;
        }
    }
    EXPECT_TRUE(postfix);
    // imap is enabled but not built; pop3 is not enabled at all.
    ASSERT_EQ(plan.skipped.size(), 2u);
    EXPECT_EQ(plan.skipped[0], "imap-login: its program imap-login is not built yet");
    EXPECT_EQ(plan.skipped[1], "imap: its program imap is not built yet");
}

TEST(ServicePlan, InetListenersExpandOverAddressesAndSkipPortZero)
{
    const auto l = config::testing::load_text(R"(protocols = imap
listen = 127.0.0.1, ::1
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 10993
  }
}
)");
    ASSERT_TRUE(l.result.ok());
    const Plan plan = make_plan(l.config(), [](const std::string&) { return std::optional<std::string>("/bin/true"); });
    const auto it = std::find_if(plan.services.begin(), plan.services.end(), [](const ServicePlan& s) { return s.name == "imap-login"; });
    ASSERT_NE(it, plan.services.end());
    ASSERT_EQ(it->listeners.size(), 2u);
    EXPECT_EQ(it->listeners[0].address, "127.0.0.1");
    EXPECT_EQ(it->listeners[1].address, "::1");
    EXPECT_EQ(it->listeners[1].port, 10993);
    EXPECT_TRUE(it->listeners[1].ssl);
}

}  // namespace
}  // namespace roost::master
