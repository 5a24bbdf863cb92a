// AuthCore: the auth service's decisions.
#include "auth/service/auth_core.hpp"

#include "config/filter_match.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

constexpr auto kFinishedLifetime = std::chrono::seconds(60);

RequestInfo request_info(const proto::AuthCommand& c)
{
    RequestInfo i;
    i.service = c.service;
    i.mechanism = to_upper(c.mechanism);
    i.local_ip = c.local_ip;
    i.remote_ip = c.remote_ip;
    i.local_port = c.local_port;
    i.remote_port = c.remote_port;
    i.secured = c.secured;
    i.valid_client_cert = c.valid_client_cert;
    i.cert_username = c.cert_username;
    i.session = c.session;
    return i;
}

bool constant_time_equal(const std::string& a, const std::string& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

// Fields that stay inside the auth service: never sent to login processes or the MTA.
bool internal_field(const std::string& key)
{
    return key.rfind("userdb_", 0) == 0 || key == "password" || key == "nopassword" || key == "allow_nets";
}

// A USER lookup must ask the passdbs first when a userdb answers for anyone (static without
// allow_all_users) or repeats what the passdb said (prefetch).
bool needs_passdb_for_users(const AuthSettings& s)
{
    for (const DbSettings& u : s.userdbs) {
        if (u.driver == "prefetch" || (u.driver == "static" && u.args.find("allow_all_users=yes") == std::string::npos)) {
            return true;
        }
    }
    return false;
}

}  // namespace

AuthCore::AuthCore(AuthSettings settings, const SaslEngine& engine, PassdbChain passdbs, UserdbChain userdbs)
    : settings_(std::move(settings)), engine_(engine), passdbs_(std::move(passdbs)), userdbs_(std::move(userdbs))
{
}

bool AuthCore::plaintext_allowed(const RequestInfo& info) const
{
    if (!settings_.disable_plaintext_auth || info.secured || info.remote_ip.empty()) {
        return true;
    }
    if (info.remote_ip == info.local_ip) {
        return true;  // a client on this host, as Dovecot decides it
    }
    static const std::vector<std::string> kLoopback{"127.0.0.0/8", "::1"};
    return config::address_in_networks(info.remote_ip, kLoopback) ||
           config::address_in_networks(info.remote_ip, settings_.trusted_networks);
}

AuthOutcome AuthCore::refuse(const std::string& user, std::string reason, bool public_reason, bool penalize)
{
    AuthOutcome o;
    o.kind = AuthOutcome::Kind::Fail;
    if (!user.empty()) {
        o.reply.push_back(Field{"user", user, true});
    }
    if (public_reason) {
        o.reply.push_back(Field{"reason", reason, true});
    }
    o.delay = true;
    o.penalize = penalize;
    o.log = std::move(reason);
    return o;
}

AuthOutcome AuthCore::start(const ClientIdentity& client, const proto::AuthCommand& command,
                            std::optional<std::string> initial)
{
    RequestInfo info = request_info(command);
    info.client_pid = client.client_pid;
    const MechanismInfo* mech = engine_.find(info.mechanism);
    if (mech == nullptr) {
        AuthOutcome o = refuse("", "Unsupported authentication mechanism.", true, false);
        o.delay = false;
        return o;
    }
    if (settings_.ssl_require_client_cert && !info.valid_client_cert) {
        return refuse("", "Client didn't present a valid SSL certificate", true, false);
    }
    if (mech->plaintext && !plaintext_allowed(info)) {
        AuthOutcome o = refuse("", "Plaintext authentication disallowed on non-secure (SSL/TLS) connections.", true, false);
        o.delay = false;
        return o;
    }
    std::string external_user;
    if (mech->name == "EXTERNAL") {
        if (!info.valid_client_cert || info.cert_username.empty()) {
            return refuse("", "EXTERNAL needs a valid client certificate", true, false);
        }
        external_user = info.cert_username;
    }
    const auto key = std::pair(client.connection, command.id);
    if (pending_.count(key) > 0) {
        return refuse("", "Authentication request ID already in use", true, false);
    }
    Pending p;
    p.info = info;
    p.client = client;
    p.id = command.id;
    p.credentials = std::make_unique<RequestCredentials>(passdbs_, info, settings_.user_names);
    auto session = SaslSession::start(info, mech->name, external_user, *p.credentials);
    if (!session) {
        log::error("auth: ", session.error().message);
        AuthOutcome o = refuse("", "Temporary authentication failure.", true, false);
        o.reply.push_back(Field{"temp", "", false});
        o.delay = false;
        return o;
    }
    p.session = std::move(*session);
    auto [it, inserted] = pending_.emplace(key, std::move(p));
    return run_step(it->second, std::move(initial));
}

