// TcpTransport: plain TCP to an SMTP server with Asio, run blocking with timeouts (each
// submission worker serves one client; roost-lda sends one message at a time). It links no
// OpenSSL; TlsTransport (tls_transport.hpp) derives from it and adds TLS.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "net/asio.hpp"
#include "smtp/client/smtp_transport.hpp"

namespace roost::smtp::client {

struct TcpSettings {
    std::string host;  // a name or an IP address (IPv6 without brackets)
    unsigned port = 25;
    std::chrono::milliseconds connect_timeout{30000};
    std::chrono::milliseconds io_timeout{300000};
};

class TcpTransport : public SmtpTransport {
public:
    explicit TcpTransport(TcpSettings settings);
    // Resolves and connects, trying each address. Errors name the host and port.
    Result<void> connect();

    Result<void> write(std::string_view bytes) override;
    Result<std::string> read_some() override;
    Result<void> start_tls() override;  // always an error: this transport has no TLS
    bool tls() const override { return false; }

protected:
    // Runs the started operation; false (and the socket closed) when `timeout` passed first.
    bool run_for(std::chrono::milliseconds timeout);
    static Error io_error(const std::string& what, const boost::system::error_code& ec);
    static Error timeout_error(const std::string& what);

    const TcpSettings& settings() const { return settings_; }
    const std::string& where() const { return where_; }  // "host:port", for messages
    net::asio::ip::tcp::socket& socket() { return socket_; }

private:
    TcpSettings settings_;
    std::string where_;
    net::asio::io_context io_;
    net::asio::ip::tcp::socket socket_{io_};
};

// A connected plain TCP transport. Errors as TcpTransport::connect()'s.
Result<std::unique_ptr<SmtpTransport>> connect_tcp(const TcpSettings& settings);

}  // namespace roost::smtp::client
