// Password input without echo. If a signal ends the program while echo is off, the handler puts
// the terminal back before the signal takes its default course, so the shell is not left blind.
#include "tools/roostadm/password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <iostream>

#include "crypto/constant_time.hpp"

namespace roost::tools::roostadm {
namespace {

constexpr std::size_t kMaxPassword = 4096;

termios g_saved_termios{};
volatile std::sig_atomic_t g_echo_off = 0;

extern "C" void restore_and_reraise(int sig)
{
    if (g_echo_off != 0) {
        tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// Turns terminal echo off for its lifetime.
class EchoOff {
public:
    EchoOff()
    {
        if (tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) {
            return;
        }
        termios quiet = g_saved_termios;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;  // still echo the newline the user types
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            previous_[index(sig)] = std::signal(sig, restore_and_reraise);
        }
        g_echo_off = 1;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &quiet) != 0) {
            g_echo_off = 0;
        }
    }

    ~EchoOff()
    {
        if (g_echo_off != 0) {
            tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
            g_echo_off = 0;
        }
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            std::signal(sig, previous_[index(sig)]);
        }
    }

    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    static std::size_t index(int sig)
    {
        switch (sig) {
            case SIGINT:
                return 0;
            case SIGTERM:
                return 1;
            case SIGHUP:
                return 2;
            default:
                return 3;
        }
    }

    using Handler = void (*)(int);
    Handler previous_[4] = {};
};

// One line from standard input without its line ending; error at end of input or when the line
// is absurdly long.
Result<std::string> read_line()
{
    std::string line;
    char c = 0;
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);  // unbuffered: leave the rest unread
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            crypto::wipe(line);
            return errno_error("cannot read the password");
        }
        if (n == 0) {
            if (line.empty()) {
                return Error{std::make_error_code(std::errc::io_error),
                             "no password on standard input"};
            }
            break;
        }
        if (c == '\n') {
            break;
        }
        if (line.size() >= kMaxPassword) {
            crypto::wipe(line);
            return Error{std::make_error_code(std::errc::value_too_large), "password too long"};
        }
        line.push_back(c);
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

// Echo goes off before the prompt appears, so nothing typed after the prompt is shown.
Result<std::string> ask(std::string_view prompt)
{
    const EchoOff quiet;
    std::cerr << prompt << std::flush;
    return read_line();
}

Result<std::string> non_empty(Result<std::string> pw)
{
    if (pw && pw->empty()) {
        return Error{std::make_error_code(std::errc::invalid_argument),
                     "empty passwords are not allowed"};
    }
    return pw;
}

}  // namespace

Result<std::string> read_new_password()
{
    if (isatty(STDIN_FILENO) == 0) {
        return non_empty(read_line());
    }
    auto first = non_empty(ask("Enter new password: "));
    if (!first) {
        return first;
    }
    auto second = ask("Retype new password: ");
    if (!second) {
        crypto::wipe(*first);
        return second;
    }
    const bool same = crypto::equal(*first, *second);
    crypto::wipe(*second);
    if (!same) {
        crypto::wipe(*first);
        return Error{std::make_error_code(std::errc::invalid_argument),
                     "passwords do not match"};
    }
    return first;
}

Result<std::string> read_password(std::string_view prompt)
{
    if (isatty(STDIN_FILENO) == 0) {
        return non_empty(read_line());
    }
    return non_empty(ask(prompt));
}

}  // namespace roost::tools::roostadm
