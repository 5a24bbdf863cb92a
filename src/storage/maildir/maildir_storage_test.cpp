// File-system tests of MaildirStorage: the folder tree in both layouts and subscriptions.
#include "storage/maildir/maildir_storage.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "storage/file_util.hpp"
#include "storage/storage_error.hpp"
#include "storage/testing/storage_test_support.hpp"

namespace roost::storage::maildir {
namespace {

using namespace roost::storage::testing;

std::string describe(const std::vector<MailboxListEntry>& list)
{
    std::string out;
    for (const auto& e : list) {
        out += e.name;
        out += e.selectable ? "" : "!";
        out += e.has_children ? "+" : "";
        out += ' ';
    }
    return out;
}

std::string listing(Storage& storage)
{
    auto list = storage.list_mailboxes();
    EXPECT_TRUE(list);
    return list ? describe(*list) : "<error>";
}

StorageError code_of(const Result<void>& r)
{
    return r ? StorageError::Ok : storage_code_of(r.error());
}

TEST(MaildirStorage, MaildirPlusPlusTree)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    auto storage = open_maildir(root);
    ASSERT_NE(storage, nullptr);
    EXPECT_EQ(listing(*storage), "INBOX ");
    ASSERT_TRUE(storage->create_mailbox("Sent"));
    ASSERT_TRUE(storage->create_mailbox("A/B"));
    ASSERT_TRUE(storage->create_mailbox("A/B/C"));
    ASSERT_TRUE(storage->create_mailbox("Entwürfe"));
    // Laid out as Dovecot does, each with its UIDVALIDITY already.
    EXPECT_TRUE(is_directory(root + "/.A.B/cur"));
    EXPECT_EQ(::access((root + "/.A.B/maildirfolder").c_str(), F_OK), 0);
    EXPECT_TRUE(is_directory(root + "/.Entw&APw-rfe/new"));
    EXPECT_EQ(read_text(root + "/.Sent/dovecot-uidlist").substr(0, 3), "3 V");
    EXPECT_FALSE(is_directory(root + "/.A"));
    EXPECT_EQ(listing(*storage), "INBOX A!+ A/B+ A/B/C Entwürfe Sent ");

    EXPECT_EQ(code_of(storage->create_mailbox("Sent")), StorageError::Exists);
    EXPECT_EQ(code_of(storage->create_mailbox("inbox")), StorageError::Exists);
    EXPECT_EQ(code_of(storage->create_mailbox("a.b")), StorageError::BadName);
    EXPECT_EQ(code_of(storage->create_mailbox("")), StorageError::BadName);

    // Two mailboxes never share a UIDVALIDITY.
    EXPECT_NE(storage->mailbox_status("Sent", false)->uidvalidity,
              storage->mailbox_status("A/B", false)->uidvalidity);

    ASSERT_TRUE(storage->rename_mailbox("A", "Z"));  // only children exist: they move
    EXPECT_EQ(listing(*storage), "INBOX Entwürfe Sent Z!+ Z/B+ Z/B/C ");
    EXPECT_EQ(code_of(storage->rename_mailbox("Sent", "Z/B")), StorageError::Exists);
    EXPECT_EQ(code_of(storage->rename_mailbox("Nope", "X")), StorageError::NotFound);
    EXPECT_EQ(code_of(storage->rename_mailbox("INBOX", "X")), StorageError::NotPossible);
    EXPECT_EQ(code_of(storage->rename_mailbox("Z", "Z/B/D")), StorageError::NotPossible);

    ASSERT_TRUE(storage->delete_mailbox("Z/B"));  // its child stays
    EXPECT_EQ(listing(*storage), "INBOX Entwürfe Sent Z!+ Z/B!+ Z/B/C ");
    EXPECT_EQ(code_of(storage->delete_mailbox("Z/B")), StorageError::NotFound);
    EXPECT_EQ(code_of(storage->delete_mailbox("INBOX")), StorageError::NotPossible);
    EXPECT_EQ(code_of(storage->delete_mailbox("Nope")), StorageError::NotFound);

    auto box = storage->open_mailbox("Nope", {});
    ASSERT_FALSE(box);
    EXPECT_EQ(storage_code_of(box.error()), StorageError::NotFound);
    // Nothing half-deleted is left behind.
    for (const auto& name : files_in(root)) {
        EXPECT_EQ(name.find("..roost"), std::string::npos) << name;
    }
}

TEST(MaildirStorage, DeleteRemovesMessagesAndControlFiles)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    auto storage = open_maildir(root);
    ASSERT_TRUE(storage->create_mailbox("Trash"));
    {
        auto box = open_box(*storage, "Trash");
        append_text(*box, message_text("a"));
    }
    ASSERT_TRUE(storage->delete_mailbox("Trash"));
    EXPECT_FALSE(is_directory(root + "/.Trash"));
    EXPECT_EQ(listing(*storage), "INBOX ");
    // A new mailbox of the same name starts empty with a new UIDVALIDITY.
    ASSERT_TRUE(storage->create_mailbox("Trash"));
    EXPECT_EQ(storage->mailbox_status("Trash", false)->messages, 0u);
}

