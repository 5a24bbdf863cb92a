#include "lda/action_executor.hpp"

#include <gtest/gtest.h>

#include "storage/testing/storage_test_support.hpp"

namespace roost::lda {
namespace {

using storage::testing::open_box;
using storage::testing::open_maildir;
using storage::testing::TempDir;

struct Sent {
    std::string from;
    std::vector<std::string> to;
    std::string message;
};

// Records what would go to sendmail (roost-lda's tests with real Postfix send it for real).
class RecordingSender : public MailSender {
public:
    Result<void> send(std::string_view from, const std::vector<std::string>& to, std::string_view message) override
    {
        const bool fails = fail || (!fail_to.empty() && to.front() == fail_to);
        if (fails && permanent) {
            return permanent_send_error("550 5.1.1 no such user");
        }
        if (fails) {
            return Error{std::make_error_code(std::errc::io_error), "sendmail failed (exit status 75)"};
        }
        sent.push_back({std::string(from), to, std::string(message)});
        return {};
    }
    std::vector<Sent> sent;
    bool fail = false;       // every send fails
    std::string fail_to;     // or only the sends to this address
    bool permanent = false;  // the failures are 5xx ones
};

sieve::Action redirect(std::string address)
{
    sieve::RedirectAction r;
    r.address = std::move(address);
    return sieve::Action{r, {}, ""};
}

sieve::Action implicit_keep()
{
    sieve::StoreAction s;
    s.implicit = true;
    return sieve::Action{s, {}, ""};
}

sieve::Action store(std::string mailbox, std::vector<std::string> flags = {}, bool create = false)
{
    sieve::StoreAction s;
    s.mailbox = std::move(mailbox);
    s.flags = std::move(flags);
    s.create = create;
    return sieve::Action{s, {}, ""};
}

class ActionExecutorTest : public ::testing::Test {
protected:
    ActionExecutorTest() : storage_(open_maildir(dir_.path() + "/Maildir")), tracking_(dir_.path() + "/dupes") {}

