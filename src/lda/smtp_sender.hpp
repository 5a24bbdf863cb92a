// SmtpSender: the LDA's generated mail (redirects, vacation responses, notifications,
// rejections) sent over SMTP to submission_host, as dovecot-lda does when that is set. Plain
// SMTP with no TLS and no AUTH: submission_host is meant to be the local MTA on a trusted
// network (127.0.0.1:25, or a content filter's return port), like Dovecot 2.3's. It links
// only the SMTP client's core, so roost-lda loads no OpenSSL or libsasl2.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "lda/mail_sender.hpp"
#include "smtp/client/host_port.hpp"

namespace roost::lda {

class SmtpSender : public MailSender {
public:
    // `server` from parse_host_port(submission_host, 25); `helo` the LDA's hostname for EHLO;
    // `timeout` bounds the connect and each reply (submission_timeout).
    SmtpSender(smtp::client::HostPort server, std::string helo, std::chrono::milliseconds timeout)
        : server_(std::move(server)), helo_(std::move(helo)), timeout_(timeout)
    {
    }

    // One connection per message: EHLO, MAIL FROM (<> for ""), RCPT TO for each recipient,
    // DATA, QUIT. Succeeds only when the server accepted every recipient and the message; any
    // other reply or a connection problem is an error naming submission_host and what the
    // server said.
    Result<void> send(std::string_view envelope_from, const std::vector<std::string>& recipients,
                      std::string_view message) override;

private:
    smtp::client::HostPort server_;
    std::string helo_;
    std::chrono::milliseconds timeout_;
};

}  // namespace roost::lda
