// roost-lda: the local delivery agent an MTA runs for each recipient (Postfix mailbox_command,
// a pipe(8) transport). A drop-in for dovecot-lda: same options, same exit codes, the user's
// Sieve scripts, and exit 75 whenever the message could not be stored safely, so the MTA keeps
// it and tries again.
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <iostream>

#include "config/config.hpp"
#include "config/log_settings.hpp"
#include "core/log.hpp"
#include "lda/deliver.hpp"
#include "lda/incoming_message.hpp"
#include "lda/lda_options.hpp"
#include "lda/sieve_delivery.hpp"
#include "sieve_host/script_dirs.hpp"
#include "net/privileges.hpp"
#include "roost_build_config.hpp"
#include "worker/mail_user.hpp"

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
    lda::UserLookup found = lda::lookup_mail_user(cfg, kLda, name);
    switch (found.status) {
    case lda::UserLookup::Status::Found: return {kExitOk, std::move(found.user)};
    case lda::UserLookup::Status::NoUser:
        std::cerr << "5.1.1 " << name << ": user unknown\n";
        return {kExitNoUser, {}};
    case lda::UserLookup::Status::TempFail: break;
    }
    return {tempfail(found.text), {}};
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

    lda::DeliveryRequest request;
    request.sender = o.sender_given ? o.sender : incoming.from_line;
    request.original_recipient = o.original_recipient;
    request.final_recipient = o.final_recipient;
    request.mailbox = o.mailbox;
    request.refuse_over_quota = o.reject_to_stderr;
    lda::keep_scripts_until_exit();  // one message per process
    const lda::DeliveryResult result = lda::deliver_message(cfg, kLda, user, request, incoming.data);
    switch (result.status) {
    case lda::DeliveryResult::Status::Delivered: break;
    case lda::DeliveryResult::Status::TempFail:
        // Postfix quotes this in its log; the status code in front sets the class.
        std::cerr << result.code << " " << result.text << "\n";
        return kExitTempFail;
    case lda::DeliveryResult::Status::Refused:
        std::cerr << result.code << " " << result.text << "\n";
        return kExitNoPerm;
    }
    return kExitOk;
}
