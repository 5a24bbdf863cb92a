#include "lda/rejection.hpp"

#include <gtest/gtest.h>

namespace roost::lda {
namespace {

TEST(Rejection, FormatsAsDovecotWordsThem)
{
    EXPECT_EQ(expand_rejection_format("Rejected: %s", "hello", "a@x", "r"), "Rejected: hello");
    EXPECT_EQ(expand_rejection_format("Your message to <%t> was automatically rejected:%n%r", "s", "a@x",
                                      "go away"),
              "Your message to <a@x> was automatically rejected:\ngo away");
    EXPECT_EQ(expand_rejection_format("100%% %q", "", "", ""), "100% %q");
}

TEST(Rejection, IsAnMdnWithTheOriginalHeaderOnly)
{
    const std::string original = "Message-ID: <orig@x>\nSubject: offer\nFrom: spam@example.org\n\nSECRET BODY\n";
    RejectionInput in{original, "postmaster@example.com", "spam@example.org", "alice@example.com",
                      "I don't want it", "Rejected: %s", "Your message to <%t> was rejected:%n%r",
                      "mail.example.com", 1'700'000'000, 60};
    const std::string r = build_rejection(in);
    EXPECT_NE(r.find("To: <spam@example.org>\r\n"), std::string::npos);
    EXPECT_NE(r.find("From: postmaster@example.com\r\n"), std::string::npos);
    EXPECT_NE(r.find("Subject: Rejected: offer\r\n"), std::string::npos);
    EXPECT_NE(r.find("Auto-Submitted: auto-replied (rejected)\r\n"), std::string::npos);
    EXPECT_NE(r.find("report-type=disposition-notification"), std::string::npos);
    EXPECT_NE(r.find("Your message to <alice@example.com> was rejected:\r\nI don't want it"), std::string::npos);
    EXPECT_NE(r.find("Final-Recipient: rfc822; alice@example.com\r\n"), std::string::npos);
    EXPECT_NE(r.find("Original-Message-ID: <orig@x>\r\n"), std::string::npos);
    EXPECT_NE(r.find("Disposition: automatic-action/MDN-sent-automatically; deleted"), std::string::npos);
    EXPECT_EQ(r.find("SECRET BODY"), std::string::npos);
    // Every line ends in CRLF.
    for (std::size_t i = r.find('\n'); i != std::string::npos; i = r.find('\n', i + 1)) {
        ASSERT_GT(i, 0u);
        ASSERT_EQ(r[i - 1], '\r') << "at offset " << i;
    }
}

}  // namespace
}  // namespace roost::lda
