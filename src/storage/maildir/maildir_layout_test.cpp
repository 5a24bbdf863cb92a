// Tests of mailbox name <-> directory mapping.
#include "storage/maildir/maildir_layout.hpp"

#include <gtest/gtest.h>

#include "storage/storage_error.hpp"

namespace roost::storage::maildir {
namespace {

std::string dir(LayoutKind layout, std::string_view name)
{
    auto d = mailbox_directory(layout, name);
    EXPECT_TRUE(d) << name;
    return d ? *d : "<error>";
}

TEST(MaildirLayout, MaildirPlusPlus)
{
    const auto L = LayoutKind::MaildirPlusPlus;
    EXPECT_EQ(dir(L, "INBOX"), "");
    EXPECT_EQ(dir(L, "inbox"), "");
    EXPECT_EQ(dir(L, "Sent"), ".Sent");
    EXPECT_EQ(dir(L, "A/B/C"), ".A.B.C");
    EXPECT_EQ(dir(L, "Entwürfe"), ".Entw&APw-rfe");
    EXPECT_EQ(dir(L, "x&y"), ".x&-y");
    EXPECT_EQ(dir(L, "inbox/Sub"), ".INBOX.Sub");
    auto bad = mailbox_directory(L, "a.b");
    ASSERT_FALSE(bad);
    EXPECT_EQ(storage_code_of(bad.error()), StorageError::BadName);

    EXPECT_EQ(mailbox_name_of_directory(L, ".A.B"), "A/B");
    EXPECT_EQ(mailbox_name_of_directory(L, ".Entw&APw-rfe"), "Entwürfe");
    EXPECT_EQ(mailbox_name_of_directory(L, ".INBOX.x"), "INBOX/x");
    EXPECT_FALSE(mailbox_name_of_directory(L, "cur").has_value());
    EXPECT_FALSE(mailbox_name_of_directory(L, "..roost-deleted.1.2").has_value());
    EXPECT_FALSE(mailbox_name_of_directory(L, ".A..B").has_value());
    EXPECT_FALSE(mailbox_name_of_directory(L, ".bad&").has_value());
    EXPECT_FALSE(mailbox_name_of_directory(L, ".").has_value());
}

TEST(MaildirLayout, Fs)
{
    const auto L = LayoutKind::Fs;
    EXPECT_EQ(dir(L, "INBOX"), "");
    EXPECT_EQ(dir(L, "A/B"), "A/B");
    EXPECT_EQ(dir(L, "x.y"), "x.y");
    EXPECT_EQ(dir(L, "Entwürfe/Alt"), "Entw&APw-rfe/Alt");
    for (const char* bad : {"cur", "A/new", "tmp/x", ".hidden", "A/.b"}) {
        auto d = mailbox_directory(L, bad);
        ASSERT_FALSE(d) << bad;
        EXPECT_EQ(storage_code_of(d.error()), StorageError::BadName);
    }
    EXPECT_EQ(mailbox_name_of_directory(L, "A/B"), "A/B");
    EXPECT_EQ(mailbox_name_of_directory(L, "x.y"), "x.y");
    EXPECT_FALSE(mailbox_name_of_directory(L, "A/cur").has_value());
    EXPECT_FALSE(mailbox_name_of_directory(L, ".hidden").has_value());
}

}  // namespace
}  // namespace roost::storage::maildir
