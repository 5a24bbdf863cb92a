// TCP and TLS to an SMTP server with Asio, run blocking: each operation starts asynchronously
// and the private io_context runs until it completes or its timeout closes the socket.
#include "smtp/client/smtp_transport.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "net/asio.hpp"

#include <boost/asio/ssl.hpp>

namespace roost::smtp::client {
namespace {

namespace asio = net::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

Error io_error(const std::string& what, const error_code& ec)
{
    return Error{std::error_code(ec.value(), std::system_category()), what + ": " + ec.message()};
}

Error timeout_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::timed_out), what + ": timed out"};
}

class TcpTransport final : public SmtpTransport {
public:
    explicit TcpTransport(TcpSettings settings)
        : settings_(std::move(settings)), where_(settings_.host + ":" + std::to_string(settings_.port))
    {
    }

    Result<void> connect()
    {
        tcp::resolver resolver(io_);
        error_code ec;
        tcp::resolver::results_type addresses;
        resolver.async_resolve(settings_.host, std::to_string(settings_.port),
                               [&](const error_code& e, tcp::resolver::results_type r) {
                                   ec = e;
                                   addresses = std::move(r);
                               });
        if (!run_for(settings_.connect_timeout)) {
            return timeout_error("resolving " + settings_.host);
        }
        if (ec) {
            return io_error("resolving " + settings_.host, ec);
        }
        asio::async_connect(socket_, addresses, [&](const error_code& e, const tcp::endpoint&) { ec = e; });
        if (!run_for(settings_.connect_timeout)) {
            return timeout_error("connecting to " + where_);
        }
        if (ec) {
            return io_error("connecting to " + where_, ec);
        }
        if (settings_.implicit_tls) {
            return start_tls();
        }
        return Result<void>();
    }

    Result<void> write(std::string_view bytes) override
    {
        error_code ec;
        const auto done = [&ec](const error_code& e, std::size_t) { ec = e; };
        if (tls_) {
            asio::async_write(*tls_, asio::buffer(bytes.data(), bytes.size()), done);
        } else {
            asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), done);
        }
        if (!run_for(settings_.io_timeout)) {
            return timeout_error("writing to " + where_);
        }
        if (ec) {
            return io_error("writing to " + where_, ec);
        }
        return Result<void>();
    }

    Result<std::string> read_some() override
    {
        char buf[8192];
        error_code ec;
        std::size_t n = 0;
        const auto done = [&](const error_code& e, std::size_t got) {
            ec = e;
            n = got;
        };
        if (tls_) {
            tls_->async_read_some(asio::buffer(buf), done);
        } else {
            socket_.async_read_some(asio::buffer(buf), done);
        }
        if (!run_for(settings_.io_timeout)) {
            return timeout_error("waiting for " + where_);
        }
        if (ec) {
            return io_error("reading from " + where_, ec);
        }
        return std::string(buf, n);
    }

    Result<void> start_tls() override
    {
        if (auto ready = prepare_tls(); !ready) {
            return ready;
        }
        error_code ec;
        tls_->async_handshake(asio::ssl::stream_base::client, [&ec](const error_code& e) { ec = e; });
        if (!run_for(settings_.io_timeout)) {
            return timeout_error("TLS handshake with " + where_);
        }
        if (ec) {
            const long verify = ::SSL_get_verify_result(tls_->native_handle());
            std::string why = ec.message();
            if (verify != X509_V_OK) {
                why = std::string("certificate: ") + ::X509_verify_cert_error_string(verify);
            }
            return Error{std::make_error_code(std::errc::protocol_error), "TLS handshake with " + where_ + ": " + why};
        }
        return Result<void>();
    }

    bool tls() const override { return tls_ != nullptr; }

private:
    // Runs the started operation; false (and the socket closed) when `timeout` passed first.
    bool run_for(std::chrono::milliseconds timeout)
    {
        io_.restart();
        io_.run_for(timeout);
        if (io_.stopped()) {
            return true;
        }
        error_code ignored;
        socket_.close(ignored);
        io_.restart();
        io_.run();  // the operation completes with operation_aborted
        return false;
    }

    Result<void> prepare_tls()
    {
        const TlsClientSettings& t = settings_.tls;
        error_code ec;
        ctx_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                             asio::ssl::context::no_sslv3 | asio::ssl::context::no_compression,
                         ec);
        ::SSL_CTX_set_min_proto_version(ctx_.native_handle(), TLS1_2_VERSION);
        if (!t.ca_pem.empty()) {
            ctx_.add_certificate_authority(asio::buffer(t.ca_pem), ec);
            if (ec) {
                return io_error("TLS CA certificates", ec);
            }
        }
        if (!t.ca_dir.empty()) {
            ctx_.add_verify_path(t.ca_dir, ec);
            if (ec) {
                return io_error("TLS CA directory " + t.ca_dir, ec);
            }
        }
        if (t.ca_pem.empty() && t.ca_dir.empty()) {
            ctx_.set_default_verify_paths(ec);
        }
        ctx_.set_verify_mode(t.verify ? asio::ssl::verify_peer : asio::ssl::verify_none);
        tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, ctx_);
        SSL* ssl = tls_->native_handle();
        const std::string& name = t.server_name.empty() ? settings_.host : t.server_name;
        error_code not_ip;
        asio::ip::make_address(name, not_ip);
        if (not_ip) {
            // SSL_set_tlsext_host_name() spelled out: the macro's cast trips -Wold-style-cast.
            ::SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(name.c_str()));
            if (t.verify) {
                ::SSL_set1_host(ssl, name.c_str());
            }
        } else if (t.verify) {
            ::X509_VERIFY_PARAM_set1_ip_asc(::SSL_get0_param(ssl), name.c_str());
        }
        return Result<void>();
    }

    TcpSettings settings_;
    std::string where_;
    asio::io_context io_;
    tcp::socket socket_{io_};
    asio::ssl::context ctx_{asio::ssl::context::tls_client};
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
};

}  // namespace

Result<std::unique_ptr<SmtpTransport>> connect_tcp(const TcpSettings& settings)
{
    auto transport = std::make_unique<TcpTransport>(settings);
    if (auto connected = transport->connect(); !connected) {
        return connected.error();
    }
    return std::unique_ptr<SmtpTransport>(std::move(transport));
}

}  // namespace roost::smtp::client
