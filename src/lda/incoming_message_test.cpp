#include "lda/incoming_message.hpp"

#include <gtest/gtest.h>

namespace roost::lda {
namespace {

TEST(IncomingMessage, TakesOffThePostfixEnvelopeLine)
{
    auto m = take_envelope_line("From bob@example.org  Mon Nov 23 10:00:00 2026\nSubject: hi\n\nbody\n");
    EXPECT_TRUE(m.had_from_line);
    EXPECT_EQ(m.from_line, "bob@example.org");
    EXPECT_EQ(m.data, "Subject: hi\n\nbody\n");

    auto daemon = take_envelope_line("From MAILER-DAEMON  Mon Nov 23 10:00:00 2026\nSubject: x\n\n");
    EXPECT_EQ(daemon.from_line, "");
    auto plain = take_envelope_line("From: bob@example.org\n\nbody\n");
    EXPECT_FALSE(plain.had_from_line);
    EXPECT_EQ(plain.data, "From: bob@example.org\n\nbody\n");
}

TEST(IncomingMessage, AddsReturnPathAndDeliveredTo)
{
    const std::string out = add_delivery_headers("Subject: hi\n\nbody\n", "bob@example.org", "alice@example.com");
    EXPECT_EQ(out, "Return-Path: <bob@example.org>\nDelivered-To: alice@example.com\nSubject: hi\n\nbody\n");
    const std::string crlf = add_delivery_headers("Subject: hi\r\n\r\nbody\r\n", "", "alice@example.com");
    EXPECT_EQ(crlf.substr(0, 36), "Return-Path: <>\r\nDelivered-To: alice");
}

TEST(IncomingMessage, KeepsWhatTheMtaAlreadyWrote)
{
    const std::string in =
        "Return-Path: <bob@example.org>\nDelivered-To: <Alice@Example.com>\nSubject: hi\n\n"
        "Delivered-To: alice@example.com (in the body: not a header)\n";
    EXPECT_EQ(add_delivery_headers(in, "other@example.org", "alice@example.com"), in);
    // Another recipient's Delivered-To does not count.
    const std::string other = add_delivery_headers("Delivered-To: bob@example.org\n\nx\n", "s@x", "alice@example.com");
    EXPECT_NE(other.find("Delivered-To: alice@example.com\n"), std::string::npos);
}

TEST(IncomingMessage, HeaderValueUnfolds)
{
    const std::string m = "Subject: a long\n\tsubject line\nmessage-id:  <1@x>  \n\nSubject: body\n";
    EXPECT_EQ(header_value(m, "subject"), "a long \tsubject line");
    EXPECT_EQ(header_value(m, "Message-ID"), "<1@x>");
    EXPECT_EQ(header_value(m, "X-Missing"), "");
}

}  // namespace
}  // namespace roost::lda
