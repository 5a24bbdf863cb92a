// `roostadm auth test USER [PASS]` and `roostadm auth lookup USER`, like `doveadm auth test` /
// `doveadm auth lookup` and Courier's authtest: ask the running auth service exactly what a login
// process (auth-client, PLAIN) and a mail worker (auth-userdb, USER) would ask, and print its
// answer.
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <sysexits.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "auth/client/auth_client.hpp"
#include "config/config.hpp"
#include "crypto/constant_time.hpp"
#include "roost_build_config.hpp"
#include "tools/roostadm/password_prompt.hpp"
#include "tools/roostadm/verb.hpp"
#include "tools/roostadm/verb_options.hpp"

namespace po = boost::program_options;

namespace roost::tools::roostadm {
namespace {

constexpr int kExitNoUser = EX_NOUSER;      // 67: no such user (doveadm's code too)
constexpr int kExitTempFail = EX_TEMPFAIL;  // 75: the auth service is unreachable or failed
constexpr int kExitConfig = EX_CONFIG;      // 78

struct AuthOptions {
    std::string action;  // test | lookup
    std::string user;
    std::optional<std::string> password;
    std::string config;
    std::optional<std::string> socket;         // -a: the socket the action talks to
    std::optional<std::string> userdb_socket;  // for test's userdb step
    std::string service = "doveadm";           // what passdb/userdb filters see (as doveadm)
    bool json = false;
};

void fail(const std::string& message)
{
    std::cerr << "roostadm auth: " << message << '\n';
}

// base_dir/NAME, the socket's default place; base_dir is read from the configuration only when
// a socket was not given on the command line.
Result<std::string> default_socket(const AuthOptions& o, const std::string& name)
{
    auto loaded = config::load_config(o.config);
    if (!loaded.ok()) {
        std::string why;
        for (const auto& d : loaded.diagnostics) {
            if (d.severity == config::Diagnostic::Severity::Error) {
                why += "\n  " + d.str();
            }
        }
        return Error{std::make_error_code(std::errc::invalid_argument),
                     "cannot read " + o.config + " (give the socket with -a):" + why};
    }
    return loaded.config->get("base_dir") + "/" + name;
}

Result<std::string> socket_for(const AuthOptions& o, const std::optional<std::string>& given,
                               const std::string& name)
{
    return given ? Result<std::string>(*given) : default_socket(o, name);
}

nlohmann::json fields_json(const std::vector<auth::proto::Param>& fields)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& f : fields) {
        out[f.key] = f.has_value ? nlohmann::json(f.value) : nlohmann::json(true);
    }
    return out;
}

void print_fields(const std::vector<auth::proto::Param>& fields)
{
    for (const auto& f : fields) {
        std::cout << "  " << f.key;
        if (f.has_value) {
            std::cout << '=' << f.value;
        }
        std::cout << '\n';
    }
}

// The USER lookup both actions end with. Returns the exit code; fills `json` when asked.
int lookup_user(const AuthOptions& o, const std::string& user, nlohmann::json& json)
{
    const auto path = socket_for(o, o.action == "lookup" ? o.socket : o.userdb_socket, "auth-userdb");
    if (!path) {
        fail(path.error().message);
        return kExitConfig;
    }
    auto client = auth::UserdbClient::connect(*path);
    if (!client) {
        fail(*path + ": " + client.error().message);
        return kExitTempFail;
    }
    const auto reply = client->user(user, o.service);
    if (!reply) {
        fail(*path + ": " + reply.error().message);
        return kExitTempFail;
    }
    if (const auto* found = std::get_if<auth::proto::UserFound>(&*reply)) {
        if (o.json) {
            json["userdb"] = {{"user", found->user}, {"fields", fields_json(found->fields)}};
        } else {
            std::cout << "userdb: " << found->user << '\n';
            print_fields(found->fields);
        }
        return kExitOk;
    }
    if (std::holds_alternative<auth::proto::NotFound>(*reply)) {
        if (o.json) {
            json["userdb"] = nullptr;
        } else {
            std::cout << "userdb: " << user << " does not exist\n";
        }
        return kExitNoUser;
    }
    const auto* failed = std::get_if<auth::proto::MasterFail>(&*reply);
    fail("userdb lookup failed: " + (failed != nullptr ? failed->reason : std::string("unexpected reply")));
    return kExitTempFail;
}

