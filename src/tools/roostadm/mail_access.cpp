// Opening one user's mail for a roostadm verb.
#include "tools/roostadm/mail_access.hpp"

#include <sysexits.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "lda/deliver.hpp"
#include "net/privileges.hpp"
#include "roost_build_config.hpp"
#include "tools/roostadm/verb_options.hpp"
#include "worker/mailbox_defaults.hpp"
#include "worker/storage_settings.hpp"

namespace po = boost::program_options;

namespace roost::tools::roostadm {
namespace {

// What passdb/userdb filters and protocol sections see, as with doveadm.
const config::FilterContext kContext{"doveadm", "", "", ""};

}  // namespace

std::optional<std::vector<std::string>> parse_mail_verb(std::string_view verb, std::span<char*> args,
                                                        po::options_description& table, MailOptions& o)
{
    table.add_options()
        ("user,u", po::value(&o.user), "the user whose mail to use")
        ("config,c", po::value(&o.config)->default_value(default_config(), ""),
         "configuration file (default: $ROOST_CONFIG or " ROOST_SYSCONFDIR "/roost.conf)")
        ("json", po::bool_switch(&o.json), "print JSON");
    auto parsed = parse_verb_arguments(verb, args, table, true);
    if (!parsed) {
        return std::nullopt;
    }
    return std::move(parsed->words);
}

void mail_error(std::string_view verb, const std::string& message)
{
    std::cerr << "roostadm " << verb << ": " << message << '\n';
}

std::optional<UserMail> open_user_mail(std::string_view verb, const MailOptions& o, int& exit_code)
{
    if (o.user.empty()) {
        mail_error(verb, "-u USER is required");
        exit_code = EX_USAGE;
        return std::nullopt;
    }
    config::LoadResult loaded = config::load_config(o.config);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) {
            if (d.severity == config::Diagnostic::Severity::Error) {
                mail_error(verb, d.str());
            }
        }
        exit_code = EX_CONFIG;
        return std::nullopt;
    }
    UserMail mail;
    mail.config = std::move(loaded.config);
    lda::UserLookup found = lda::lookup_mail_user(*mail.config, kContext, o.user);
    if (found.status != lda::UserLookup::Status::Found) {
        mail_error(verb, found.text);
        exit_code = found.status == lda::UserLookup::Status::NoUser ? EX_NOUSER : EX_TEMPFAIL;
        return std::nullopt;
    }
    mail.user = std::move(found.user);
    if (::geteuid() == 0) {
        const net::Identity who{mail.user.uid, mail.user.gid, mail.user.extra_groups, mail.user.chroot};
        if (auto became = net::become(who); !became) {
            mail_error(verb, "cannot become " + mail.user.name + ": " + became.error().message);
            exit_code = EX_TEMPFAIL;
            return std::nullopt;
        }
    }
    auto storage = storage::open_storage(worker::storage_settings(*mail.config, kContext, mail.user));
    if (!storage) {
        mail_error(verb, mail.user.name + ": " + storage.error().message);
        exit_code = EX_TEMPFAIL;
        return std::nullopt;
    }
    mail.storage = std::move(*storage);
    mail.names = worker::inbox_names(*mail.config, mail.storage->location());
    return mail;
}

std::optional<std::string> stored_name(std::string_view verb, const UserMail& mail, const std::string& name)
{
    auto stored = mail.names.to_storage(name);
    if (!stored) {
        mail_error(verb, name + ": not a mailbox name here (the inbox namespace has prefix \"" + mail.names.prefix +
                             "\" and separator " + mail.names.separator + ")");
    }
    return stored;
}

}  // namespace roost::tools::roostadm
