// Tests of mail_location parsing and expansion.
#include "storage/mail_location.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::storage {
namespace {

const LocationVariables kVars{"alice@example.org", "/home/alice"};

TEST(MailLocation, DovecotForms)
{
    auto loc = parse_mail_location("maildir:~/Maildir", kVars);
    ASSERT_TRUE(loc) << loc.error().message;
    EXPECT_EQ(loc->driver, "maildir");
    EXPECT_EQ(loc->root, "/home/alice/Maildir");
    EXPECT_TRUE(loc->layout.empty());

    loc = parse_mail_location("maildir:~/Maildir:LAYOUT=fs:INDEX=/var/idx/%d/%n:CONTROL=~/ctl",
                              kVars);
    ASSERT_TRUE(loc) << loc.error().message;
    EXPECT_EQ(loc->layout, "fs");
    EXPECT_EQ(loc->index, "/var/idx/example.org/alice");
    EXPECT_EQ(loc->control, "/home/alice/ctl");

    loc = parse_mail_location("mbox:~/mail:INBOX=/var/mail/%u", kVars);
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->driver, "mbox");
    EXPECT_EQ(loc->inbox, "/var/mail/alice@example.org");

    loc = parse_mail_location("MAILDIR:/srv/%%x/%h::y:INDEX=MEMORY:UTF8:VOLATILEDIR=/tmp/v", kVars);
    ASSERT_TRUE(loc);
    EXPECT_EQ(loc->driver, "maildir");
    EXPECT_EQ(loc->root, "/srv/%x//home/alice:y");
    EXPECT_EQ(loc->index, "MEMORY");
    ASSERT_EQ(loc->options.size(), 2u);
    EXPECT_EQ(loc->options[0].first, "UTF8");
    EXPECT_EQ(loc->options[1], (std::pair<std::string, std::string>{"VOLATILEDIR", "/tmp/v"}));
}

TEST(MailLocation, Errors)
{
    for (const char* bad :
         {"", "~/Maildir", ":/x", "maildir:", "mail dir:/x", "maildir:%x", "maildir:/x%"}) {
        auto loc = parse_mail_location(bad, kVars);
        ASSERT_FALSE(loc) << bad;
        EXPECT_EQ(storage_code_of(loc.error()), StorageError::BadLocation) << bad;
    }
    auto no_home = parse_mail_location("maildir:~/Maildir", LocationVariables{"bob", ""});
    ASSERT_FALSE(no_home);
    EXPECT_NE(no_home.error().message.find("home"), std::string::npos);
}

TEST(MailLocation, UserWithoutDomain)
{
    auto v = expand_location_value("/m/%d/%n/%u", LocationVariables{"bob", "/h"});
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, "/m//bob/bob");
    v = expand_location_value("~", LocationVariables{"bob", "/h/"});
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, "/h");
    v = expand_location_value("~bob/x", LocationVariables{"bob", "/h"});
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, "~bob/x");  // only "~" and "~/" mean the home
}

}  // namespace
}  // namespace roost::storage