std::optional<AuthOutcome> AuthCore::proceed(const ClientIdentity& client, std::uint32_t id, std::string data)
{
    const auto it = pending_.find(std::pair(client.connection, id));
    if (it == pending_.end()) {
        return std::nullopt;
    }
    return run_step(it->second, std::move(data));
}

void AuthCore::forget(std::uint64_t connection, std::optional<std::uint32_t> id)
{
    if (id) {
        pending_.erase(std::pair(connection, *id));
        return;
    }
    std::erase_if(pending_, [&](const auto& entry) { return entry.first.first == connection; });
}

AuthOutcome AuthCore::run_step(Pending& p, std::optional<std::string> data)
{
    SaslStep step = p.session->step(data);
    const auto key = std::pair(p.client.connection, p.id);
    switch (step.kind) {
    case SaslStep::Kind::Continue: {
        AuthOutcome o;
        o.kind = AuthOutcome::Kind::Continue;
        o.challenge = std::move(step.challenge);
        return o;
    }
    case SaslStep::Kind::Success: {
        AuthOutcome o = success(p, step);
        pending_.erase(key);
        return o;
    }
    case SaslStep::Kind::TempFailure: {
        log::error("auth(", p.info.mechanism, "): passdb failed: ", step.reason);
        AuthOutcome o;
        o.kind = AuthOutcome::Kind::Fail;
        o.reply = {Field{"temp", "", false}, Field{"code", "temp_fail", true},
                   Field{"reason", "Temporary authentication failure.", true}};
        o.log = step.reason;
        pending_.erase(key);
        return o;
    }
    case SaslStep::Kind::Failure:
        break;
    }
    AuthOutcome o = refuse(step.user, step.user_known ? "Password mismatch" : "Unknown user or " + step.reason, false, true);
    pending_.erase(key);
    return o;
}

AuthOutcome AuthCore::success(Pending& p, SaslStep& step)
{
    std::string user = step.user;
    Fields fields = std::move(step.fields);
    if (p.info.mechanism == "ANONYMOUS") {
        user = settings_.anonymous_username;
    } else if (p.info.mechanism == "EXTERNAL") {
        // The certificate names the user; the passdb must still know them.
        RequestInfo lookup = p.info;
        auto name = normalize_user_name(p.info.cert_username, settings_.user_names);
        lookup.user = name.value_or(p.info.cert_username);
        const PassdbResult r = passdbs_.lookup(lookup);
        if (r.status != PassdbStatus::Ok) {
            return refuse(lookup.user, "EXTERNAL: user not found in passdb", false, true);
        }
        user = r.user;
        fields = r.extra;
    }
    if (const Field* nologin = find_field(fields, "nologin")) {
        (void)nologin;
        const auto reason = field_value(fields, "reason");
        AuthOutcome o = refuse(user, reason.value_or("Login disabled"), true, false);
        o.reply.push_back(Field{"nologin", "", false});
        return o;
    }
    if (const auto nets = field_value(fields, "allow_nets")) {
        std::vector<std::string> list;
        for (std::string_view n : split_words(*nets)) {
            for (std::string_view part : split(n, ',')) {
                if (!part.empty()) {
                    list.emplace_back(part);
                }
            }
        }
        const bool local = std::find(list.begin(), list.end(), "local") != list.end() && p.info.remote_ip.empty();
        if (!local && !config::address_in_networks(p.info.remote_ip, list)) {
            return refuse(user, "Your address is not allowed to log in: " + p.info.remote_ip, false, true);
        }
    }
    AuthOutcome o;
    o.kind = AuthOutcome::Kind::Ok;
    o.reply.push_back(Field{"user", user, true});
    for (const Field& f : fields) {
        if (!internal_field(f.key)) {
            o.reply.push_back(f);
        }
    }
    expire_finished();
    RequestInfo info = p.info;
    info.user = user;
    finished_[std::pair(p.client.client_pid, p.id)] =
        Finished{p.client.cookie, user, split_userdb_fields(fields).userdb, info, std::chrono::steady_clock::now()};
    return o;
}

