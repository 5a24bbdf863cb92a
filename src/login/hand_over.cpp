// The login side of the hand-off, and the TLS relay.
#include "login/hand_over.hpp"

#include <sys/socket.h>

#include "core/line_receiver.hpp"
#include "net/fd_passing.hpp"

namespace roost::login {
namespace {

Error handoff_error(const std::string& what)
{
    return Error{std::make_error_code(std::errc::connection_refused), what};
}

// The code hand_over() gives a refusal for too many connections (any other failure has another).
const std::error_code kLimitReached = std::make_error_code(std::errc::too_many_files_open);

}  // namespace

asio::awaitable<Result<void>> hand_over(ClientStream& client, const Handoff& handoff, const std::string& worker_socket,
                                        asio::local::stream_protocol::socket& relay_end)
{
    auto executor = co_await asio::this_coro::executor;
    asio::local::stream_protocol::socket worker(executor);
    boost::system::error_code ec;
    co_await worker.async_connect(worker_socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        co_return handoff_error("mail worker " + worker_socket + " unreachable: " + ec.message());
    }
    int passed_fd = client.socket().native_handle();
    if (client.tls()) {
        // The worker gets one end of a socket pair; the other stays here for relay().
        asio::local::stream_protocol::socket theirs(executor);
        asio::local::connect_pair(relay_end, theirs);
        passed_fd = theirs.native_handle();
        auto sent = net::send_fd(worker.native_handle(), passed_fd, format_handoff(handoff));
        if (!sent) {
            co_return sent.error();
        }
    } else if (auto sent = net::send_fd(worker.native_handle(), passed_fd, format_handoff(handoff)); !sent) {
        co_return sent.error();
    }
    LineReceiver lines(4096);
    for (;;) {
        if (auto e = lines.next()) {
            auto reply = parse_handoff_reply(e->line);
            if (!reply) {
                co_return reply.error();
            }
            if (!reply->ok && reply->limit_reached) {
                co_return Error{kLimitReached, reply->reason};
            }
            if (!reply->ok) {
                co_return handoff_error("mail worker refused the client: " + reply->reason);
            }
            co_return Result<void>();
        }
        char buf[512];
        const std::size_t n =
            co_await worker.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            co_return handoff_error("mail worker closed the hand-off without an answer");
        }
        lines.feed(std::string_view(buf, n));
    }
}

asio::awaitable<void> relay(ClientStream& client, asio::local::stream_protocol::socket& worker)
{
    auto executor = co_await asio::this_coro::executor;
    // Worker -> client runs in its own coroutine, client -> worker here; whichever side ends
    // first shuts the other down, and this frame (which both use) outlives the helper.
    bool helper_running = true;
    asio::steady_timer helper_done(executor, asio::steady_timer::time_point::max());
    asio::co_spawn(
        executor,
        [&client, &worker, &helper_running, &helper_done]() -> asio::awaitable<void> {
            char buf[16384];
            boost::system::error_code ec;
            for (;;) {
                const std::size_t n =
                    co_await worker.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
                if (ec) {
                    break;
                }
                co_await client.write(std::string_view(buf, n), ec);
                if (ec) {
                    break;
                }
            }
            co_await client.shutdown();
            boost::system::error_code ignored;
            client.socket().shutdown(tcp::socket::shutdown_both, ignored);
            helper_running = false;
            helper_done.cancel();
        },
        asio::detached);
    char buf[16384];
    boost::system::error_code ec;
    for (;;) {
        const std::size_t n = co_await client.read_some(asio::buffer(buf), ec);
        if (ec) {
            break;
        }
        co_await asio::async_write(worker, asio::buffer(buf, n), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            break;
        }
    }
    boost::system::error_code ignored;
    worker.shutdown(asio::socket_base::shutdown_both, ignored);
    if (helper_running) {
        client.socket().cancel(ignored);
        co_await helper_done.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

bool connection_limit_reached(const Error& e)
{
    return e.code == kLimitReached;
}

}  // namespace roost::login