    Result<DeliveryOutcome> run(std::vector<sieve::Action> actions, DeliverySettings settings = {})
    {
        settings.postmaster_address = "postmaster@example.com";
        settings.hostname = "mx.example.com";
        settings.rejection_subject = "Rejected: %s";
        settings.rejection_reason = "%r";
        ActionExecutor ex(*storage_, sender_, tracking_, settings,
                          {"alice", "bob@example.org", "alice+x@example.com", "alice@example.com"}, 1'700'000'000, 0);
        SieveDecision d;
        d.actions = std::move(actions);
        return ex.execute(d, kMessage);
    }

    std::uint32_t count(const std::string& name)
    {
        auto box = open_box(*storage_, name, true);
        return box ? box->count() : 0;
    }

    static constexpr const char* kMessage = "From: bob@example.org\nSubject: hi\nMessage-ID: <m1@x>\n\nbody\n";
    TempDir dir_;
    std::unique_ptr<storage::Storage> storage_;
    RecordingSender sender_;
    TrackingStore tracking_;
};

TEST_F(ActionExecutorTest, FileintoWithFlagsAndKeywords)
{
    ASSERT_TRUE(storage_->create_mailbox("Lists/dovecot").ok());
    auto out = run({store("Lists.dovecot", {"\\Seen", "$label1"})});
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(out->stored_in, std::vector<std::string>{"Lists/dovecot"});
    auto box = open_box(*storage_, "Lists/dovecot", true);
    ASSERT_EQ(box->count(), 1u);
    EXPECT_TRUE((box->message(1).flags & storage::Flag::Seen) == storage::Flags(storage::Flag::Seen));
    EXPECT_EQ(box->keyword_names(box->message(1).keywords), std::vector<std::string>{"$label1"});
    EXPECT_EQ(*box->read_message(box->message(1).uid), kMessage);
}

TEST_F(ActionExecutorTest, MissingMailboxFallsBackToInbox)
{
    auto out = run({store("Nowhere")});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->stored_in, std::vector<std::string>{"INBOX"});
    EXPECT_NE(out->log.front().find("saving to INBOX"), std::string::npos);
    EXPECT_EQ(count("INBOX"), 1u);
}

TEST_F(ActionExecutorTest, CreateAndAutocreate)
{
    ASSERT_TRUE(run({store("Made", {}, true)}).ok());
    EXPECT_EQ(count("Made"), 1u);
    DeliverySettings s;
    s.mailbox_autocreate = true;
    s.mailbox_autosubscribe = true;
    ASSERT_TRUE(run({store("Auto")}, s).ok());
    EXPECT_EQ(count("Auto"), 1u);
    auto subs = storage_->subscriptions();
    ASSERT_TRUE(subs.ok());
    EXPECT_NE(std::find(subs->begin(), subs->end(), "Auto"), subs->end());
}

TEST_F(ActionExecutorTest, SameMailboxTwiceStoresOneCopy)
{
    sieve::Action keep = store("INBOX");
    std::get<sieve::StoreAction>(keep.data).keep = true;
    ASSERT_TRUE(run({store("inbox"), keep}).ok());
    EXPECT_EQ(count("INBOX"), 1u);
}

TEST_F(ActionExecutorTest, RedirectUsesTheConfiguredEnvelopeSender)
{
    DeliverySettings s;
    s.redirect_envelope_from = "recipient";
    sieve::RedirectAction r;
    r.address = "carol@example.net";
    ASSERT_TRUE(run({sieve::Action{r, {}, ""}}, s).ok());
    ASSERT_EQ(sender_.sent.size(), 1u);
    EXPECT_EQ(sender_.sent[0].from, "alice@example.com");
    EXPECT_EQ(sender_.sent[0].to, std::vector<std::string>{"carol@example.net"});
    EXPECT_EQ(sender_.sent[0].message, kMessage);
    EXPECT_EQ(count("INBOX"), 0u);
}

TEST_F(ActionExecutorTest, PermanentlyFailedRedirectKeepsTheMessage)
{
    sender_.fail = true;
    sender_.permanent = true;
    auto out = run({redirect("carol@example.net"), redirect("dave@example.net")});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(count("INBOX"), 1u);
    EXPECT_NE(out->log.front().find("redirect to <carol@example.net> failed: 550"), std::string::npos);
    EXPECT_EQ(out->log.size(), 2u);  // the second redirect is not tried, as in Pigeonhole
}

// Pigeonhole: a redirect that fails temporarily before anything was done makes the whole
// delivery a temporary failure (exit 75); the keep that would follow is not stored either,
// and nothing is recorded, so the MTA's retry starts from scratch.
TEST_F(ActionExecutorTest, TemporarilyFailedRedirectDefersWithNothingStored)
{
    sender_.fail_to = "carol@example.net";
    auto out = run({redirect("carol@example.net"), redirect("dave@example.net"), implicit_keep()});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.error().message.find("redirect to <carol@example.net> failed temporarily"), std::string::npos)
        << out.error().message;
    EXPECT_TRUE(sender_.sent.empty());  // dave's copy waits for the retry too
    EXPECT_EQ(count("INBOX"), 0u);
}

TEST_F(ActionExecutorTest, DeferredRedirectRecordsNoDuplicateMark)
{
    sender_.fail = true;
    SieveDecision d;
    d.actions = {redirect("carol@example.net")};
    d.duplicate_marks.push_back({"seen-it", "", 3600, true});
    ActionExecutor ex(*storage_, sender_, tracking_, {}, {"alice", "bob@example.org", "alice@example.com",
                                                          "alice@example.com"}, 1'700'000'000, 0);
    ASSERT_FALSE(ex.execute(d, kMessage).ok());
    TrackingStore reread(dir_.path() + "/dupes");
    EXPECT_FALSE(reread.active("duplicate:seen-it", 1'700'000'000));
}

// Once a copy is filed (fileinto goes first, wherever it is in the script) or another mail
// went out, retrying would repeat it: the failed redirect keeps the message in INBOX instead.
TEST_F(ActionExecutorTest, TemporarilyFailedRedirectAfterAFileintoKeepsInInbox)
{
    sender_.fail = true;
    auto out = run({redirect("carol@example.net"), store("Filed", {}, true)});
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(count("Filed"), 1u);
    EXPECT_EQ(count("INBOX"), 1u);
}

TEST_F(ActionExecutorTest, TemporarilyFailedRedirectAfterASentOneKeepsInInbox)
{
    sender_.fail_to = "dave@example.net";
    auto out = run({redirect("carol@example.net"), redirect("dave@example.net")});
    ASSERT_TRUE(out.ok()) << out.error().message;
    ASSERT_EQ(sender_.sent.size(), 1u);
    EXPECT_EQ(count("INBOX"), 1u);
}

TEST_F(ActionExecutorTest, FailedVacationIsOnlyLogged)
{
    sender_.fail = true;
    sieve::VacationAction v;
    v.to = "bob@example.org";
    v.tracking_key = "bob@example.org:default";
    v.period = 86400;
    v.message = "Subject: away\r\n\r\nback soon\r\n";
    auto out = run({sieve::Action{v, {}, ""}, implicit_keep()});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(count("INBOX"), 1u);
    TrackingStore reread(dir_.path() + "/dupes");
    EXPECT_FALSE(reread.active("vacation:bob@example.org:default", 1'700'000'000 + 3600));
}

TEST_F(ActionExecutorTest, RejectSendsAnMdnFromTheNullSender)
{
    sieve::RejectAction j;
    j.reason = "no thanks";
    ASSERT_TRUE(run({sieve::Action{j, {}, ""}}).ok());
    ASSERT_EQ(sender_.sent.size(), 1u);
    EXPECT_EQ(sender_.sent[0].from, "");
    EXPECT_EQ(sender_.sent[0].to, std::vector<std::string>{"bob@example.org"});
    EXPECT_NE(sender_.sent[0].message.find("Subject: Rejected: hi"), std::string::npos);
    EXPECT_EQ(count("INBOX"), 0u);
}

TEST_F(ActionExecutorTest, VacationIsSentAndRemembered)
{
    sieve::VacationAction v;
    v.to = "bob@example.org";
    v.tracking_key = "bob@example.org:default";
    v.period = 86400;
    v.message = "Subject: away\r\n\r\nback soon\r\n";
    ASSERT_TRUE(run({sieve::Action{v, {}, ""}, store("INBOX")}).ok());
    ASSERT_EQ(sender_.sent.size(), 1u);
    EXPECT_EQ(sender_.sent[0].from, "");
    TrackingStore reread(dir_.path() + "/dupes");
    EXPECT_TRUE(reread.active("vacation:bob@example.org:default", 1'700'000'000 + 3600));
    EXPECT_EQ(count("INBOX"), 1u);
}

TEST_F(ActionExecutorTest, DiscardStoresNothing)
{
    auto out = run({sieve::Action{sieve::DiscardAction{}, {}, ""}});
    ASSERT_TRUE(out.ok());
    EXPECT_TRUE(out->stored_in.empty());
    EXPECT_EQ(count("INBOX"), 0u);
}

TEST_F(ActionExecutorTest, BrokenInboxIsATemporaryFailure)
{
    // tmp/ replaced by a file: no save can work, even as root.
    open_box(*storage_, "INBOX");
    const std::string tmp = dir_.path() + "/Maildir/tmp";
    std::filesystem::remove_all(tmp);
    storage::testing::write_text(tmp, "not a directory");
    auto out = run({store("Nowhere")});
    EXPECT_FALSE(out.ok());
}

}  // namespace
}  // namespace roost::lda
