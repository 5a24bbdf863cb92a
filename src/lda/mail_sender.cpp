#include "lda/mail_sender.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "core/strings.hpp"
#include "core/unique_fd.hpp"

namespace roost::lda {
namespace {

Error send_error(const std::string& message)
{
    return Error{std::make_error_code(std::errc::io_error), message};
}

}  // namespace

Error permanent_send_error(std::string message)
{
    return Error{std::make_error_code(std::errc::operation_not_permitted), std::move(message)};
}

bool is_permanent_send_error(const Error& e)
{
    return e.code == std::make_error_code(std::errc::operation_not_permitted);
}

Result<void> SendmailSender::send(std::string_view envelope_from, const std::vector<std::string>& recipients,
                                  std::string_view message)
{
    std::vector<std::string> argv;
    for (std::string_view w : split_words(path_)) {
        argv.emplace_back(w);
    }
    if (argv.empty()) {
        return send_error("sendmail_path is empty");
    }
    argv.insert(argv.end(), {"-i", "-f", envelope_from.empty() ? "<>" : std::string(envelope_from), "--"});
    argv.insert(argv.end(), recipients.begin(), recipients.end());

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return errno_error("pipe");
    }
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    const pid_t pid = ::fork();
    if (pid < 0) {
        return errno_error("fork");
    }
    if (pid == 0) {
        ::dup2(read_end.get(), STDIN_FILENO);
        std::vector<char*> args;
        for (std::string& a : argv) {
            args.push_back(a.data());
        }
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    read_end.reset();
    // A sendmail that exits early must not kill the LDA with SIGPIPE.
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    std::size_t done = 0;
    bool write_failed = false;
    while (done < message.size()) {
        const ssize_t n = ::write(write_end.get(), message.data() + done, message.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            write_failed = true;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    write_end.reset();
    ::sigaction(SIGPIPE, &old, nullptr);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return send_error(argv[0] + " failed (" +
                          (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                             : std::string("killed by a signal")) +
                          ")");
    }
    if (write_failed) {
        return send_error(argv[0] + " did not read the whole message");
    }
    return {};
}

}  // namespace roost::lda
