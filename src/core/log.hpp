// Logging facade: one line per event, prefixed with the process, user and session the way admins
// grep Dovecot logs ("imap(alice)<4242><sess>: Info: ..."), written to files, stderr or syslog.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::log {

enum class Level { Debug, Info, Warning, Error, Fatal, Panic };

std::string_view level_name(Level level);  // "Debug", "Info", ...

// Where each level goes. An empty path means "same as the level above" (debug -> info -> log),
// "syslog" means syslog(3), and an empty log_path means standard error.
struct Settings {
    std::string log_path;
    std::string info_log_path;
    std::string debug_log_path;
    std::string syslog_facility = "mail";
    std::string syslog_ident = "roost";
    std::string timestamp_format = "%b %d %H:%M:%S ";  // strftime(3); empty for none
    bool debug = false;                                 // mail_debug / auth_debug
};

// Opens the targets (creating files with mode 0600). On failure the previous targets stay.
Result<void> configure(const Settings& settings);

// The prefix parts: "imap" / "alice" / a session id. Any may be empty.
void set_process(std::string name);
void set_user(std::string user);
void set_session(std::string session);
bool debug_enabled();

void write(Level level, std::string_view message);

// Text that must never reach a log (passwords, keys): prints as <hidden>.
struct Secret {
    std::string_view value;
};
inline std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "<hidden>"; }

template <class... Parts>
std::string concat(const Parts&... parts)
{
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

template <class... Parts>
void debug(const Parts&... parts)
{
    if (debug_enabled()) {
        write(Level::Debug, concat(parts...));
    }
}
template <class... Parts>
void info(const Parts&... parts) { write(Level::Info, concat(parts...)); }
template <class... Parts>
void warning(const Parts&... parts) { write(Level::Warning, concat(parts...)); }
template <class... Parts>
void error(const Parts&... parts) { write(Level::Error, concat(parts...)); }
template <class... Parts>
void fatal(const Parts&... parts) { write(Level::Fatal, concat(parts...)); }

}  // namespace roost::log
