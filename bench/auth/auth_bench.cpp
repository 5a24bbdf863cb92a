// auth_bench: a load generator for the auth-client protocol (Roost's or Dovecot's auth service):
// C concurrent connections each run AUTH PLAIN logins back to back for S seconds. Prints one
// JSON line: logins, logins/s, failures, and latency percentiles.
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "auth/proto/client_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "core/base64.hpp"
#include "core/line_receiver.hpp"
#include "net/asio.hpp"

namespace po = boost::program_options;
namespace asio = roost::net::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string socket;
    std::string user_format = "user%d";
    int users = 1;
    std::string password;
    int concurrency = 1;
    double seconds = 5;
};

struct Stats {
    std::vector<double> latencies_ms;
    long failures = 0;
};

asio::awaitable<std::string> read_line(asio::local::stream_protocol::socket& s, roost::LineReceiver& lines)
{
    for (;;) {
        if (auto e = lines.next()) {
            co_return e->line;
        }
        char buf[4096];
        const std::size_t n = co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
        lines.feed(std::string_view(buf, n));
    }
}

asio::awaitable<void> client(int index, const Options& o, Clock::time_point end, Stats& stats)
{
    asio::local::stream_protocol::socket s(co_await asio::this_coro::executor);
    co_await s.async_connect(asio::local::stream_protocol::endpoint(o.socket), asio::use_awaitable);
    roost::LineReceiver lines(65536, false);
    const std::string hello = roost::auth::proto::format(roost::auth::proto::Version{1, 2}) +
                              roost::auth::proto::format(roost::auth::proto::Cpid{static_cast<std::uint32_t>(10000 + index)});
    co_await asio::async_write(s, asio::buffer(hello), asio::use_awaitable);
    while ((co_await read_line(s, lines)) != "DONE") {
    }
    std::uint32_t id = 0;
    while (Clock::now() < end) {
        std::string user = o.user_format;
        if (const std::size_t at = user.find("%d"); at != std::string::npos) {
            user.replace(at, 2, std::to_string((static_cast<unsigned>(index) + id) % static_cast<unsigned>(o.users)));
        }
        roost::auth::proto::AuthCommand a;
        a.id = ++id;
        a.mechanism = "PLAIN";
        a.service = "imap";
        a.secured = true;
        a.remote_ip = "127.0.0.1";
        a.initial_response = roost::base64_encode(std::string(1, '\0') + user + std::string(1, '\0') + o.password);
        const std::string line = roost::auth::proto::format(a);
        const auto start = Clock::now();
        co_await asio::async_write(s, asio::buffer(line), asio::use_awaitable);
        const std::string reply = co_await read_line(s, lines);
        stats.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (reply.rfind("OK\t", 0) != 0) {
            ++stats.failures;
        }
    }
}

double percentile(std::vector<double>& v, double p)
{
    if (v.empty()) {
        return 0;
    }
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    po::options_description opts("Usage: auth_bench --socket PATH --password PW [options]");
    opts.add_options()("help", "this help")("socket", po::value(&o.socket)->required(), "auth-client socket")(
        "user-format", po::value(&o.user_format), "printf format of user names (%d is 0..users-1)")(
        "users", po::value(&o.users), "how many users")("password", po::value(&o.password)->required(), "their password")(
        "concurrency", po::value(&o.concurrency), "connections")("seconds", po::value(&o.seconds), "duration");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, opts), vm);
        if (vm.count("help")) {
            std::cout << opts;
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "auth_bench: " << e.what() << "\n" << opts;
        return 64;
    }
    asio::io_context io;
    Stats stats;
    const auto begin = Clock::now();
    const auto end = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    int errors = 0;
    for (int i = 0; i < o.concurrency; ++i) {
        asio::co_spawn(io, client(i, o, end, stats), [&](std::exception_ptr e) {
            if (e) {
                ++errors;
            }
        });
    }
    io.run();
    const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    const auto n = stats.latencies_ms.size();
    std::printf("{\"logins\": %zu, \"per_second\": %.1f, \"failures\": %ld, \"client_errors\": %d, "
                "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
                n, static_cast<double>(n) / elapsed, stats.failures, errors, percentile(stats.latencies_ms, 50),
                percentile(stats.latencies_ms, 99), percentile(stats.latencies_ms, 100));
    return errors == 0 ? 0 : 1;
}
