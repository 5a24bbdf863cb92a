// Each operation starts asynchronously and the private io_context runs until it completes or
// its timeout closes the socket.
#include "smtp/client/tcp_transport.hpp"

namespace roost::smtp::client {

namespace asio = net::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

Error TcpTransport::io_error(const std::string& what, const error_code& ec)
{
    return Error{std::error_code(ec.value(), std::system_category()), what + ": " + ec.message()};
}

Error TcpTransport::timeout_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::timed_out), what + ": timed out"};
}

TcpTransport::TcpTransport(TcpSettings settings)
    : settings_(std::move(settings)),
      where_((settings_.host.find(':') != std::string::npos ? "[" + settings_.host + "]"
                                                            : settings_.host) +
             ":" + std::to_string(settings_.port))
{
}

Result<void> TcpTransport::connect()
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
    asio::async_connect(socket_, addresses,
                        [&](const error_code& e, const tcp::endpoint&) { ec = e; });
    if (!run_for(settings_.connect_timeout)) {
        return timeout_error("connecting to " + where_);
    }
    if (ec) {
        return io_error("connecting to " + where_, ec);
    }
    return Result<void>();
}

Result<void> TcpTransport::write(std::string_view bytes)
{
    error_code ec;
    asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                      [&ec](const error_code& e, std::size_t) { ec = e; });
    if (!run_for(settings_.io_timeout)) {
        return timeout_error("writing to " + where_);
    }
    if (ec) {
        return io_error("writing to " + where_, ec);
    }
    return Result<void>();
}

Result<std::string> TcpTransport::read_some()
{
    char buf[8192];
    error_code ec;
    std::size_t n = 0;
    socket_.async_read_some(asio::buffer(buf), [&](const error_code& e, std::size_t got) {
        ec = e;
        n = got;
    });
    if (!run_for(settings_.io_timeout)) {
        return timeout_error("waiting for " + where_);
    }
    if (ec) {
        return io_error("reading from " + where_, ec);
    }
    return std::string(buf, n);
}

Result<void> TcpTransport::start_tls()
{
    return Error{std::make_error_code(std::errc::protocol_not_supported),
                 "TLS with " + where_ + ": not available on a plain TCP connection"};
}

bool TcpTransport::run_for(std::chrono::milliseconds timeout)
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

Result<std::unique_ptr<SmtpTransport>> connect_tcp(const TcpSettings& settings)
{
    auto transport = std::make_unique<TcpTransport>(settings);
    if (auto connected = transport->connect(); !connected) {
        return connected.error();
    }
    return std::unique_ptr<SmtpTransport>(std::move(transport));
}

}  // namespace roost::smtp::client