TEST(MaildirStorage, FsLayout)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    auto storage = open_maildir(root, ":LAYOUT=fs");
    ASSERT_NE(storage, nullptr);
    ASSERT_TRUE(storage->create_mailbox("A/B"));
    ASSERT_TRUE(storage->create_mailbox("x.y"));
    EXPECT_EQ(code_of(storage->create_mailbox("cur")), StorageError::BadName);
    EXPECT_TRUE(is_directory(root + "/A/B/cur"));
    EXPECT_FALSE(is_directory(root + "/A/cur"));
    EXPECT_EQ(::access((root + "/A/B/maildirfolder").c_str(), F_OK), -1);
    EXPECT_EQ(listing(*storage), "INBOX A!+ A/B x.y ");
    ASSERT_TRUE(storage->create_mailbox("A"));  // the parent becomes selectable
    EXPECT_EQ(listing(*storage), "INBOX A+ A/B x.y ");
    {
        auto box = open_box(*storage, "A/B");
        append_text(*box, message_text("nested"));
    }
    ASSERT_TRUE(storage->rename_mailbox("A", "Q/R"));
    EXPECT_EQ(listing(*storage), "INBOX Q!+ Q/R+ Q/R/B x.y ");
    auto box = open_box(*storage, "Q/R/B");
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->count(), 1u);
    ASSERT_TRUE(storage->delete_mailbox("Q/R"));  // keeps Q/R/B
    EXPECT_EQ(listing(*storage), "INBOX Q!+ Q/R!+ Q/R/B x.y ");
    EXPECT_TRUE(is_directory(root + "/Q/R/B/cur"));
    EXPECT_FALSE(is_directory(root + "/Q/R/cur"));
}

TEST(MaildirStorage, Subscriptions)
{
    TempDir tmp;
    const std::string root = tmp.path() + "/Maildir";
    auto storage = open_maildir(root);
    EXPECT_TRUE(storage->subscriptions()->empty());
    ASSERT_TRUE(storage->set_subscribed("Sent", true));
    ASSERT_TRUE(storage->set_subscribed("Entwürfe", true));
    ASSERT_TRUE(storage->set_subscribed("A/B", true));
    ASSERT_TRUE(storage->set_subscribed("x&y", true));
    ASSERT_TRUE(storage->set_subscribed("Sent", true));  // once is enough
    // Byte for byte what Dovecot 2.3 writes for the same subscriptions.
    EXPECT_EQ(read_text(root + "/subscriptions"), "V\t2\n\nSent\nEntw&APw-rfe\nA\tB\nx&-y\n");
    ASSERT_TRUE(storage->set_subscribed("Sent", false));
    ASSERT_TRUE(storage->set_subscribed("Never", false));
    EXPECT_EQ(*storage->subscriptions(), (std::vector<std::string>{"Entwürfe", "A/B", "x&y"}));
    EXPECT_EQ(code_of(storage->set_subscribed("a//b", true)), StorageError::BadName);
    EXPECT_EQ(::access((root + "/subscriptions.lock").c_str(), F_OK), -1);
}

TEST(MaildirStorage, Locations)
{
    StorageSettings settings;
    settings.mail_location = "maildir:~/Maildir";
    settings.variables = {"alice", "/nonexistent-home"};
    auto storage = open_storage(settings);
    ASSERT_TRUE(storage);
    EXPECT_EQ((*storage)->location().root, "/nonexistent-home/Maildir");
    settings.mail_location = "maildir:relative/path";
    EXPECT_EQ(storage_code_of(open_storage(settings).error()), StorageError::BadLocation);
    settings.mail_location = "maildir:/x:LAYOUT=index";
    EXPECT_EQ(storage_code_of(open_storage(settings).error()), StorageError::BadLocation);
    settings.mail_location = "sdbox:/x";
    EXPECT_EQ(storage_code_of(open_storage(settings).error()), StorageError::BadLocation);
    EXPECT_EQ(storage_drivers(), (std::vector<std::string>{"maildir", "mbox"}));
}

}  // namespace
}  // namespace roost::storage::maildir
