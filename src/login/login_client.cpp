// One login process client.
#include "login/login_client.hpp"

#include <algorithm>
#include <utility>

#include "auth/proto/master_commands.hpp"
#include "config/filter_match.hpp"
#include "core/log.hpp"
#include "login/hand_over.hpp"

namespace roost::login {
namespace {

namespace proto = auth::proto;

}  // namespace

LoginClient::LoginClient(const LoginEnv& env, tcp::socket socket)
    : env_(env), stream_(std::move(socket)), login_deadline_(stream_.socket().get_executor())
{
    login_deadline_.expires_after(env.login_timeout);
    // The handler touches this client only when the timer really expired: a cancelled wait
    // (the client's destructor) may run after the client is gone.
    login_deadline_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) {
            log::info("disconnected: no login within ", env_.login_timeout.count(), " seconds (rip=", remote_ip_, ")");
            boost::system::error_code ignored;
            stream_.socket().close(ignored);
        }
    });
    boost::system::error_code ec;
    const auto local = stream_.socket().local_endpoint(ec);
    const auto remote = stream_.socket().remote_endpoint(ec);
    local_ip_ = local.address().to_string();
    remote_ip_ = remote.address().to_string();
    local_port_ = local.port();
    remote_port_ = remote.port();
}

asio::awaitable<Result<std::optional<std::string>>> LoginClient::read_line()
{
    for (;;) {
        if (const std::size_t lf = buffer_.find('\n'); lf != std::string::npos) {
            std::string line = buffer_.substr(0, lf);
            buffer_.erase(0, lf + 1);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (discarding_) {
                discarding_ = false;
                co_return std::optional<std::string>();  // the end of an over-long line
            }
            co_return std::optional<std::string>(std::move(line));
        }
        if (buffer_.size() > env_.max_line) {
            buffer_.clear();  // refused without being kept: report once its LF arrives
            discarding_ = true;
        }
        auto more = co_await read_more();
        if (!more) {
            co_return more.error();
        }
    }
}

asio::awaitable<Result<std::string>> LoginClient::read_bytes()
{
    if (buffer_.empty()) {
        if (auto more = co_await read_more(); !more) {
            co_return more.error();
        }
    }
    co_return std::exchange(buffer_, std::string());
}

asio::awaitable<Result<void>> LoginClient::read_more()
{
    char buf[4096];
    boost::system::error_code ec;
    const std::size_t n = co_await stream_.read_some(asio::buffer(buf), ec);
    if (ec) {
        co_return Error{ec, "client disconnected"};
    }
    if (!discarding_ || std::string_view(buf, n).find('\n') != std::string_view::npos) {
        buffer_.append(buf, n);
    }
    co_return Result<void>();
}

asio::awaitable<bool> LoginClient::send(std::string_view bytes)
{
    boost::system::error_code ec;
    co_await stream_.write(bytes, ec);
    co_return !ec;
}

asio::awaitable<Result<void>> LoginClient::start_tls()
{
    if (!env_.tls) {
        co_return Error{std::make_error_code(std::errc::operation_not_supported), "TLS is not configured"};
    }
    boost::system::error_code ec;
    co_await stream_.start_tls(*env_.tls, ec);
    if (ec) {
        co_return Error{ec, "TLS handshake failed: " + ec.message()};
    }
    co_return Result<void>();
}

bool LoginClient::secured() const
{
    // As Dovecot decides it: a client on this host connects from the address it reaches.
    return stream_.tls() || remote_ip_ == local_ip_ || config::address_in_networks(remote_ip_, env_.trusted_networks);
}

namespace {

// The auth service's mechanisms, asked once per process: auth_mechanisms only change with a
// reload, which starts new login processes.
asio::awaitable<const std::vector<proto::Mech>*> known_mechanisms(const std::string& auth_socket)
{
    static std::vector<proto::Mech> known;
    if (known.empty()) {
        auto session = co_await AuthSession::connect(auth_socket);
        if (!session) {
            log::error(session.error().message);
            co_return &known;
        }
        known = session->mechanisms();
        session->close();
    }
    co_return &known;
}

bool has_flag(const proto::Mech& m, std::string_view flag)
{
    return std::find(m.flags.begin(), m.flags.end(), flag) != m.flags.end();
}

}  // namespace

asio::awaitable<std::vector<std::string>> LoginClient::mechanisms()
{
    const std::vector<proto::Mech>* known = co_await known_mechanisms(env_.auth_socket);
    std::vector<std::string> names;
    for (const proto::Mech& m : *known) {
        if (!has_flag(m, "private") && (!has_flag(m, "plaintext") || plaintext_allowed())) {
            names.push_back(m.name);
        }
    }
    co_return names;
}

