// DeliveryWorkers: the processes an LMTP session delivers through. Each worker is forked once,
// becomes one set of credentials (uid, gid, groups, chroot) for good and then delivers every job
// for users who share exactly those credentials: with virtual users under one mail uid, a whole
// session needs one fork instead of one per recipient. Users with different credentials never
// share a worker, so a delivery for A never runs with B's rights.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/unique_fd.hpp"
#include "lda/deliver.hpp"
#include "lmtp/delivery_job.hpp"
#include "worker/mail_user.hpp"

namespace roost::lmtp {

class DeliveryWorkers {
public:
    // Runs in the worker, already as the user: one job (a delivery or a quota check).
    using Handler = std::function<lda::DeliveryResult(const DeliveryJob& job)>;

    // `drop_session_state` runs first in every new worker: it closes what the session holds
    // and a user's process must not (the MTA's connection, the auth-userdb connection).
    DeliveryWorkers(Handler handler, std::size_t max_workers, std::function<void()> drop_session_state);
    // Ends every worker (they see end of file) and reaps it.
    ~DeliveryWorkers();
    DeliveryWorkers(const DeliveryWorkers&) = delete;
    DeliveryWorkers& operator=(const DeliveryWorkers&) = delete;

    // Runs the job in the worker for its user's credentials, starting it when there is none
    // (the least recently used one goes when max_workers run). A worker that dies or answers
    // nonsense gives a temporary failure, so the MTA retries.
    lda::DeliveryResult run(const DeliveryJob& job);

    // Workers started so far (for tests: how many forks the session paid).
    std::size_t started() const { return started_; }

private:
    struct Credentials {
        uid_t uid = 0;
        gid_t gid = 0;
        std::vector<gid_t> groups;
        std::string chroot;
        bool operator==(const Credentials&) const = default;
    };
    struct Worker {
        Credentials credentials;
        pid_t pid = -1;
        UniqueFd socket;
        std::uint64_t last_used = 0;
    };

    static Credentials credentials_of(const worker::MailUser& user);
    Worker* start(const Credentials& credentials);
    void stop(std::size_t index);
    [[noreturn]] void run_worker(const Credentials& credentials, int socket);

    Handler handler_;
    std::size_t max_workers_;
    std::function<void()> drop_session_state_;
    std::vector<Worker> workers_;
    std::uint64_t clock_ = 0;
    std::size_t started_ = 0;
};

}  // namespace roost::lmtp
