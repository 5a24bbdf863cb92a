#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace roost::config {
namespace {

using testing::load_text;
using Severity = Diagnostic::Severity;

TEST(Validator, UnknownKeyNamesFileLineAndClosestKey)
{
    const auto l = load_text("\nmail_locaton = maildir:~/Maildir\n");
    ASSERT_FALSE(l.result.ok());
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:2: Unknown setting: mail_locaton (did you mean mail_location?)");
}

TEST(Validator, UnknownKeyWithNothingCloseHasNoSuggestion)
{
    const auto l = load_text("zzzz_qqqq = 1\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:1: Unknown setting: zzzz_qqqq");
}

TEST(Validator, UnknownKeyInsideASectionSuggestsFromThatSection)
{
    const auto l = load_text("service imap-login {\n  proces_limit = 3\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:2: Unknown setting: proces_limit (in service "
                             "imap-login) (did you mean process_limit?)");
}

TEST(Validator, NamespacePrefixEndsWithTheSeparator)
{
    auto l = load_text("namespace inbox {\n  separator = .\n  prefix = INBOX\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:3: namespace inbox: prefix INBOX must end with the separator .");
    l = load_text("namespace inbox {\n  separator = ::\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:2: namespace inbox: separator must be one character: ::");
    EXPECT_TRUE(load_text("namespace inbox {\n  separator = .\n  prefix = INBOX.\n}\n").errors().empty());
}

TEST(Validator, EveryPrivateNamespaceIsServed)
{
    const auto l = load_text("namespace inbox {\n  inbox = yes\n}\nnamespace archive {\n  prefix = Archive/\n}\n");
    EXPECT_TRUE(l.errors().empty());
    EXPECT_TRUE(l.messages(Diagnostic::Severity::Warning).empty());
}

TEST(Validator, NamespacesAsDovecotChecksThem)
{
    constexpr const char* kTwoInboxes = "namespace a {\n  inbox = yes\n}\nnamespace b {\n  inbox = yes\n  prefix = b/\n  separator = /\n}\n";
    auto l = load_text(kTwoInboxes);
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:4: namespace b: inbox = yes in two namespaces (also namespace a at "
                             "/etc/roost/roost.conf:1); exactly one holds INBOX");

    l = load_text("namespace a {\n  prefix = a/\n  separator = /\n}\nnamespace b {\n  prefix = b/\n  separator = /\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:1: no namespace has inbox = yes: exactly one of the 2 namespaces must hold INBOX");

    l = load_text("namespace a {\n  inbox = yes\n  prefix = x/\n  separator = /\n}\nnamespace b {\n  prefix = x/\n  separator = /\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:6: namespace b: duplicate namespace prefix \"x/\" (also namespace a at "
                             "/etc/roost/roost.conf:1)");

    // mail_location is Maildir++ ('.'); the mbox namespace's default is '/'.
    l = load_text("mail_location = maildir:~/Maildir\nnamespace inbox {\n  inbox = yes\n}\n"
                  "namespace mbox {\n  prefix = mail/\n  location = mbox:~/mail\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:5: namespace mbox: all list = yes namespaces must use the same "
                             "separator (namespace inbox uses ., this one /)");
    // list = no namespaces may differ, and a prefix must end with the location's separator.
    l = load_text("mail_location = maildir:~/Maildir\nnamespace inbox {\n  inbox = yes\n}\n"
                  "namespace mbox {\n  prefix = mail.\n  location = mbox:~/mail\n  list = no\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:5: namespace mbox: prefix mail. must end with the separator / (its "
                             "location's; set separator to change it)");

    l = load_text("namespace inbox {\n  inbox = yes\n}\nnamespace m {\n  prefix = m/\n  separator = /\n  subscriptions = no\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0], "/etc/roost/roost.conf:7: namespace m: subscriptions = no is not supported: each namespace "
                             "keeps its own subscriptions");

    l = load_text("mail_location = maildir:~/Maildir\nnamespace inbox {\n  inbox = yes\n  location = mbox:~/mail\n}\n");
    EXPECT_TRUE(l.errors().empty());
    EXPECT_TRUE(l.has(Severity::Warning, "roost.conf:4: namespace inbox: location is not used for the inbox namespace"));

    // The migration example of doc/migration-from-dovecot.md is fine.
    l = load_text("mail_location = maildir:~/Maildir\nnamespace inbox {\n  inbox = yes\n  separator = /\n}\n"
                  "namespace mbox {\n  prefix = mail/\n  separator = /\n  location = mbox:~/mail:INBOX=/var/mail/%u\n}\n"
                  "namespace old {\n  prefix = old/\n  disabled = yes\n}\n");
    EXPECT_TRUE(l.errors().empty()) << l.errors().front();
}

TEST(Validator, MissingFeatureIsAnErrorUnlessLeftAtDefault)
{
    const auto bad = load_text("director_servers = 10.0.0.1\n");
    ASSERT_EQ(bad.errors().size(), 1u);
    EXPECT_NE(bad.errors()[0].find("director_servers: Roost does not support the director"), std::string::npos);

    const auto fine = load_text("imap_metadata = no\n");
    EXPECT_TRUE(fine.result.ok());
    EXPECT_TRUE(fine.has(Severity::Notice, "imap_metadata is left at Dovecot's default"));
}

TEST(Validator, DovecotInternalsAreNamedInANotice)
{
    const auto l = load_text("mmap_disable = yes\ninstance_name = x\nmail_cache_fields = flags\n");
    EXPECT_TRUE(l.result.ok());
    EXPECT_TRUE(l.has(Severity::Notice, ":1: mmap_disable is ignored"));
    EXPECT_TRUE(l.has(Severity::Notice, ":3: mail_cache_fields is ignored"));
    // instance_name is one Roost uses.
    EXPECT_FALSE(l.has(Severity::Notice, "instance_name"));
}

TEST(Validator, TypedValuesAreChecked)
{
    const auto l = load_text(R"(ssl_prefer_server_ciphers = maybe
mail_max_userip_connections = ten
imap_max_line_length = 64 X
auth_failure_delay = 2 fortnights
ssl = sometimes
mbox_write_locks = fcntl lockf
service imap {
  vsz_limit = 1G
  inet_listener x {
    port = 70000
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0999
  }
}
)");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 8u) << ::testing::PrintToString(errors);
    EXPECT_NE(errors[0].find(":1: ssl_prefer_server_ciphers: Invalid boolean value: maybe"), std::string::npos);
    EXPECT_NE(errors[1].find(":2: mail_max_userip_connections: Invalid number: ten"), std::string::npos);
    EXPECT_NE(errors[2].find(":3: imap_max_line_length: Invalid size: 64 X"), std::string::npos);
    EXPECT_NE(errors[3].find(":4: auth_failure_delay: Invalid time: 2 fortnights"), std::string::npos);
    EXPECT_NE(errors[4].find(":5: ssl: Invalid value: sometimes (allowed: no yes required)"), std::string::npos);
    EXPECT_NE(errors[5].find(":6: mbox_write_locks: Invalid value: lockf"), std::string::npos);
    EXPECT_NE(errors[6].find(":10: port: Invalid port number: 70000"), std::string::npos);
    EXPECT_NE(errors[7].find(":15: mode: Invalid file mode: 0999"), std::string::npos);
}

TEST(Validator, ValuesDovecotAcceptsAreAccepted)
{
    const auto l = load_text(R"(auth_failure_delay = 2 secs
auth_cache_ttl = 1 hour
mbox_lock_timeout = 300
default_vsz_limit = 256M
imap_max_line_length = 64 k
ssl_prefer_server_ciphers = yes
mbox_write_locks = fcntl, dotlock
auth_verbose_passwords = sha1:6
)");
    EXPECT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
}

TEST(Validator, FeaturesRoostLacksInValuesAreErrors)
{
    const auto l = load_text(R"(mail_location = mdbox:~/mdbox
mail_plugins = quota acl
auth_mechanisms = plain gssapi
protocols = imap nntp
passdb {
  driver = sql
}
namespace shared {
  type = shared
}
namespace inbox {
  mailbox Stuff {
    special_use = \Starred
  }
}
)");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 7u) << ::testing::PrintToString(errors);
    EXPECT_NE(errors[0].find("The mdbox storage format is not supported"), std::string::npos);
    EXPECT_NE(errors[1].find("Mail plugin acl is not supported"), std::string::npos);
    EXPECT_NE(errors[2].find("Authentication mechanism gssapi is not supported"), std::string::npos);
    EXPECT_NE(errors[3].find("Unknown protocol: nntp"), std::string::npos);
    EXPECT_NE(errors[4].find("passdb driver sql is not supported"), std::string::npos);
    EXPECT_NE(errors[5].find("Shared and public namespaces need ACLs"), std::string::npos);
    EXPECT_NE(errors[6].find("Unknown SPECIAL-USE flag: \\Starred"), std::string::npos);
}

TEST(Validator, SectionsAreChecked)
{
    const auto l = load_text(R"(servce imap {
}
service imap {
  inet_listner imap {
  }
}
service frobnicate {
}
service indexer-worker {
  process_limit = 5
}
plugin foo {
}
namespace {
}
)");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
    EXPECT_EQ(errors[0], "/etc/roost/roost.conf:1: Unknown section: servce (did you mean service?)");
    EXPECT_EQ(errors[1], "/etc/roost/roost.conf:4: Unknown section: inet_listner (in service imap) "
                         "(did you mean inet_listener?)");
    EXPECT_NE(errors[2].find(":7: Unknown service: frobnicate"), std::string::npos);
    EXPECT_NE(errors[3].find(":12: plugin takes no name"), std::string::npos);
    EXPECT_NE(errors[4].find(":14: namespace needs a name"), std::string::npos);
    EXPECT_TRUE(l.has(Severity::Notice, ":9: service indexer-worker is ignored"));
}

