#include "config/dump.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace roost::config {
namespace {

using testing::load_text;

std::string dump(const Config& c, DumpMode mode, bool secrets = false)
{
    DumpOptions o;
    o.mode = mode;
    o.show_secrets = secrets;
    return render_text(build_dump(c, o), "");
}

TEST(Dump, NonDefaultShowsOnlyWhatDiffers)
{
    const auto l = load_text(R"(pop3_uidl_format = %08Xu%08Xv
mail_location = maildir:~/Maildir
login_greeting = "  padded # and hashed"
service imap-login {
  inet_listener imaps {
    port = 993
  }
  inet_listener imap {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = /etc/roost/users
}
protocol imap {
  mail_max_userip_connections = 20
}
)");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const std::string text = dump(l.config(), DumpMode::NonDefault);
    EXPECT_EQ(text, R"(login_greeting = "  padded # and hashed"
mail_location = maildir:~/Maildir
passdb {
  args = /etc/roost/users
  driver = passwd-file
}
service imap-login {
  inet_listener imap {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = 20
}
)");
}

TEST(Dump, SecretsAreHiddenUnlessAsked)
{
    const auto l = load_text("ssl_key = </etc/roost/key.pem\nsubmission_relay_password = hunter2\n");
    ASSERT_TRUE(l.result.ok());
    const std::string hidden = dump(l.config(), DumpMode::NonDefault);
    EXPECT_EQ(hidden.find("hunter2"), std::string::npos);
    EXPECT_EQ(hidden.find("key.pem"), std::string::npos);
    EXPECT_NE(hidden.find("ssl_key = # hidden, use -P to show it"), std::string::npos);
    const std::string shown = dump(l.config(), DumpMode::NonDefault, true);
    EXPECT_NE(shown.find("submission_relay_password = hunter2"), std::string::npos);
    EXPECT_NE(shown.find("ssl_key = </etc/roost/key.pem"), std::string::npos);
}

TEST(Dump, AllIncludesDefaultsAndDefaultServices)
{
    const auto l = load_text("");
    ASSERT_TRUE(l.result.ok());
    const std::string text = dump(l.config(), DumpMode::All);
    EXPECT_NE(text.find("pop3_uidl_format = %08Xu%08Xv\n"), std::string::npos);
    EXPECT_NE(text.find("service imap-login {\n"), std::string::npos);
    EXPECT_NE(text.find("  inet_listener imaps {\n    address = \n    port = 993\n"), std::string::npos);
    // Internals and missing features are not presented as settings Roost has.
    EXPECT_EQ(text.find("mmap_disable"), std::string::npos);
    EXPECT_EQ(text.find("director_servers"), std::string::npos);
}

TEST(Dump, WhatAllPrintsReadsBackToTheSameValues)
{
    const auto l = load_text(R"(login_greeting = "# tricky \"quoted\" \\"
mail_location = maildir:~/Maildir:LAYOUT=fs
imap_id_send = " leading space"
namespace inbox {
  inbox = yes
  mailbox "Sent Messages" {
    special_use = \Sent
  }
}
)");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const std::string first = dump(l.config(), DumpMode::All, true);
    const auto again = load_text(first);
    ASSERT_TRUE(again.result.ok()) << ::testing::PrintToString(again.errors());
    EXPECT_EQ(dump(again.config(), DumpMode::All, true), first);
    EXPECT_EQ(again.config().get("login_greeting"), "# tricky \"quoted\" \\");
    EXPECT_EQ(again.config().get("imap_id_send"), " leading space");
}

TEST(Dump, QuoteValue)
{
    EXPECT_EQ(quote_value("plain value"), "plain value");
    EXPECT_EQ(quote_value(" x"), "\" x\"");
    EXPECT_EQ(quote_value("a#b"), "\"a#b\"");
    EXPECT_EQ(quote_value("$notvar"), "\"$notvar\"");
    EXPECT_EQ(quote_value("ends\\"), "\"ends\\\\\"");
    EXPECT_EQ(quote_value(""), "");
}

}  // namespace
}  // namespace roost::config
