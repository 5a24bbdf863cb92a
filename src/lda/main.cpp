// roost-lda: the local delivery agent an MTA runs for each recipient (Postfix mailbox_command,
// a pipe(8) transport). A drop-in for dovecot-lda: same options, same exit codes, the user's
// Sieve scripts, and exit 75 whenever the message could not be stored safely, so the MTA keeps
// it and tries again.
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <iostream>

#include "auth/client/auth_client.hpp"
#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "core/log.hpp"
#include "lda/action_executor.hpp"
#include "lda/incoming_message.hpp"
#include "lda/lda_environment.hpp"
#include "lda/lda_options.hpp"
#include "lda/lda_settings.hpp"
#include "lda/mail_sender.hpp"
#include "sieve_host/script_chain.hpp"
#include "lda/sieve_delivery.hpp"
#include "net/privileges.hpp"
#include "roost_build_config.hpp"
#include "storage/storage.hpp"
#include "storage/storage_error.hpp"
#include "worker/mail_user.hpp"
#include "worker/user_policy.hpp"

namespace {

using namespace roost;

// sysexits.h, as Postfix reads them.
constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;
constexpr int kExitNoUser = 67;
constexpr int kExitTempFail = 75;
constexpr int kExitNoPerm = 77;

const config::FilterContext kLda{.protocol = "lda"};

// Postfix quotes the output in its bounce or defer log; a status code in front sets the class.
int tempfail(const std::string& why)
{
    log::error(why);
    std::cerr << "4.3.0 " << why << "\n";
    return kExitTempFail;
}

struct Found {
    int exit_code = kExitOk;
    worker::MailUser user;
};

// -d USER: the userdb's answer through auth-userdb, checked against the config's limits.
Found lookup_user(const config::Config& cfg, const std::string& name)
{
    const std::string socket = cfg.get("base_dir") + "/" + cfg.get("auth_socket_path");
    auto client = auth::UserdbClient::connect(socket);
    if (!client) {
        return {tempfail(socket + ": " + client.error().message), {}};
    }
    auto reply = client->user(name, "lda");
    if (!reply) {
        return {tempfail(socket + ": " + reply.error().message), {}};
    }
    if (std::holds_alternative<auth::proto::NotFound>(*reply)) {
        std::cerr << "5.1.1 " << name << ": user unknown\n";
        log::info("user ", name, " does not exist");
        return {kExitNoUser, {}};
    }
    const auto* found = std::get_if<auth::proto::UserFound>(&*reply);
    if (found == nullptr) {
        const auto* failed = std::get_if<auth::proto::MasterFail>(&*reply);
        return {tempfail("userdb lookup of " + name + " failed: " + (failed ? failed->reason : "bad reply")), {}};
    }
    auto user = worker::resolve_mail_user(found->user, found->fields, worker::user_policy(cfg, kLda));
    if (!user) {
        return {tempfail(user.error().message), {}};
    }
    return {kExitOk, std::move(*user)};
}

// Without -d: the user the MTA runs us as (a system user), home from $HOME or the passwd entry.
Found invoking_user(const config::Config& cfg, const std::string& env_user, const std::string& env_home)
{
    const passwd* pw = ::getpwuid(::getuid());
    if (pw == nullptr) {
        return {tempfail("the invoking uid " + std::to_string(::getuid()) + " has no passwd entry"), {}};
    }
    worker::MailUser u;
    u.name = !env_user.empty() && env_user == pw->pw_name ? env_user : pw->pw_name;
    u.uid = pw->pw_uid;
    u.gid = pw->pw_gid;
    u.home = !env_home.empty() ? env_home : pw->pw_dir;
    u.mail_location = cfg.mail_location(kLda);
    return {kExitOk, std::move(u)};
}

std::optional<std::string> read_message(const std::string& path)
{
    if (!path.empty()) {
        auto text = sieve_host::read_optional_file(path);
        return text && *text ? std::optional(std::move(**text)) : std::nullopt;
    }
    // read(2) in large blocks: iostreams synced with stdio go through getc per byte.
    std::string data;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0) {
            return data;
        }
        if (n < 0 && errno != EINTR) {
            return std::nullopt;
        }
        if (n > 0) {
            data.append(buf, static_cast<std::size_t>(n));
        }
    }
}

}  // namespace

