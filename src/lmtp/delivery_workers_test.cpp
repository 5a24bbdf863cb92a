#include "lmtp/delivery_workers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace roost::lmtp {
namespace {

constexpr uid_t kNobody = 65534;

// Set by the drop_session_state callback: only ever in a worker's copy of this process.
bool dropped_session_state = false;

worker::MailUser user_named(const std::string& name, uid_t uid)
{
    worker::MailUser u;
    u.name = name;
    u.uid = uid;
    u.gid = uid == ::geteuid() ? ::getegid() : uid;
    u.home = "/nonexistent";
    return u;
}

// The fake delivery reports who it ran as, in which process, and for whom.
lda::DeliveryResult report(const DeliveryJob& job)
{
    const worker::MailUser& u = job.user;
    const lda::DeliveryRequest& req = job.request;
    const std::string& message = job.message;
    if (message == "crash") {
        ::_exit(3);
    }
    return {lda::DeliveryResult::Status::Delivered, "2.0.0",
            u.name + " uid=" + std::to_string(::geteuid()) + " pid=" + std::to_string(::getpid()) +
                (dropped_session_state ? " dropped " : " kept ") + req.final_recipient + " " + std::string(message)};
}

DeliveryJob job_for(const worker::MailUser& user, const lda::DeliveryRequest& request, std::string message)
{
    DeliveryJob job;
    job.user = user;
    job.request = request;
    job.message = std::move(message);
    return job;
}

// The worker's process id from report()'s text.
std::string pid_of(const std::string& text)
{
    const auto at = text.find("pid=") + 4;
    return text.substr(at, text.find(' ', at) - at);
}

TEST(DeliveryWorkers, UsersWithTheSameCredentialsShareOneWorker)
{
    const uid_t me = ::geteuid() == 0 ? kNobody : ::geteuid();
    DeliveryWorkers workers(report, 4, [] { dropped_session_state = true; });
    lda::DeliveryRequest req;
    req.final_recipient = "rcpt";
    const auto a = workers.run(job_for(user_named("alice", me), req, "one"));
    const auto b = workers.run(job_for(user_named("bob", me), req, "two"));
    EXPECT_EQ(a.status, lda::DeliveryResult::Status::Delivered);
    EXPECT_TRUE(a.text.starts_with("alice uid=" + std::to_string(me) + " ")) << a.text;
    EXPECT_TRUE(a.text.ends_with(" dropped rcpt one")) << a.text;  // the session's state went first
    EXPECT_FALSE(dropped_session_state);                             // in the worker only
    EXPECT_TRUE(b.text.starts_with("bob uid=" + std::to_string(me) + " ")) << b.text;
    EXPECT_EQ(pid_of(a.text), pid_of(b.text));
    EXPECT_NE(pid_of(a.text), std::to_string(::getpid()));  // a worker, not the session's process
    EXPECT_EQ(workers.started(), 1u);
}

TEST(DeliveryWorkers, ACrashedWorkerIsATemporaryFailureAndIsReplaced)
{
    const uid_t me = ::geteuid() == 0 ? kNobody : ::geteuid();
    DeliveryWorkers workers(report, 4, nullptr);
    const auto crashed = workers.run(job_for(user_named("alice", me), {}, "crash"));
    EXPECT_EQ(crashed.status, lda::DeliveryResult::Status::TempFail);
    EXPECT_EQ(crashed.code, "4.3.0");
    const auto next = workers.run(job_for(user_named("alice", me), {}, "again"));
    EXPECT_EQ(next.status, lda::DeliveryResult::Status::Delivered);
    EXPECT_EQ(workers.started(), 2u);
}

TEST(DeliveryWorkers, DifferentUidsNeverShareAWorker)
{
    if (::geteuid() != 0) {
        GTEST_SKIP() << "needs root to run workers as two uids";
    }
    DeliveryWorkers workers(report, 2, nullptr);
    const auto a = workers.run(job_for(user_named("alice", kNobody), {}, "1"));
    const auto b = workers.run(job_for(user_named("bob", kNobody - 1), {}, "2"));
    const auto a2 = workers.run(job_for(user_named("alice", kNobody), {}, "3"));
    EXPECT_TRUE(a.text.starts_with("alice uid=65534 ")) << a.text;
    EXPECT_TRUE(b.text.starts_with("bob uid=65533 ")) << b.text;
    EXPECT_NE(pid_of(a.text), pid_of(b.text));
    EXPECT_EQ(pid_of(a.text), pid_of(a2.text));
    EXPECT_EQ(workers.started(), 2u);
    // A third set of credentials evicts the least recently used worker (bob's).
    const auto c = workers.run(job_for(user_named("carol", kNobody - 2), {}, "4"));
    EXPECT_TRUE(c.text.starts_with("carol uid=65532 ")) << c.text;
    const auto b2 = workers.run(job_for(user_named("bob", kNobody - 1), {}, "5"));
    EXPECT_TRUE(b2.text.starts_with("bob uid=65533 ")) << b2.text;
    EXPECT_EQ(workers.started(), 4u);
    // The same uid with other groups is other rights: another worker.
    worker::MailUser grouped = user_named("alice", kNobody);
    grouped.extra_groups = {8};
    const auto g = workers.run(job_for(grouped, {}, "6"));
    EXPECT_EQ(g.status, lda::DeliveryResult::Status::Delivered);
    EXPECT_EQ(workers.started(), 5u);
}

}  // namespace
}  // namespace roost::lmtp
