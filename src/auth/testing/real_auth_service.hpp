// Test support: the real roost-auth of this build on a throw-away configuration, for tests of
// the programs that talk to it (login processes, workers). Header-only; tests link nothing more.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "roost_build_config.hpp"

namespace roost::auth::testing {

namespace fs = std::filesystem;

// One user line of the passwd-file the service reads ("alice:{PLAIN}secret:1000:1000::/home::").
struct RealAuthOptions {
    std::string users = "alice:{PLAIN}secret:1000:1000::/srv/mail/alice::\n";
    std::string mechanisms = "plain login";
};

class RealAuthService : public ::testing::Test {
protected:
    // Tests that need other users override this before SetUp runs.
    virtual RealAuthOptions options() const { return {}; }

    void SetUp() override
    {
        const RealAuthOptions o = options();
        dir_ = fs::path("/tmp") / ("roost-test-auth-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        ::chmod(dir_.c_str(), 0755);  // roost-auth drops to an unprivileged user as root
        std::ofstream(dir_ / "users") << o.users;
        ::chmod((dir_ / "users").c_str(), 0644);
        std::ofstream(dir_ / "roost.conf")
            << "base_dir = " << (dir_ / "run").string() << "\nlog_path = " << (dir_ / "auth.log").string()
            << "\nauth_mechanisms = " << o.mechanisms << "\nauth_failure_delay = 0\n"
               "passdb {\n  driver = passwd-file\n  args = " << (dir_ / "users").string()
            << "\n}\nuserdb {\n  driver = passwd-file\n  args = " << (dir_ / "users").string()
            << "\n}\nservice auth {\n  unix_listener auth-client {\n    mode = 0666\n  }\n"
               "  unix_listener auth-master {\n    mode = 0666\n  }\n}\n";
        const std::string program = std::string(ROOST_BUILD_ROOT) + "/src/auth/service/roost-auth";
        const std::string config = (dir_ / "roost.conf").string();
        pid_ = ::fork();
        if (pid_ == 0) {
            // Its own output goes to log_path; holding the test's pipes would keep a test
            // runner waiting for an orphan if this test process died.
            const int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execl(program.c_str(), program.c_str(), "-c", config.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 200 && !ready(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        ASSERT_TRUE(ready()) << "roost-auth did not start";
    }
    void TearDown() override
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        fs::remove_all(dir_);
    }
    bool ready() const
    {
        std::ifstream log(dir_ / "auth.log");
        std::stringstream text;
        text << log.rdbuf();
        return fs::exists(dir_ / "run" / "auth-master") &&
               text.str().find("auth service ready") != std::string::npos;
    }
    std::string socket(const char* name) const { return (dir_ / "run" / name).string(); }

    fs::path dir_;
    pid_t pid_ = -1;
};

}  // namespace roost::auth::testing
