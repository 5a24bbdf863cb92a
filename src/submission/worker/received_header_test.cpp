// The Received: header of submitted mail.
#include "submission/worker/received_header.hpp"

#include <gtest/gtest.h>

namespace roost::submission {
namespace {

TEST(ReceivedHeader, NamesClientRoostUserAndTheOneRecipient)
{
    ReceivedInfo i;
    i.helo = "laptop.example";
    i.client_ip = "192.0.2.7";
    i.hostname = "mail.example.net";
    i.tls = true;
    i.session = "abc123";
    i.user = "alice@example.net";
    i.recipient = "bob@example.org";
    i.time = 1700000000;  // 2023-11-14 22:13:20 UTC
    i.zone_minutes = 60;
    EXPECT_EQ(received_header(i),
              "Received: from laptop.example ([192.0.2.7])\n"
              "\tby mail.example.net (Roost) with ESMTPSA id abc123\n"
              "\t(Authenticated sender: alice@example.net)\n"
              "\tfor <bob@example.org>; Tue, 14 Nov 2023 23:13:20 +0100\n");
}

TEST(ReceivedHeader, PlainHeloWithoutRecipientOrSession)
{
    ReceivedInfo i;
    i.helo = "bad\r\nInjected: yes";
    i.hostname = "h";
    i.esmtp = false;
    i.user = "bob";
    const std::string h = received_header(i);
    EXPECT_NE(h.find("with SMTPA\n"), std::string::npos) << h;
    EXPECT_EQ(h.find(" for <"), std::string::npos);
    EXPECT_EQ(h.find("\nInjected"), std::string::npos);  // client text cannot start a header
    EXPECT_NE(h.find("from bad??Injected: yes\n"), std::string::npos) << h;
}

}  // namespace
}  // namespace roost::submission
