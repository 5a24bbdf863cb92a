// TlsTransport: TcpTransport's socket under an Asio SSL stream once TLS starts; until then
// (STARTTLS) the plain socket's reads and writes.
#include "smtp/client/tls_transport.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>

namespace roost::smtp::client {
namespace {

namespace asio = net::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

class TlsTransport final : public TcpTransport {
public:
    TlsTransport(TcpSettings connection, TlsClientSettings tls)
        : TcpTransport(std::move(connection)), tls_settings_(std::move(tls))
    {
    }

    Result<void> write(std::string_view bytes) override
    {
        if (!tls_) {
            return TcpTransport::write(bytes);
        }
        error_code ec;
        asio::async_write(*tls_, asio::buffer(bytes.data(), bytes.size()),
                          [&ec](const error_code& e, std::size_t) { ec = e; });
        if (!run_for(settings().io_timeout)) {
            return timeout_error("writing to " + where());
        }
        if (ec) {
            return io_error("writing to " + where(), ec);
        }
        return Result<void>();
    }

    Result<std::string> read_some() override
    {
        if (!tls_) {
            return TcpTransport::read_some();
        }
        char buf[8192];
        error_code ec;
        std::size_t n = 0;
        tls_->async_read_some(asio::buffer(buf), [&](const error_code& e, std::size_t got) {
            ec = e;
            n = got;
        });
        if (!run_for(settings().io_timeout)) {
            return timeout_error("waiting for " + where());
        }
        if (ec) {
            return io_error("reading from " + where(), ec);
        }
        return std::string(buf, n);
    }

    Result<void> start_tls() override
    {
        if (auto ready = prepare_tls(); !ready) {
            return ready;
        }
        error_code ec;
        tls_->async_handshake(asio::ssl::stream_base::client,
                              [&ec](const error_code& e) { ec = e; });
        if (!run_for(settings().io_timeout)) {
            return timeout_error("TLS handshake with " + where());
        }
        if (ec) {
            const long verify = ::SSL_get_verify_result(tls_->native_handle());
            std::string why = ec.message();
            if (verify != X509_V_OK) {
                why = std::string("certificate: ") + ::X509_verify_cert_error_string(verify);
            }
            return Error{std::make_error_code(std::errc::protocol_error),
                         "TLS handshake with " + where() + ": " + why};
        }
        return Result<void>();
    }

    bool tls() const override { return tls_ != nullptr; }

private:
    Result<void> prepare_tls()
    {
        const TlsClientSettings& t = tls_settings_;
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
        tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket(), ctx_);
        SSL* ssl = tls_->native_handle();
        const std::string& name = t.server_name.empty() ? settings().host : t.server_name;
        error_code not_ip;
        asio::ip::make_address(name, not_ip);
        if (not_ip) {
            // SSL_set_tlsext_host_name() spelled out: the macro's cast trips -Wold-style-cast.
            ::SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                       const_cast<char*>(name.c_str()));
            if (t.verify) {
                ::SSL_set1_host(ssl, name.c_str());
            }
        } else if (t.verify) {
            ::X509_VERIFY_PARAM_set1_ip_asc(::SSL_get0_param(ssl), name.c_str());
        }
        return Result<void>();
    }

    TlsClientSettings tls_settings_;
    asio::ssl::context ctx_{asio::ssl::context::tls_client};
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
};

}  // namespace

Result<std::unique_ptr<SmtpTransport>> connect_tcp_tls(const TcpSettings& tcp,
                                                       const TlsClientSettings& tls)
{
    auto transport = std::make_unique<TlsTransport>(tcp, tls);
    if (auto connected = transport->connect(); !connected) {
        return connected.error();
    }
    if (tls.implicit) {
        if (auto handshake = transport->start_tls(); !handshake) {
            return handshake.error();
        }
    }
    return std::unique_ptr<SmtpTransport>(std::move(transport));
}

}  // namespace roost::smtp::client
