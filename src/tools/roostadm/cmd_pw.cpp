// `roostadm pw`, like `doveadm pw`: -s SCHEME [-p PASS] [-r ROUNDS] [-u USER] [-V] prints a new
// hash with its {SCHEME} prefix, -t HASH [-p PASS] checks one, -l lists the schemes.
#include <boost/program_options.hpp>

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "auth/schemes/password.hpp"
#include "auth/schemes/scheme_error.hpp"
#include "core/strings.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/random.hpp"
#include "tools/roostadm/password_prompt.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;

namespace roost::tools::roostadm {
namespace {

constexpr std::string_view kDefaultScheme = "CRYPT";  // as doveadm pw (bcrypt)

struct PwOptions {
    bool list = false;
    bool self_check = false;  // -V
    std::optional<std::string> scheme;
    std::optional<std::string> password;
    std::optional<std::string> rounds;
    std::string user;
    std::optional<std::string> test;
};

po::options_description option_table(PwOptions& o)
{
    po::options_description d("options");
    d.add_options()
        ("help,h", "show this help")
        ("list,l", po::bool_switch(&o.list), "list the password schemes")
        ("scheme,s", po::value<std::string>(), "scheme of the new hash (default CRYPT); a "
                                               ".HEX or .B64 suffix picks the encoding")
        ("password,p", po::value<std::string>(), "the password (asked without echo, or read "
                                                 "from a non-terminal stdin, when absent)")
        ("rounds,r", po::value<std::string>(), "cost: crypt rounds, bcrypt cost, Argon2 "
                                               "passes, PBKDF2/SCRAM iterations")
        ("user,u", po::value<std::string>(&o.user), "user name (DIGEST-MD5 hashes include it)")
        ("test,t", po::value<std::string>(), "check HASH against the password instead")
        ("verify,V", po::bool_switch(&o.self_check), "check the new hash before printing it");
    return d;
}

void fail(const std::string& message)
{
    std::cerr << "roostadm pw: " << message << '\n';
}

// Overwrites the password in the process's argv so `ps` stops showing it.
void hide_password_in_argv(std::span<char*> args)
{
    const auto blank = [](char* s) {
        for (; *s != '\0'; ++s) {
            *s = 'x';
        }
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if ((a == "-p" || a == "--password") && i + 1 < args.size()) {
            blank(args[i + 1]);
        } else if (a.starts_with("--password=")) {
            blank(args[i] + std::string_view("--password=").size());
        } else if (a.size() > 2 && a.starts_with("-p")) {
            blank(args[i] + 2);
        }
    }
}

int exit_code_for(const Error& e)
{
    using auth::SchemeError;
    if (e.code == SchemeError::UnknownScheme || e.code == SchemeError::BadRounds ||
        e.code == SchemeError::NeedsUser) {
        return kExitUsage;
    }
    if (e.code == SchemeError::CryptoFailure) {
        return kExitSoftware;
    }
    return kExitDataErr;
}

int list_schemes()
{
    std::cout << join(auth::SchemeRegistry::builtin().names(), " ") << '\n';
    return kExitOk;
}

int test_hash(const PwOptions& o)
{
    auto password = o.password ? Result<std::string>(*o.password)
                               : read_password("Enter password to verify: ");
    if (!password) {
        fail(password.error().message);
        return kExitNoInput;
    }
    // -s names the scheme of a hash given without its {SCHEME} prefix.
    const auto r = auth::verify_password(*password, *o.test, o.scheme.value_or(""),
                                         {.user = o.user});
    crypto::wipe(*password);
    if (!r) {
        fail(r.error().message);
        return exit_code_for(r.error());
    }
    if (!*r) {
        fail("password mismatch");
        return kExitNo;
    }
    std::cout << *o.test << " (verified)\n";
    return kExitOk;
}

int make_hash(const PwOptions& o)
{
    const std::string spec = o.scheme.value_or(std::string(kDefaultScheme));
    const auth::PasswordScheme* scheme =
        auth::SchemeRegistry::builtin().find(auth::parse_scheme_spec(spec).name);
    if (scheme == nullptr) {
        fail("unknown scheme " + spec + " ('roostadm pw -l' lists them)");
        return kExitUsage;
    }
    auth::SchemeArgs args{.user = o.user};
    if (o.rounds) {
        const std::string& text = *o.rounds;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), args.rounds);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
            args.rounds == 0) {
            fail("-r needs a positive number");
            return kExitUsage;
        }
        if (!scheme->takes_rounds()) {
            std::cerr << "roostadm pw: warning: " << scheme->name() << " has no rounds; -r "
                      << "ignored\n";
        }
    }
    if (scheme->needs_user() && o.user.empty()) {
        fail(std::string(scheme->name()) + " needs the user name (-u)");
        return kExitUsage;
    }
    auto password = o.password ? Result<std::string>(*o.password) : read_new_password();
    if (!password) {
        fail(password.error().message);
        return kExitNoInput;
    }
    auto hash = auth::hash_password(spec, *password, args);
    if (!hash) {
        crypto::wipe(*password);
        fail(hash.error().message);
        return exit_code_for(hash.error());
    }
    if (o.self_check) {
        const auto r = auth::verify_password(*password, *hash, "", args);
        if (!r || !*r) {
            crypto::wipe(*password);
            fail("the new hash does not verify");
            return kExitSoftware;
        }
        *hash += " (verified)";
    }
    crypto::wipe(*password);
    std::cout << *hash << '\n';
    return kExitOk;
}

}  // namespace

void pw_help(std::ostream& out)
{
    PwOptions o;
    out << "usage: roostadm pw -l\n"
           "       roostadm pw [-s SCHEME] [-p PASSWORD] [-r ROUNDS] [-u USER] [-V]\n"
           "       roostadm pw -t HASH [-p PASSWORD] [-u USER] [-s SCHEME]\n\n"
           "Prints a password hash with its {SCHEME} prefix, or checks one: \"HASH (verified)\"\n"
           "and exit 0 on a match, exit 1 on a mismatch, 65 when HASH cannot be used.\n\n"
        << option_table(o);
}

int pw_run(std::span<char*> args)
{
    if (!crypto::init()) {
        fail("cannot initialise the crypto library");
        return kExitSoftware;
    }
    PwOptions o;
    const auto parsed = parse_verb_arguments("pw", args, option_table(o), false);
    hide_password_in_argv(args);
    if (!parsed) {
        return kExitUsage;
    }
    const po::variables_map& vm = parsed->options;
    if (vm.count("help") != 0) {
        pw_help(std::cout);
        return kExitOk;
    }
    const auto take = [&](const char* name, std::optional<std::string>& out) {
        if (vm.count(name) != 0) {
            out = vm[name].as<std::string>();
        }
    };
    take("scheme", o.scheme);
    take("password", o.password);
    take("rounds", o.rounds);
    take("test", o.test);
    int rc = 0;
    if (o.list) {
        rc = list_schemes();
    } else if (o.test) {
        rc = test_hash(o);
    } else {
        rc = make_hash(o);
    }
    if (o.password) {
        crypto::wipe(*o.password);
    }
    return rc;
}

}  // namespace roost::tools::roostadm
