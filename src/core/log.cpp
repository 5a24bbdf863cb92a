// Logging facade: prefixes, targets and the write path.
#include "core/log.hpp"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <array>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/unique_fd.hpp"

namespace roost::log {
namespace {

// One destination: a descriptor, or syslog when fd is -1 and use_syslog is set.
struct Target {
    std::shared_ptr<UniqueFd> fd;
    bool use_syslog = false;
};

struct State {
    std::mutex mutex;
    Target log{std::make_shared<UniqueFd>(), false};
    Target info{log};
    Target debug{log};
    std::string process = "roost";
    std::string user;
    std::string session;
    std::string timestamp_format = "%b %d %H:%M:%S ";
    int facility = LOG_MAIL;
    bool debug_on = false;
};

State& state()
{
    static State s;
    return s;
}

int facility_from_name(std::string_view name)
{
    static constexpr std::array<std::pair<std::string_view, int>, 12> kFacilities{{
        {"mail", LOG_MAIL}, {"daemon", LOG_DAEMON}, {"user", LOG_USER}, {"auth", LOG_AUTH},
        {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
        {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
        {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
    }};
    for (const auto& [n, f] : kFacilities) {
        if (n == name) {
            return f;
        }
    }
    return LOG_MAIL;
}

int syslog_priority(Level level)
{
    switch (level) {
    case Level::Debug: return LOG_DEBUG;
    case Level::Info: return LOG_INFO;
    case Level::Warning: return LOG_WARNING;
    case Level::Error: return LOG_ERR;
    case Level::Fatal: return LOG_CRIT;
    case Level::Panic: return LOG_CRIT;
    }
    return LOG_ERR;
}

Result<Target> open_target(const std::string& path, const Target& fallback)
{
    if (path.empty()) {
        return fallback;
    }
    if (path == "syslog") {
        return Target{std::make_shared<UniqueFd>(), true};
    }
    if (path == "/dev/stderr") {
        return Target{std::make_shared<UniqueFd>(), false};
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return errno_error("open(" + path + ") for logging");
    }
    return Target{std::make_shared<UniqueFd>(fd), false};
}

// Length of the valid UTF-8 sequence at s[i], or 0: no overlong forms, surrogates or code
// points past U+10FFFF (RFC 3629), so every reader can decode the log.
std::size_t utf8_length(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
        return 0;
    }
    // The second byte's range depends on the first (RFC 3629 section 4).
    const auto second = static_cast<unsigned char>(s[i + 1]);
    const unsigned char low = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
    const unsigned char high = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) {
            return 0;
        }
    }
    return n;
}

// One event is one line of text: newlines would let input forge log lines, and control bytes
// or broken UTF-8 from a client would corrupt the file for every reader. Both become '?'.
void append_printable(std::string& line, std::string_view message)
{
    for (std::size_t i = 0; i < message.size(); ++i) {
        const auto c = static_cast<unsigned char>(message[i]);
        if (c >= 0x20 && c < 0x7f) {
            line += static_cast<char>(c);
        } else if (c == '\t') {
            line += ' ';
        } else if (const std::size_t n = c >= 0x80 ? utf8_length(message, i) : 0; n > 0) {
            line.append(message.substr(i, n));
            i += n - 1;
        } else {
            line += '?';
        }
    }
}

}  // namespace

std::string_view level_name(Level level)
{
    switch (level) {
    case Level::Debug: return "Debug";
    case Level::Info: return "Info";
    case Level::Warning: return "Warning";
    case Level::Error: return "Error";
    case Level::Fatal: return "Fatal";
    case Level::Panic: return "Panic";
    }
    return "Error";
}

Result<void> configure(const Settings& settings)
{
    const Target stderr_target{std::make_shared<UniqueFd>(), false};
    auto main_target = open_target(settings.log_path, stderr_target);
    if (!main_target) {
        return main_target.error();
    }
    auto info_target = open_target(settings.info_log_path, *main_target);
    if (!info_target) {
        return info_target.error();
    }
    auto debug_target = open_target(settings.debug_log_path, *info_target);
    if (!debug_target) {
        return debug_target.error();
    }
    State& s = state();
    const std::lock_guard lock(s.mutex);
    s.log = *main_target;
    s.info = *info_target;
    s.debug = *debug_target;
    s.timestamp_format = settings.timestamp_format;
    s.facility = facility_from_name(settings.syslog_facility);
    s.debug_on = settings.debug;
    if (s.log.use_syslog || s.info.use_syslog || s.debug.use_syslog) {
        static std::string ident;  // openlog keeps the pointer
        ident = settings.syslog_ident;
        ::openlog(ident.c_str(), LOG_PID | LOG_NDELAY, s.facility);
    }
    return {};
}

void set_process(std::string name)
{
    const std::lock_guard lock(state().mutex);
    state().process = std::move(name);
}

void set_user(std::string user)
{
    const std::lock_guard lock(state().mutex);
    state().user = std::move(user);
}

void set_session(std::string session)
{
    const std::lock_guard lock(state().mutex);
    state().session = std::move(session);
}

bool debug_enabled()
{
    const std::lock_guard lock(state().mutex);
    return state().debug_on;
}

void write(Level level, std::string_view message)
{
    State& s = state();
    const std::lock_guard lock(s.mutex);
    const Target& target = level == Level::Debug ? s.debug
                           : level == Level::Info ? s.info
                                                  : s.log;
    std::string line;
    line.reserve(message.size() + 64);
    line += s.process;
    if (!s.user.empty()) {
        line += '(';
        line += s.user;
        line += ')';
    }
    if (!s.session.empty()) {
        line += '<';
        line += std::to_string(::getpid());
        line += "><";
        line += s.session;
        line += '>';
    }
    line += ": ";
    line += level_name(level);
    line += ": ";
    append_printable(line, message);
    if (target.use_syslog) {
        ::syslog(s.facility | syslog_priority(level), "%s", line.c_str());
        return;
    }
    std::string out;
    if (!s.timestamp_format.empty()) {
        std::array<char, 128> buf{};
        const std::time_t now = std::time(nullptr);
        std::tm tm{};
        ::localtime_r(&now, &tm);
        // log_timestamp is the admin's strftime(3) format, so it cannot be a literal.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        const std::size_t n = std::strftime(buf.data(), buf.size(), s.timestamp_format.c_str(), &tm);
#pragma GCC diagnostic pop
        out.assign(buf.data(), n);
    }
    out += line;
    out += '\n';
    const int fd = target.fd && target.fd->valid() ? target.fd->get() : STDERR_FILENO;
    // A single write keeps concurrent writers' lines whole on O_APPEND files.
    [[maybe_unused]] const ssize_t n = ::write(fd, out.data(), out.size());
}

}  // namespace roost::log
