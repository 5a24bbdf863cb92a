// Plain or TLS reads and writes for a login process's client.
#include "login/client_stream.hpp"

namespace roost::login {

asio::awaitable<std::size_t> ClientStream::read_some(asio::mutable_buffer buffer, boost::system::error_code& ec)
{
    if (tls_) {
        co_return co_await tls_->async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return co_await socket_.async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> ClientStream::write(std::string_view bytes, boost::system::error_code& ec)
{
    if (tls_) {
        co_await asio::async_write(*tls_, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
    } else {
        co_await asio::async_write(socket_, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
    }
}

asio::awaitable<void> ClientStream::start_tls(net::TlsContext& context, boost::system::error_code& ec)
{
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, context.native());
    co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> ClientStream::shutdown()
{
    if (tls_) {
        boost::system::error_code ignored;
        co_await tls_->async_shutdown(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

}  // namespace roost::login