int main(int argc, char** argv)
{
    auto options = lda::parse_lda_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options || options->help) {
        std::cerr << (options ? "" : "roost-lda: " + options.error().message + "\n") << lda::lda_usage();
        return options ? kExitOk : kExitUsage;
    }
    const lda::LdaOptions& o = *options;
    const char* env_user = std::getenv("USER");
    const char* env_home = std::getenv("HOME");
    const char* env_config = std::getenv("ROOST_CONFIG");
    const std::string user_env = env_user ? env_user : "";
    const std::string home_env = env_home ? env_home : "";
    const std::string config_path = !o.config_path.empty() ? o.config_path
                                    : env_config            ? std::string(env_config)
                                                            : std::string(ROOST_SYSCONFDIR) + "/roost.conf";
    if (!o.keep_environment) {
        // Nothing the MTA exported reaches the programs we start (sendmail).
        ::clearenv();
        ::setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
    }

    log::set_process("lda");
    config::LoadOptions load_options;
    load_options.overrides = o.overrides;
    config::LoadResult loaded = config::load_config(config_path, load_options);
    if (!loaded.ok()) {
        for (const config::Diagnostic& d : loaded.diagnostics) {
            std::cerr << "roost-lda: " << d.str() << "\n";
        }
        return kExitTempFail;
    }
    const config::Config& cfg = *loaded.config;
    if (auto r = log::configure(config::log_settings(cfg, config::LogRole::Mail, kLda)); !r) {
        std::cerr << "roost-lda: " << r.error().message << "\n";
        return kExitTempFail;
    }

    auto raw = read_message(o.message_path);
    if (!raw) {
        return tempfail("cannot read the message from " + (o.message_path.empty() ? "standard input" : o.message_path));
    }
    lda::IncomingMessage incoming = lda::take_envelope_line(std::move(*raw));

    if (o.user.empty() && ::getuid() == 0) {
        std::cerr << "roost-lda: running as root needs -d USER\n";
        return kExitUsage;
    }
    Found found = o.user.empty() ? invoking_user(cfg, user_env, home_env) : lookup_user(cfg, o.user);
    if (found.exit_code != kExitOk) {
        return found.exit_code;
    }
    worker::MailUser& user = found.user;
    if (!o.user.empty()) {
        if (auto became = net::become({user.uid, user.gid, user.extra_groups, user.chroot}); !became) {
            return tempfail("cannot become " + user.name + ": " + became.error().message);
        }
    }
    log::set_user(user.name);

    std::string final_recipient = !o.final_recipient.empty() ? o.final_recipient : o.original_recipient;
    auto settings = lda::read_lda_settings(cfg, user, final_recipient.empty() ? user.name : final_recipient);
    if (!settings) {
        return tempfail(settings.error().message);
    }
    std::string original_recipient = o.original_recipient;
    if (original_recipient.empty() && !settings->original_recipient_header.empty()) {
        original_recipient = lda::header_value(incoming.data, settings->original_recipient_header);
    }
    if (final_recipient.empty()) {
        final_recipient = !original_recipient.empty() ? original_recipient : user.name;
    }
    if (original_recipient.empty()) {
        original_recipient = final_recipient;
    }
    const std::string sender = o.sender_given ? o.sender : incoming.from_line;
    const std::string message = lda::add_delivery_headers(incoming.data, sender, final_recipient);

    if (user.mail_location.empty()) {
        return tempfail("mail_location is not set and userdb gave no mail=");
    }
    storage::StorageSettings ss;
    ss.mail_location = user.mail_location;
    ss.variables = {user.name, user.home};
    ss.fsync = settings->fsync;
    auto store = storage::open_storage(ss);
    if (!store) {
        return tempfail(store.error().message);
    }

    lda::TrackingStore tracking(user.home + "/.roost.lda-dupes");
    lda::SendmailSender mailer(settings->sendmail_path);
    lda::LdaEnvironment env(**store, tracking, "", "", settings->environment_items);
    const sieve::Now now = env.now();
    lda::DeliverySettings delivery = settings->delivery;
    delivery.quota = settings->quota ? &*settings->quota : nullptr;
    lda::ActionExecutor executor(**store, mailer, tracking, delivery,
                                 {user.name, sender, original_recipient, final_recipient}, now.unix_time,
                                 now.zone_minutes);

    Result<lda::DeliveryOutcome> outcome = Error{};
    sieve_host::ScriptChain chain;
    if (settings->sieve_enabled) {
        chain = sieve_host::resolve_script_chain(settings->scripts, user.home);
        for (const std::string& w : chain.warnings) {
            log::warning("sieve: ", w);
        }
    }
    if (chain.empty()) {
        outcome = executor.deliver_plain(o.mailbox, message);
    } else {
        lda::LdaEnvironment script_env(**store, tracking, chain.personal_dir, chain.global_dir,
                                       settings->environment_items);
        sieve::Settings sieve_settings = settings->sieve;
        if (!o.mailbox.empty()) {
            sieve_settings.default_mailbox = o.mailbox;  // -m is where the implicit keep goes
        }
        const sieve::Envelope envelope{sender, final_recipient, original_recipient, ""};
        const lda::SieveDecision decision =
            lda::run_script_chain(chain, message, envelope, script_env, sieve_settings);
        for (const std::string& e : decision.errors) {
            log::error("sieve: ", e);
        }
        outcome = executor.execute(decision, message);
    }
    if (!outcome && storage::storage_code_of(outcome.error()) == storage::StorageError::NoQuota) {
        // Over quota: the MTA retries (quota_full_tempfail), bounces (-e), or we mail the
        // rejection ourselves, as dovecot-lda does.
        const std::string& why = outcome.error().message;
        if (settings->quota_full_tempfail) {
            log::info(lda::format_deliver_log(settings->deliver_log_format, message, sender, "tempfail: " + why));
            std::cerr << "4.2.2 " << why << "\n";
            return kExitTempFail;
        }
        if (o.reject_to_stderr) {
            log::info(lda::format_deliver_log(settings->deliver_log_format, message, sender, "rejected: " + why));
            std::cerr << "5.2.2 " << why << "\n";
            return kExitNoPerm;
        }
        auto rejected = executor.send_rejection(why, message);
        if (!rejected) {
            return tempfail("over quota, and the rejection could not be sent: " + rejected.error().message);
        }
        log::info(lda::format_deliver_log(settings->deliver_log_format, message, sender, *rejected + ": " + why));
        return kExitOk;
    }
    if (!outcome) {
        return tempfail(outcome.error().message);
    }
    for (const std::string& line : outcome->log) {
        log::info(lda::format_deliver_log(settings->deliver_log_format, message, sender, line));
    }
    return kExitOk;
}