TEST(Validator, UnsupportedSectionsWithContentAreErrors)
{
    const auto l = load_text("dict {\n  quota = mysql:/etc/x\n}\nmetric imap {\n  filter = x\n}\n");
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_NE(l.errors()[0].find(":1: dict: Roost does not support Dovecot's dictionary server"), std::string::npos);
    EXPECT_TRUE(l.has(Severity::Notice, ":4: metric imap is ignored"));
}

TEST(Validator, PluginKeysAreTypedAndFamiliesNamed)
{
    const auto l = load_text(R"(plugin {
  sieve = ~/.dovecot.sieve
  sieve_before2 = /etc/sieve/b.sieve
  quota_rule2 = Trash:storage=+100M
  sieve_max_actions = lots
  acl = vfile
  fts = solr
  sieve_dri = ~/sieve
}
)");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 4u) << ::testing::PrintToString(errors);
    EXPECT_NE(errors[0].find(":5: sieve_max_actions: Invalid number: lots"), std::string::npos);
    EXPECT_NE(errors[1].find(":6: acl: Roost does not support access control lists"), std::string::npos);
    EXPECT_NE(errors[2].find(":7: fts: Roost does not support full-text search"), std::string::npos);
    EXPECT_NE(errors[3].find(":8: Unknown setting: sieve_dri (in plugin) (did you mean sieve_dir?)"), std::string::npos);
}

