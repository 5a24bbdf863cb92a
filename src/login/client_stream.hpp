// ClientStream: a client's TCP connection as a login process sees it, plain until STARTTLS (or
// TLS from the start on imaps/pop3s), with one read/write interface either way.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "net/asio.hpp"
#include "net/tls_context.hpp"

#include <boost/asio/ssl.hpp>

namespace roost::login {

namespace asio = net::asio;
using tcp = asio::ip::tcp;

class ClientStream {
public:
    explicit ClientStream(tcp::socket socket) : socket_(std::move(socket)) {}

    // Reads what is there (at least one byte); ec is set at end of stream or on error.
    asio::awaitable<std::size_t> read_some(asio::mutable_buffer buffer, boost::system::error_code& ec);
    asio::awaitable<void> write(std::string_view bytes, boost::system::error_code& ec);

    // The server side of a TLS handshake on this connection (implicit TLS or STARTTLS).
    asio::awaitable<void> start_tls(net::TlsContext& context, boost::system::error_code& ec);
    bool tls() const { return tls_ != nullptr; }
    SSL* ssl() { return tls_ ? tls_->native_handle() : nullptr; }
    // A TLS session's orderly end (close_notify); harmless on a plain connection.
    asio::awaitable<void> shutdown();

    tcp::socket& socket() { return socket_; }

private:
    tcp::socket socket_;
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls_;
};

}  // namespace roost::login
