#include "config/log_settings.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace roost::config {
namespace {

TEST(LogSettings, DefaultsAreSyslogForMail)
{
    const auto l = testing::load_text("");
    const log::Settings s = log_settings(l.config(), LogRole::Mail);
    EXPECT_EQ(s.log_path, "syslog");
    EXPECT_EQ(s.syslog_facility, "mail");
    EXPECT_EQ(s.timestamp_format, "%b %d %H:%M:%S ");
    EXPECT_FALSE(s.debug);
}

TEST(LogSettings, PathsAndDebugFollowTheConfigAndFilters)
{
    const auto l = testing::load_text(R"(log_path = /var/log/roost.log
info_log_path = /var/log/roost-info.log
syslog_facility = local3
auth_debug = yes
protocol imap {
  mail_debug = yes
}
)");
    ASSERT_TRUE(l.result.ok());
    const log::Settings imap = log_settings(l.config(), LogRole::Mail, {.protocol = "imap"});
    EXPECT_EQ(imap.log_path, "/var/log/roost.log");
    EXPECT_EQ(imap.info_log_path, "/var/log/roost-info.log");
    EXPECT_EQ(imap.syslog_facility, "local3");
    EXPECT_TRUE(imap.debug);
    EXPECT_FALSE(log_settings(l.config(), LogRole::Mail, {.protocol = "pop3"}).debug);
    EXPECT_TRUE(log_settings(l.config(), LogRole::Auth).debug);
    EXPECT_FALSE(log_settings(l.config(), LogRole::Other).debug);
}

}  // namespace
}  // namespace roost::config
