#include "lmtp/delivery_workers.hpp"

#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/log.hpp"
#include "net/privileges.hpp"

namespace roost::lmtp {
namespace {

// A message may be up to the LMTP size limit; the user's fields and envelope add little.
constexpr std::size_t kMaxFrame = std::size_t{1} << 31;

bool send_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// The next frame's payload from `fd`; an error at end of file or for bytes that are not frames.
Result<std::string> read_frame(int fd, FrameDecoder& decoder)
{
    char buf[65536];
    for (;;) {
        auto frame = decoder.next();
        if (!frame) {
            return frame.error();
        }
        if (*frame) {
            return std::move(**frame);
        }
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno_error("delivery worker socket");
        }
        if (n == 0) {
            return Error{std::make_error_code(std::errc::connection_aborted), "delivery worker: end of file"};
        }
        decoder.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
}

const lda::DeliveryResult kFailed{lda::DeliveryResult::Status::TempFail, "4.3.0", "Temporary internal error"};

}  // namespace

DeliveryWorkers::DeliveryWorkers(Handler handler, std::size_t max_workers, std::function<void()> drop_session_state)
    : handler_(std::move(handler)), max_workers_(std::max<std::size_t>(max_workers, 1)),
      drop_session_state_(std::move(drop_session_state))
{
}

DeliveryWorkers::~DeliveryWorkers()
{
    // Close every socket first, so the workers all finish at once, then reap them.
    for (Worker& w : workers_) {
        w.socket.reset();
    }
    for (const Worker& w : workers_) {
        ::waitpid(w.pid, nullptr, 0);
    }
}

DeliveryWorkers::Credentials DeliveryWorkers::credentials_of(const worker::MailUser& user)
{
    Credentials c{user.uid, user.gid, user.extra_groups, user.chroot};
    std::sort(c.groups.begin(), c.groups.end());
    return c;
}

void DeliveryWorkers::stop(std::size_t index)
{
    Worker w = std::move(workers_[index]);
    workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(index));
    w.socket.reset();
    ::waitpid(w.pid, nullptr, 0);
}

DeliveryWorkers::Worker* DeliveryWorkers::start(const Credentials& credentials)
{
    if (workers_.size() >= max_workers_) {
        const auto oldest = std::min_element(workers_.begin(), workers_.end(), [](const Worker& a, const Worker& b) {
            return a.last_used < b.last_used;
        });
        stop(static_cast<std::size_t>(oldest - workers_.begin()));
    }
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        log::error("delivery worker: socketpair: ", std::strerror(errno));
        return nullptr;
    }
    UniqueFd ours(pair[0]);
    UniqueFd theirs(pair[1]);
    const pid_t pid = ::fork();
    if (pid < 0) {
        log::error("delivery worker: fork: ", std::strerror(errno));
        return nullptr;
    }
    if (pid == 0) {
        ours.reset();
        run_worker(credentials, theirs.get());
    }
    ++started_;
    workers_.push_back(Worker{credentials, pid, std::move(ours), 0});
    return &workers_.back();
}

void DeliveryWorkers::run_worker(const Credentials& credentials, int socket)
{
    // Nothing of the session stays with the worker: not the MTA's connection, not the userdb
    // connection, not the sockets of workers running as other users.
    if (drop_session_state_) {
        drop_session_state_();
    }
    for (Worker& w : workers_) {
        w.socket.reset();
    }
    if (auto became = net::become({credentials.uid, credentials.gid, credentials.groups, credentials.chroot}); !became) {
        log::error("delivery worker: cannot become uid ", credentials.uid, ": ", became.error().message);
        ::_exit(1);  // the session reads end of file and answers 4.3.0
    }
    FrameDecoder decoder(kMaxFrame);
    for (;;) {
        auto payload = read_frame(socket, decoder);
        if (!payload) {
            ::_exit(0);  // the session is over
        }
        auto job = decode_job(*payload);
        lda::DeliveryResult result = kFailed;
        if (!job) {
            log::error(job.error().message);
        } else if (credentials_of(job->user) != credentials) {
            // The session never sends this; refusing it keeps the promise even if it did.
            log::error("delivery worker for uid ", credentials.uid, " refused a job for ", job->user.name);
        } else {
            log::set_user(job->user.name);
            result = handler_(*job);
        }
        if (!send_all(socket, encode_result(result))) {
            ::_exit(0);
        }
    }
}

lda::DeliveryResult DeliveryWorkers::run(const DeliveryJob& job)
{
    const worker::MailUser& user = job.user;
    const Credentials credentials = credentials_of(user);
    const std::string frame = encode_job(job);
    auto found = std::find_if(workers_.begin(), workers_.end(),
                              [&](const Worker& w) { return w.credentials == credentials; });
    Worker* w = found == workers_.end() ? nullptr : &*found;
    // A worker that went away while idle has not seen this job: one fresh worker may take it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (w == nullptr) {
            w = start(credentials);
            if (w == nullptr) {
                return kFailed;
            }
        }
        w->last_used = ++clock_;
        if (send_all(w->socket.get(), frame)) {
            break;
        }
        stop(static_cast<std::size_t>(w - workers_.data()));
        w = nullptr;
    }
    if (w == nullptr) {
        return kFailed;
    }
    FrameDecoder decoder(kMaxFrame);
    auto payload = read_frame(w->socket.get(), decoder);
    auto result = payload ? decode_result(*payload) : Result<lda::DeliveryResult>(payload.error());
    if (!result) {
        // It may have died half way through: whether the mail was saved is unknown, so the MTA
        // keeps it and retries.
        log::error("delivery to ", user.name, " failed: ", result.error().message);
        stop(static_cast<std::size_t>(w - workers_.data()));
        return kFailed;
    }
    return std::move(*result);
}

}  // namespace roost::lmtp
