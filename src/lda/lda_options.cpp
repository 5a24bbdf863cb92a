#include "lda/lda_options.hpp"

#include <system_error>

namespace roost::lda {
namespace {

Error usage_error(const std::string& message)
{
    return Error{std::make_error_code(std::errc::invalid_argument), message};
}

}  // namespace

const char* lda_usage()
{
    return "usage: roost-lda [-c CONFIG] [-d USER] [-p PATH] [-m MAILBOX] [-e] [-k]\n"
           "                 [-f SENDER] [-a ORIGINAL_RECIPIENT] [-r FINAL_RECIPIENT] [-o KEY=VALUE]...\n"
           "Delivers the message on standard input (or -p PATH) to the user's mailbox, running\n"
           "the user's Sieve script. Exit codes: 0 delivered, 64 usage, 67 unknown user,\n"
           "75 temporary failure (the MTA retries), 77 rejected (with -e).\n";
}

Result<LdaOptions> parse_lda_options(const std::vector<std::string>& args)
{
    LdaOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            continue;
        }
        if (arg == "-e") {
            o.reject_to_stderr = true;
            continue;
        }
        if (arg == "-k") {
            o.keep_environment = true;
            continue;
        }
        if (arg.size() < 2 || arg[0] != '-' || std::string("cdarfmpo").find(arg[1]) == std::string::npos) {
            return usage_error("unknown option " + arg);
        }
        // Like getopt: "-dalice" and "-d alice" mean the same.
        std::string value;
        if (arg.size() > 2) {
            value = arg.substr(2);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return usage_error("option " + arg + " needs a value");
        }
        switch (arg[1]) {
        case 'c': o.config_path = value; break;
        case 'd': o.user = value; break;
        case 'a': o.original_recipient = value; break;
        case 'r': o.final_recipient = value; break;
        case 'f':
            o.sender = value;
            o.sender_given = true;
            break;
        case 'm': o.mailbox = value; break;
        case 'p': o.message_path = value; break;
        case 'o': {
            const auto eq = value.find('=');
            if (eq == std::string::npos || eq == 0) {
                return usage_error("-o needs KEY=VALUE, not " + value);
            }
            o.overrides.emplace_back(value.substr(0, eq), value.substr(eq + 1));
            break;
        }
        }
    }
    // The envelope's angle brackets are not part of the address ("<>" is the null sender).
    if (o.sender.size() >= 2 && o.sender.front() == '<' && o.sender.back() == '>') {
        o.sender = o.sender.substr(1, o.sender.size() - 2);
    }
    return o;
}

}  // namespace roost::lda
