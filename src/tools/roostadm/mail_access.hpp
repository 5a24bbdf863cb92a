// What every roostadm mail verb (mailbox, save, search, fetch, expunge, flags, quota) shares, as
// doveadm's -u does it: -u USER, -c CONFIG and --json on the command line; the user's userdb
// answer through the running auth service (auth-userdb), checked by the mail workers' rules
// (first_valid_uid ...); becoming that user when run as root, so a verb can reach only that
// user's mail; and the user's storage opened from mail_location.
#pragma once

#include <boost/program_options.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "storage/namespace_names.hpp"
#include "storage/storage.hpp"
#include "worker/mail_user.hpp"

namespace roost::tools::roostadm {

struct MailOptions {
    std::string user;
    std::string config;
    bool json = false;
};

// Adds -u, -c and --json to a verb's option table (its own options already in it), bound to
// `o`, and parses the command line: the words, or nullopt after saying why (exit 64).
std::optional<std::vector<std::string>> parse_mail_verb(std::string_view verb, std::span<char*> args,
                                                        boost::program_options::options_description& table,
                                                        MailOptions& o);

struct UserMail {
    std::unique_ptr<config::Config> config;
    worker::MailUser user;
    std::unique_ptr<storage::Storage> storage;
    // How the verbs read and print mailbox names: as IMAP clients see them (doveadm's way).
    storage::NamespaceNames names;
};

// Opens `o.user`'s mail, or prints why not ("roostadm VERB: ...") and sets `exit_code`: 64 no
// -u, 67 unknown user, 75 auth service or storage trouble, 78 configuration errors.
std::optional<UserMail> open_user_mail(std::string_view verb, const MailOptions& o, int& exit_code);

// `name` (as a client writes it) as the storage keeps it, or nullopt after saying why.
std::optional<std::string> stored_name(std::string_view verb, const UserMail& mail, const std::string& name);

// "roostadm VERB: MESSAGE" on stderr.
void mail_error(std::string_view verb, const std::string& message);

}  // namespace roost::tools::roostadm