int test_login(AuthOptions& o, nlohmann::json& json)
{
    auto password = o.password ? Result<std::string>(*o.password) : read_password("Password: ");
    if (!password) {
        fail(password.error().message);
        return kExitNoInput;
    }
    const auto path = socket_for(o, o.socket, "auth-client");
    if (!path) {
        fail(path.error().message);
        return kExitConfig;
    }
    // secured: an administrator on this host is as trusted as a TLS client.
    const auto outcome = auth::plain_login(*path, o.service, o.user, *password, true);
    crypto::wipe(*password);
    if (!outcome) {
        fail(*path + ": " + outcome.error().message);
        return kExitTempFail;
    }
    std::string user = o.user;
    for (const auto& f : outcome->fields) {
        if (f.key == "user") {
            user = f.value;  // the passdb may have changed it (username_format, realms)
        }
    }
    if (o.json) {
        json["passdb"] = {{"user", user}, {"ok", outcome->ok}, {"fields", fields_json(outcome->fields)}};
    } else {
        std::cout << "passdb: " << user << (outcome->ok ? " auth succeeded" : " auth failed") << '\n';
        if (!outcome->fields.empty()) {
            std::cout << "extra fields:\n";
            print_fields(outcome->fields);
        }
    }
    if (!outcome->ok) {
        return kExitNo;
    }
    return lookup_user(o, user, json);
}

po::options_description option_table(AuthOptions& o)
{
    po::options_description d("options");
    d.add_options()
        ("help,h", "show this help")
        ("config,c", po::value<std::string>(&o.config), "configuration file (default $ROOST_CONFIG or "
                                                         ROOST_SYSCONFDIR "/roost.conf)")
        ("socket,a", po::value<std::string>(), "the auth socket: auth-client for test, auth-userdb for "
                                               "lookup (default base_dir/...)")
        ("userdb-socket", po::value<std::string>(), "auth-userdb socket for test's userdb step")
        ("service,x", po::value<std::string>(&o.service), "service the request is for (default doveadm)")
        ("json", po::bool_switch(&o.json), "print JSON");
    return d;
}

}  // namespace

void auth_help(std::ostream& out)
{
    AuthOptions o;
    out << "usage: roostadm auth test [OPTIONS] USER [PASSWORD]\n"
           "       roostadm auth lookup [OPTIONS] USER\n\n"
           "test logs in with PLAIN through the auth-client socket, as a login process does, and on\n"
           "success prints the passdb's fields and the userdb's answer. lookup asks the auth-userdb\n"
           "socket for USER, as a mail worker does. The password is asked without echo when not\n"
           "given. Exit: 0 yes, 1 wrong password, 67 no such user, 75 auth service unreachable.\n\n"
        << option_table(o);
}

int auth_run(std::span<char*> args)
{
    AuthOptions o;
    o.config = default_config();
    const auto parsed = parse_verb_arguments("auth", args, option_table(o), true);
    if (!parsed) {
        return kExitUsage;
    }
    const po::variables_map& vm = parsed->options;
    if (vm.count("help") != 0) {
        auth_help(std::cout);
        return kExitOk;
    }
    const std::vector<std::string>& words = parsed->words;
    if (vm.count("socket") != 0) {
        o.socket = vm["socket"].as<std::string>();
    }
    if (vm.count("userdb-socket") != 0) {
        o.userdb_socket = vm["userdb-socket"].as<std::string>();
    }
    const bool test = !words.empty() && words[0] == "test" && (words.size() == 2 || words.size() == 3);
    const bool lookup = !words.empty() && words[0] == "lookup" && words.size() == 2;
    if (!test && !lookup) {
        auth_help(std::cerr);
        return kExitUsage;
    }
    o.action = words[0];
    o.user = words[1];
    if (words.size() == 3) {
        o.password = words[2];
        // Hide the password from ps: it is the last argument equal to it.
        for (auto it = args.rbegin(); it != args.rend(); ++it) {
            if (*it == words[2]) {
                for (char* c = *it; *c != '\0'; ++c) {
                    *c = 'x';
                }
                break;
            }
        }
    }
    nlohmann::json json = nlohmann::json::object();
    const int code = test ? test_login(o, json) : lookup_user(o, o.user, json);
    if (o.json && (code == kExitOk || code == kExitNo || code == kExitNoUser)) {
        std::cout << json.dump(2) << '\n';
    }
    return code;
}

}  // namespace roost::tools::roostadm
