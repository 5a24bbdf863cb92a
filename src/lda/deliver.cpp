#include "lda/deliver.hpp"

#include <memory>

#include "auth/client/auth_client.hpp"
#include "core/log.hpp"
#include "lda/action_executor.hpp"
#include "lda/incoming_message.hpp"
#include "lda/lda_environment.hpp"
#include "lda/lda_settings.hpp"
#include "lda/mail_sender.hpp"
#include "lda/sieve_delivery.hpp"
#include "lda/smtp_sender.hpp"
#include "sieve_host/script_chain.hpp"
#include "storage/storage.hpp"
#include "storage/storage_error.hpp"
#include "worker/storage_settings.hpp"
#include "worker/user_policy.hpp"

namespace roost::lda {
namespace {

DeliveryResult temp_failure(std::string why)
{
    log::error(why);
    return {DeliveryResult::Status::TempFail, "4.3.0", std::move(why)};
}

// Dovecot's rule: submission_host, when set, wins over sendmail_path. A submission_host that
// is not host[:port] fails every delivery (exit 75) until it is fixed, as other settings do.
Result<std::unique_ptr<MailSender>> choose_mail_sender(const config::Config& cfg, const config::FilterContext& ctx,
                                                       const LdaSettings& settings)
{
    if (settings.submission_host.empty()) {
        return std::unique_ptr<MailSender>(std::make_unique<SendmailSender>(settings.sendmail_path));
    }
    auto server = smtp::client::parse_host_port(settings.submission_host, 25);
    if (!server) {
        return Error{server.error().code, "submission_host: " + server.error().message};
    }
    return std::unique_ptr<MailSender>(std::make_unique<SmtpSender>(
        std::move(*server), settings.delivery.hostname, cfg.get_time("submission_timeout", ctx)));
}

}  // namespace

UserLookup lookup_mail_user(const config::Config& cfg, const config::FilterContext& ctx, const std::string& name)
{
    UserLookup out;
    const std::string socket = cfg.get("base_dir") + "/" + cfg.get("auth_socket_path");
    auto client = auth::UserdbClient::connect(socket);
    if (!client) {
        out.text = socket + ": " + client.error().message;
        return out;
    }
    return lookup_mail_user(*client, cfg, ctx, name);
}

UserLookup lookup_mail_user(auth::UserdbClient& client, const config::Config& cfg, const config::FilterContext& ctx,
                            const std::string& name)
{
    UserLookup out;
    auto reply = client.user(name, ctx.protocol);
    if (!reply) {
        out.text = "userdb: " + reply.error().message;
        return out;
    }
    if (std::holds_alternative<auth::proto::NotFound>(*reply)) {
        log::info("user ", name, " does not exist");
        out.status = UserLookup::Status::NoUser;
        out.text = name + ": user unknown";
        return out;
    }
    const auto* found = std::get_if<auth::proto::UserFound>(&*reply);
    if (found == nullptr) {
        const auto* failed = std::get_if<auth::proto::MasterFail>(&*reply);
        out.text = "userdb lookup of " + name + " failed: " + (failed ? failed->reason : "bad reply");
        return out;
    }
    auto user = worker::resolve_mail_user(found->user, found->fields, worker::user_policy(cfg, ctx));
    if (!user) {
        out.text = user.error().message;
        return out;
    }
    out.status = UserLookup::Status::Found;
    out.user = std::move(*user);
    return out;
}

DeliveryResult deliver_message(const config::Config& cfg, const config::FilterContext& ctx,
                               const worker::MailUser& user, const DeliveryRequest& request,
                               std::string_view raw)
{
    std::string final_recipient = !request.final_recipient.empty() ? request.final_recipient : request.original_recipient;
    auto settings = read_lda_settings(cfg, ctx, user, final_recipient.empty() ? user.name : final_recipient);
    if (!settings) {
        return temp_failure(settings.error().message);
    }
    std::string original_recipient = request.original_recipient;
    if (original_recipient.empty() && !settings->original_recipient_header.empty()) {
        original_recipient = header_value(raw, settings->original_recipient_header);
    }
    if (final_recipient.empty()) {
        final_recipient = !original_recipient.empty() ? original_recipient : user.name;
    }
    if (original_recipient.empty()) {
        original_recipient = final_recipient;
    }
    const std::string& sender = request.sender;
    const std::string message = add_delivery_headers(raw, sender, final_recipient);
    const auto log_line = [&](const std::string& status) {
        log::info(format_deliver_log(settings->deliver_log_format, message, sender, status));
    };

    if (user.mail_location.empty()) {
        return temp_failure("mail_location is not set and userdb gave no mail=");
    }
    auto store = storage::open_storage(worker::storage_settings(cfg, ctx, user));
    if (!store) {
        return temp_failure(store.error().message);
    }

    TrackingStore tracking(user.home + "/.roost.lda-dupes");
    auto mailer = choose_mail_sender(cfg, ctx, *settings);
    if (!mailer) {
        return temp_failure(mailer.error().message);
    }
    sieve_host::ScriptChain chain;
    if (settings->sieve_enabled) {
        chain = sieve_host::resolve_script_chain(settings->scripts, user.home);
        for (const std::string& w : chain.warnings) {
            log::warning("sieve: ", w);
        }
    }
    LdaEnvironment env(**store, tracking, chain.personal_dir, chain.global_dir, settings->environment_items);
    const sieve::Now now = env.now();
    DeliverySettings delivery = settings->delivery;
    delivery.quota = settings->quota ? &*settings->quota : nullptr;
    ActionExecutor executor(**store, **mailer, tracking, delivery,
                            {user.name, sender, original_recipient, final_recipient}, now.unix_time, now.zone_minutes);

    Result<DeliveryOutcome> outcome = Error{};
    if (chain.empty()) {
        outcome = executor.deliver_plain(request.mailbox, message);
    } else {
        sieve::Settings sieve_settings = settings->sieve;
        if (!request.mailbox.empty()) {
            sieve_settings.default_mailbox = request.mailbox;  // where the implicit keep goes
        }
        const sieve::Envelope envelope{sender, final_recipient, original_recipient, ""};
        const SieveDecision decision = run_script_chain(chain, message, envelope, env, sieve_settings);
        for (const std::string& e : decision.errors) {
            log::error("sieve: ", e);
        }
        outcome = executor.execute(decision, message);
    }
    if (!outcome && storage::storage_code_of(outcome.error()) == storage::StorageError::NoQuota) {
        // Over quota: the MTA retries (quota_full_tempfail), refuses it (-e, LMTP), or we mail
        // the rejection ourselves, as dovecot-lda does.
        const std::string why = outcome.error().message;
        if (settings->quota_full_tempfail) {
            log_line("tempfail: " + why);
            return {DeliveryResult::Status::TempFail, "4.2.2", why};
        }
        if (request.refuse_over_quota) {
            log_line("rejected: " + why);
            return {DeliveryResult::Status::Refused, "5.2.2", why};
        }
        auto rejected = executor.send_rejection(why, message);
        if (!rejected) {
            return temp_failure("over quota, and the rejection could not be sent: " + rejected.error().message);
        }
        log_line(*rejected + ": " + why);
        return {DeliveryResult::Status::Delivered, "2.0.0", *rejected};
    }
    if (!outcome) {
        return temp_failure(outcome.error().message);
    }
    for (const std::string& line : outcome->log) {
        log_line(line);
    }
    return {DeliveryResult::Status::Delivered, "2.0.0", "Saved"};
}

}  // namespace roost::lda
