#include "config/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/config_test_support.hpp"

namespace roost::config {
namespace {

using testing::load_text;

TEST(Config, DefaultsApplyWhenNothingIsSet)
{
    const auto l = load_text("");
    ASSERT_TRUE(l.result.ok());
    const Config& c = l.config();
    EXPECT_EQ(c.get("pop3_uidl_format"), "%08Xu%08Xv");
    EXPECT_EQ(c.get("ssl_min_protocol"), "TLSv1.2");
    EXPECT_TRUE(c.get_bool("disable_plaintext_auth"));
    EXPECT_EQ(c.get_uint("mail_max_userip_connections"), 10u);
    EXPECT_EQ(c.get_size("imap_max_line_length"), 65536u);
    EXPECT_EQ(c.get_time("auth_failure_delay"), std::chrono::seconds(2));
    EXPECT_EQ(c.get_list("mbox_write_locks"), (std::vector<std::string>{"fcntl", "dotlock"}));
    EXPECT_EQ(c.find("pop3_uidl_format"), nullptr);
}

TEST(Config, ProtocolFiltersOverrideGlobals)
{
    const auto l = load_text(R"(mail_plugins = quota
protocol lda {
  mail_plugins = $mail_plugins sieve
}
protocol !lda {
  mail_max_userip_connections = 20
}
)");
    ASSERT_TRUE(l.result.ok());
    const Config& c = l.config();
    EXPECT_EQ(c.get("mail_plugins"), "quota");
    EXPECT_EQ(c.get("mail_plugins", {.protocol = "lda"}), "quota sieve");
    EXPECT_EQ(c.get("mail_plugins", {.protocol = "imap"}), "quota");
    EXPECT_EQ(c.get_uint("mail_max_userip_connections", {.protocol = "imap"}), 20u);
    EXPECT_EQ(c.get_uint("mail_max_userip_connections", {.protocol = "lda"}), 10u);
    EXPECT_EQ(c.get_uint("mail_max_userip_connections"), 10u);
}

TEST(Config, MostSpecificFilterWinsWhateverTheOrder)
{
    const auto l = load_text(R"(remote 10.0.0.0/8 {
  login_greeting = wide
  remote 10.1.0.0/16 {
  }
}
remote 10.1.2.0/24 {
  login_greeting = narrow
}
remote 10.0.0.0/8 {
  protocol imap {
    login_greeting = wide-imap
  }
}
local_name *.example.org {
  ssl_cert = </etc/ssl/example.pem
}
local 192.0.2.1 {
  login_greeting = local
}
)");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const Config& c = l.config();
    EXPECT_EQ(c.get("login_greeting", {.remote_ip = "10.9.9.9"}), "wide");
    EXPECT_EQ(c.get("login_greeting", {.remote_ip = "10.1.2.3"}), "narrow");
    EXPECT_EQ(c.get("login_greeting", {.remote_ip = "::ffff:10.1.2.3"}), "narrow");
    // Two matching dimensions beat one.
    EXPECT_EQ(c.get("login_greeting", {.protocol = "imap", .remote_ip = "10.1.2.3"}), "wide-imap");
    EXPECT_EQ(c.get("login_greeting", {.remote_ip = "192.168.1.1"}), "Roost ready.");
    EXPECT_EQ(c.get("login_greeting", {.local_ip = "192.0.2.1"}), "local");
    EXPECT_EQ(c.get("ssl_cert", {.local_name = "MAIL.example.org"}), "</etc/ssl/example.pem");
    EXPECT_EQ(c.get("ssl_cert", {.local_name = "example.com"}), "");
}

TEST(Config, PluginValuesFollowFilters)
{
    const auto l = load_text(R"(plugin {
  sieve = ~/.dovecot.sieve
  quota_rule = *:storage=1G
}
protocol lda {
  plugin {
    sieve = ~/lda.sieve
  }
}
)");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const Config& c = l.config();
    EXPECT_EQ(c.plugin("sieve"), "~/.dovecot.sieve");
    EXPECT_EQ(c.plugin("sieve", {.protocol = "lda"}), "~/lda.sieve");
    EXPECT_EQ(c.plugin("quota_rule", {.protocol = "lda"}), "*:storage=1G");
    EXPECT_EQ(c.plugin("sieve_max_actions"), "32");  // the default
    EXPECT_EQ(c.plugin("sieve_before3"), "");
}