void AuthCore::expire_finished()
{
    const auto cutoff = std::chrono::steady_clock::now() - kFinishedLifetime;
    std::erase_if(finished_, [&](const auto& entry) { return entry.second.at < cutoff; });
}

proto::MasterReply AuthCore::user(const proto::UserLookup& lookup)
{
    RequestInfo info;
    info.user = normalize_user_name(lookup.user, settings_.user_names).value_or(lookup.user);
    info.service = proto::param_value(lookup.params, "service");
    Fields passdb_userdb;
    if (needs_passdb_for_users(settings_)) {
        const PassdbResult r = passdbs_.lookup(info);
        if (r.status == PassdbStatus::TempFail) {
            return proto::MasterFail{lookup.id, "passdb lookup failed"};
        }
        if (r.status != PassdbStatus::Ok) {
            return proto::NotFound{lookup.id};
        }
        info.user = r.user;
        passdb_userdb = split_userdb_fields(r.extra).userdb;
    }
    const UserdbResult r = userdbs_.lookup(info, passdb_userdb);
    switch (r.status) {
    case UserdbStatus::Ok: return proto::UserFound{lookup.id, r.user, r.fields};
    case UserdbStatus::UserUnknown: return proto::NotFound{lookup.id};
    case UserdbStatus::TempFail:
        log::error("auth: userdb lookup of ", info.user, " failed: ", r.error);
        return proto::MasterFail{lookup.id, "userdb lookup failed"};
    }
    return proto::MasterFail{lookup.id, "userdb lookup failed"};
}

proto::MasterReply AuthCore::pass(const proto::PassLookup& lookup)
{
    RequestInfo info;
    info.user = normalize_user_name(lookup.user, settings_.user_names).value_or(lookup.user);
    info.service = proto::param_value(lookup.params, "service");
    const PassdbResult r = passdbs_.lookup(info);
    if (r.status == PassdbStatus::TempFail) {
        return proto::MasterFail{lookup.id, "passdb lookup failed"};
    }
    if (r.status != PassdbStatus::Ok) {
        return proto::NotFound{lookup.id};
    }
    Fields fields{Field{"user", r.user, true}};
    for (const Field& f : r.extra) {
        if (f.key != "password") {
            fields.push_back(f);
        }
    }
    return proto::PassFound{lookup.id, fields};
}

proto::MasterReply AuthCore::login(const proto::LoginRequest& request)
{
    expire_finished();
    const auto it = finished_.find(std::pair(request.client_pid, request.auth_id));
    if (it == finished_.end() || !constant_time_equal(it->second.cookie, request.cookie)) {
        return proto::MasterFail{request.id, "No such finished login (expired, or wrong cookie)"};
    }
    Finished done = std::move(it->second);
    finished_.erase(it);
    const UserdbResult r = userdbs_.lookup(done.info, done.passdb_fields);
    if (r.status == UserdbStatus::Ok) {
        return proto::UserFound{request.id, r.user, r.fields};
    }
    if (r.status == UserdbStatus::UserUnknown) {
        return proto::NotFound{request.id};
    }
    return proto::MasterFail{request.id, "userdb lookup failed"};
}

std::vector<std::string> AuthCore::list_users(bool& complete)
{
    std::vector<std::string> users;
    complete = userdbs_.iterate([&](const std::string& u) { users.push_back(u); });
    return users;
}

}  // namespace roost::auth