asio::awaitable<bool> LoginClient::auth_offers(const std::string& name)
{
    const std::vector<proto::Mech>* known = co_await known_mechanisms(env_.auth_socket);
    co_return std::any_of(known->begin(), known->end(), [&name](const proto::Mech& m) { return m.name == name; });
}

LoginClient::Responder LoginClient::line_responder(std::string prefix)
{
    return [this, prefix = std::move(prefix)](const std::string& challenge) -> asio::awaitable<std::optional<std::string>> {
        const std::string prompt = prefix + challenge + "\r\n";
        if (!co_await send(prompt)) {
            co_return std::nullopt;
        }
        auto line = co_await read_line();
        if (!line || !*line || **line == "*") {
            co_return std::nullopt;
        }
        co_return std::move(**line);
    };
}

asio::awaitable<AuthOutcome> LoginClient::authenticate(const std::string& mechanism, std::optional<std::string> initial,
                                                        const Responder& respond)
{
    AuthOutcome out;
    auto session = co_await AuthSession::connect(env_.auth_socket);
    if (!session) {
        log::error(session.error().message);
        out.kind = AuthOutcome::Kind::TempFail;
        out.reason = "Temporary authentication failure.";
        co_return out;
    }
    auth_.emplace(std::move(*session));
    proto::AuthCommand command;
    command.mechanism = mechanism;
    command.service = env_.protocol;
    command.local_ip = local_ip_;
    command.remote_ip = remote_ip_;
    command.local_port = local_port_;
    command.remote_port = remote_port_;
    command.secured = secured();
    command.initial_response = std::move(initial);
    if (SSL* ssl = stream_.ssl()) {
        const net::TlsPeer peer = net::tls_peer(ssl, env_.cert_username_field);
        command.valid_client_cert = peer.valid_client_cert;
        command.cert_username = peer.cert_user.value_or("");
    }
    auto step = co_await auth_->begin(command);
    for (;;) {
        if (!step) {
            log::error(step.error().message);
            out.kind = AuthOutcome::Kind::TempFail;
            out.reason = "Temporary authentication failure.";
            co_return out;
        }
        if (const auto* cont = std::get_if<proto::Cont>(&*step)) {
            auto answer = co_await respond(cont->data);
            if (!answer) {
                out.kind = AuthOutcome::Kind::Aborted;
                out.reason = "Authentication aborted.";
                co_return out;
            }
            step = co_await auth_->respond(*answer);
            continue;
        }
        if (const auto* ok = std::get_if<proto::Ok>(&*step)) {
            out.kind = AuthOutcome::Kind::Ok;
            out.user = proto::param_value(ok->params, "user");
            co_return out;
        }
        const auto& fail = std::get<proto::Fail>(*step);
        const bool temp = proto::param_value(fail.params, "code") == "temp_fail" ||
                          std::any_of(fail.params.begin(), fail.params.end(),
                                      [](const proto::Param& p) { return p.key == "temp"; });
        out.kind = temp ? AuthOutcome::Kind::TempFail : AuthOutcome::Kind::Failed;
        const std::string reason = proto::param_value(fail.params, "reason");
        out.reason = !reason.empty() ? reason
                     : out.kind == AuthOutcome::Kind::TempFail ? "Temporary authentication failure."
                                                               : "Authentication failed.";
        co_return out;
    }
}

asio::awaitable<Result<void>> LoginClient::hand_over(const std::string& tag, const std::string& helo)
{
    if (!auth_) {
        co_return Error{std::make_error_code(std::errc::operation_not_permitted), "hand-over before login"};
    }
    Handoff h;
    h.protocol = env_.protocol;
    h.login_pid = static_cast<std::uint32_t>(::getpid());
    h.auth_id = auth_->auth_id();
    h.cookie = auth_->cookie();
    h.local_ip = local_ip_;
    h.remote_ip = remote_ip_;
    h.local_port = local_port_;
    h.remote_port = remote_port_;
    h.tls = stream_.tls();
    h.secured = secured();
    h.tag = tag;
    h.helo = helo;
    h.pending_input = std::exchange(buffer_, std::string());
    login_deadline_.cancel();  // logged in: the session's own timeouts apply from here
    asio::local::stream_protocol::socket relay_end(co_await asio::this_coro::executor);
    auto handed = co_await login::hand_over(stream_, h, env_.worker_socket, relay_end);
    auth_->close();
    if (!handed) {
        co_return handed.error();
    }
    if (stream_.tls()) {
        co_await relay(stream_, relay_end);
    }
    co_return Result<void>();
}

}  // namespace roost::login