TEST(Config, ServicesAreDefaultsWithTheConfigLaidOver)
{
    const auto l = load_text(R"(service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
  }
  process_min_avail = 4
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
)");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const Config& c = l.config();
    const Section* login = c.service("imap-login");
    ASSERT_NE(login, nullptr);
    EXPECT_EQ(Config::section_value(*login, "process_min_avail"), "4");
    EXPECT_EQ(Config::section_value(*login, "type"), "login");
    EXPECT_EQ(Config::section_value(*login->child("inet_listener", "imap"), "port"), "0");
    const Section* imaps = login->child("inet_listener", "imaps");
    ASSERT_NE(imaps, nullptr);
    EXPECT_EQ(Config::section_value(*imaps, "port"), "993");
    EXPECT_EQ(Config::section_value(*imaps, "ssl"), "yes");
    EXPECT_EQ(Config::section_value(*imaps, "address"), "127.0.0.1");
    const Section* auth = c.service("auth");
    ASSERT_NE(auth, nullptr);
    const Section* postfix = auth->child("unix_listener", "/var/spool/postfix/private/auth");
    ASSERT_NE(postfix, nullptr);
    EXPECT_EQ(Config::section_value(*postfix, "mode"), "0660");
    EXPECT_NE(auth->child("unix_listener", "auth-userdb"), nullptr);
    EXPECT_NE(c.service("pop3-login"), nullptr);
    EXPECT_EQ(c.service("director"), nullptr);
}

TEST(Config, OverridesComeLastAndAreValidated)
{
    LoadOptions o;
    o.overrides = {{"mail_location", "maildir:/tmp/x"}, {"plugin/sieve", "/tmp/s.sieve"}};
    const auto l = load_text("mail_location = mbox:~/mail\n", {}, o);
    ASSERT_TRUE(l.result.ok());
    EXPECT_EQ(l.config().get("mail_location"), "maildir:/tmp/x");
    EXPECT_EQ(l.config().plugin("sieve"), "/tmp/s.sieve");

    LoadOptions bad;
    bad.overrides = {{"ssl", "maybe"}};
    const auto b = load_text("", {}, bad);
    ASSERT_FALSE(b.result.ok());
    EXPECT_EQ(b.errors()[0], "command line: ssl: Invalid value: maybe (allowed: no yes required)");
}

TEST(Config, FileValuesAreReadWhenAskedFor)
{
    const auto dir = std::filesystem::temp_directory_path() / ("roost-cfg-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "cert.pem") << "-----BEGIN CERTIFICATE-----\n";
    std::ofstream(dir / "roost.conf") << "ssl_cert = <cert.pem\nssl_key = <missing.pem\n";
    const LoadResult r = load_config((dir / "roost.conf").string());
    ASSERT_TRUE(r.ok());
    auto cert = r.config->content("ssl_cert");
    ASSERT_TRUE(cert.ok());
    EXPECT_EQ(*cert, "-----BEGIN CERTIFICATE-----\n");
    auto key = r.config->content("ssl_key");
    ASSERT_FALSE(key.ok());
    EXPECT_NE(key.error().message.find((dir / "roost.conf").string() + ":2: ssl_key: "), std::string::npos);
    EXPECT_NE(key.error().message.find("missing.pem"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(Config, SplitMailLocationOfDovecot24IsJoined)
{
    const auto l = load_text("mail_driver = maildir\nmail_path = ~/Maildir\nmail_index_path = /var/idx/%u\n");
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    EXPECT_EQ(l.config().mail_location(), "maildir:~/Maildir:INDEX=/var/idx/%u");
    const auto classic = load_text("mail_location = mbox:~/mail:INBOX=/var/mail/%u\n");
    EXPECT_EQ(classic.config().mail_location(), "mbox:~/mail:INBOX=/var/mail/%u");
}

TEST(Config, InvalidConfigStillReportsEverything)
{
    const auto l = load_text("ssl = maybe\nfoo = 1\nmail_location = maildir:~/Maildir\n");
    EXPECT_FALSE(l.result.ok());
    EXPECT_EQ(l.errors().size(), 2u);
    EXPECT_NE(l.result.tree.find("mail_location"), nullptr);
}

}  // namespace
}  // namespace roost::config