TEST(Validator, Dovecot24SpellingsAreRewritten)
{
    MemoryFileSource files;
    const auto l = load_text(R"(ssl_server_cert_file = /etc/ssl/roost.pem
ssl_server_prefer_ciphers = server
auth_allow_cleartext = yes
auth_default_domain = example.org
passdb passwd-file {
  passwd_file_path = /etc/roost/users
  default_password_scheme = SHA512-CRYPT
}
)", files);
    ASSERT_TRUE(l.result.ok()) << ::testing::PrintToString(l.errors());
    const Config& c = l.config();
    const Setting* cert = c.find("ssl_cert");
    ASSERT_NE(cert, nullptr);
    EXPECT_TRUE(cert->from_file);
    EXPECT_EQ(cert->value, "/etc/ssl/roost.pem");
    EXPECT_EQ(c.get("ssl_prefer_server_ciphers"), "yes");
    EXPECT_EQ(c.get("disable_plaintext_auth"), "no");
    EXPECT_EQ(c.get("auth_default_realm"), "example.org");
    const auto passdbs = c.sections("passdb");
    ASSERT_EQ(passdbs.size(), 1u);
    EXPECT_EQ(Config::section_value(*passdbs[0], "driver"), "passwd-file");
    EXPECT_EQ(Config::section_value(*passdbs[0], "args"), "scheme=SHA512-CRYPT /etc/roost/users");
}

TEST(Validator, BadVariableSyntaxIsAnError)
{
    const auto l = load_text("mail_home = /srv/mail/%{user\nauth_username_format = %\n");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_NE(errors[0].find(":1: mail_home: Missing '}'"), std::string::npos);
    EXPECT_NE(errors[1].find(":2: auth_username_format: '%' at the end"), std::string::npos);
}

TEST(Validator, FilterNamesAreChecked)
{
    const auto l = load_text("remote 10.0.0.0/33 {\n}\nlocal mail.example.com {\n}\nprotocol nntp {\n}\n");
    const auto errors = l.errors();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_NE(errors[0].find(":1: remote 10.0.0.0/33: Invalid network prefix length"), std::string::npos);
    EXPECT_NE(errors[1].find(":3: local mail.example.com: Invalid network"), std::string::npos);
    EXPECT_TRUE(l.has(Severity::Notice, ":5: protocol nntp: Roost has no protocol nntp"));
}

}  // namespace
}  // namespace roost::config
