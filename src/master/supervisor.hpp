// Supervisor: runs the planned services as child processes, hands them their listening sockets,
// restarts any that die (logging why, waiting longer after each quick crash), and stops them
// on shutdown.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/unique_fd.hpp"
#include "master/service_plan.hpp"
#include "net/asio.hpp"

namespace roost::master {

class Supervisor {
public:
    Supervisor(net::asio::io_context& io, std::string config_path);
    ~Supervisor();

    // Binds every listener of the plan (done while root, before daemonizing, so errors show).
    Result<void> bind(Plan plan);
    // Starts the processes of every bound service.
    void run_all();
    // A child exited (reaped by the caller's SIGCHLD handler).
    void child_exited(pid_t pid, int status);
    // Terminates every child and waits for them (up to `grace`, then SIGKILL); closes listeners.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
    std::size_t running() const { return children_.size(); }

    static constexpr std::chrono::seconds kMaxBackoff{60};

private:
    struct Service {
        ServicePlan plan;
        std::vector<UniqueFd> listeners;
        unsigned failures = 0;  // quick deaths in a row, for the back-off
        bool stopping = false;
    };
    void spawn(Service& service);
    void schedule_restart(Service& service, std::chrono::milliseconds delay);

    net::asio::io_context& io_;
    std::string config_path_;
    std::vector<std::unique_ptr<Service>> services_;
    struct Child {
        Service* service;
        std::chrono::steady_clock::time_point started;
    };
    std::map<pid_t, Child> children_;
    bool stopping_ = false;
};

}  // namespace roost::master
