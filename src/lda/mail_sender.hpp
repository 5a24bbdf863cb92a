// MailSender: how the LDA sends the mail it generates (Sieve redirects, vacation responses,
// notifications, rejections): through sendmail_path, as dovecot-lda does, so the MTA's own
// queue takes care of retries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::lda {

// A send that failed permanently (an SMTP 5xx reply, an address that cannot be sent to):
// trying again later cannot help. Every other failure (a connection problem, a 4xx reply,
// any sendmail_path failure, as Dovecot counts them) is temporary.
Error permanent_send_error(std::string message);
bool is_permanent_send_error(const Error& e);

class MailSender {
public:
    virtual ~MailSender() = default;
    // Hands one message to the MTA. `envelope_from` "" is the null reverse-path. An error is
    // temporary unless is_permanent_send_error() says otherwise.
    virtual Result<void> send(std::string_view envelope_from, const std::vector<std::string>& recipients,
                              std::string_view message) = 0;
};

// Runs `sendmail_path` (a program and its arguments, split on spaces) with
// "-i -f FROM -- RECIPIENT..." and the message on its standard input; fails unless it exits 0.
class SendmailSender : public MailSender {
public:
    explicit SendmailSender(std::string sendmail_path) : path_(std::move(sendmail_path)) {}
    Result<void> send(std::string_view envelope_from, const std::vector<std::string>& recipients,
                      std::string_view message) override;

private:
    std::string path_;
};

}  // namespace roost::lda
