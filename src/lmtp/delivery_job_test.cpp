#include "lmtp/delivery_job.hpp"

#include <gtest/gtest.h>

namespace roost::lmtp {
namespace {

DeliveryJob sample_job()
{
    DeliveryJob job;
    job.kind = DeliveryJob::Kind::QuotaCheck;
    job.size = 12345678901;
    job.user.name = "alice@example.com";
    job.user.uid = 1000;
    job.user.gid = 100;
    job.user.extra_groups = {8, 12};
    job.user.home = "/home/alice";
    job.user.mail_location = "maildir:~/Maildir";
    job.user.fields = {{"quota_rule", "*:storage=1M", true}, {"nologin", "", false}, {"", ":,", true}};
    job.request.sender = "";
    job.request.original_recipient = "alice+x@example.com";
    job.request.final_recipient = "alice@example.com";
    job.request.mailbox = "Lists/x";
    job.request.refuse_over_quota = true;
    job.message = std::string("Subject: 1:2,\n\n", 15) + std::string(1, '\0') + "3:abc,\n";
    return job;
}

// The payloads of every frame in `stream`, fed `piece` bytes at a time.
std::vector<std::string> frames(const std::string& stream, std::size_t piece)
{
    FrameDecoder d(1 << 20);
    std::vector<std::string> out;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
        d.feed(std::string_view(stream).substr(at, piece));
        for (;;) {
            auto f = d.next();
            EXPECT_TRUE(f.ok());
            if (!f || !*f) {
                break;
            }
            out.push_back(**f);
        }
    }
    return out;
}

TEST(DeliveryJob, RoundTripsWholeAndByteByByte)
{
    const DeliveryJob job = sample_job();
    const lda::DeliveryResult result{lda::DeliveryResult::Status::Refused, "5.2.2", "Quota exceeded, 1:2,"};
    const std::string stream = encode_job(job) + encode_result(result);
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, stream.size()}) {
        const auto payloads = frames(stream, piece);
        ASSERT_EQ(payloads.size(), 2u);
        auto back = decode_job(payloads[0]);
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(back->kind, DeliveryJob::Kind::QuotaCheck);
        EXPECT_EQ(back->size, 12345678901u);
        EXPECT_EQ(back->user.name, job.user.name);
        EXPECT_EQ(back->user.uid, 1000u);
        EXPECT_EQ(back->user.gid, 100u);
        EXPECT_EQ(back->user.extra_groups, job.user.extra_groups);
        EXPECT_EQ(back->user.home, "/home/alice");
        EXPECT_EQ(back->user.chroot, "");
        EXPECT_EQ(back->user.mail_location, job.user.mail_location);
        ASSERT_EQ(back->user.fields.size(), 3u);
        EXPECT_EQ(back->user.fields[0].value, "*:storage=1M");
        EXPECT_FALSE(back->user.fields[1].has_value);
        EXPECT_EQ(back->user.fields[2].value, ":,");
        EXPECT_EQ(back->request.sender, "");
        EXPECT_EQ(back->request.original_recipient, "alice+x@example.com");
        EXPECT_EQ(back->request.mailbox, "Lists/x");
        EXPECT_TRUE(back->request.refuse_over_quota);
        EXPECT_EQ(back->message, job.message);
        auto r = decode_result(payloads[1]);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->status, lda::DeliveryResult::Status::Refused);
        EXPECT_EQ(r->code, "5.2.2");
        EXPECT_EQ(r->text, result.text);
    }
}

TEST(DeliveryJob, MalformedInputIsAnError)
{
    for (const char* bad : {"x:", "5:ab", "-1:", ":", "3:abc;", "99999999999999999999999:"}) {
        FrameDecoder d(1 << 20);
        d.feed(bad);
        auto f = d.next();
        EXPECT_TRUE(!f.ok() || !*f) << bad;  // an error, or (for a short frame) more to come
    }
    FrameDecoder small(4);
    small.feed("5:");
    EXPECT_FALSE(small.next().ok());
    FrameDecoder bad_end(100);
    bad_end.feed("3:abc;");
    EXPECT_FALSE(bad_end.next().ok());
    EXPECT_FALSE(decode_result("1:9,0:,0:,").ok());  // no such status
    EXPECT_FALSE(decode_result("1:0,0:,").ok());
    EXPECT_FALSE(decode_result("1:0,0:,0:,1:x,").ok());  // trailing field
    std::string job = encode_job(sample_job());
    const auto colon = job.find(':');
    const std::string payload = job.substr(colon + 1, job.size() - colon - 2);
    ASSERT_TRUE(decode_job(payload).ok());
    for (std::size_t cut : {std::size_t{0}, std::size_t{10}, payload.size() - 1}) {
        EXPECT_FALSE(decode_job(payload.substr(0, cut)).ok()) << cut;
    }
}

}  // namespace
}  // namespace roost::lmtp
