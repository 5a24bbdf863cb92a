// MailSender: how the LDA sends the mail it generates (Sieve redirects, vacation responses,
// notifications, rejections): through sendmail_path, as dovecot-lda does, so the MTA's own
// queue takes care of retries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::lda {

class MailSender {
public:
    virtual ~MailSender() = default;
    // Hands one message to the MTA. `envelope_from` "" is the null reverse-path.
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
