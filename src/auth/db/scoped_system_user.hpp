// Test support: a system user with a known password (useradd + chpasswd), removed again when
// the object goes away. Needs root; tests skip when not root.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace roost::auth::testing {

class ScopedSystemUser {
public:
    // `name` and `password` must be plain words: they go through a shell.
    ScopedSystemUser(std::string name, const std::string& password) : name_(std::move(name))
    {
        remove();  // left over from an interrupted run
        created_ = retry("useradd --no-create-home --shell /usr/sbin/nologin " + name_);
        if (created_) {
            ok_ = retry("echo '" + name_ + ":" + password + "' | chpasswd");
        }
    }
    ScopedSystemUser(const ScopedSystemUser&) = delete;
    ScopedSystemUser& operator=(const ScopedSystemUser&) = delete;
    ~ScopedSystemUser() { remove(); }

    bool ok() const { return created_ && ok_; }
    const std::string& name() const { return name_; }

    // Runs a shell command about this user ("usermod -L NAME"), quietly; true on success.
    static bool run(const std::string& command)
    {
        return std::system(("( " + command + " ) >/dev/null 2>&1").c_str()) == 0;
    }

    static bool is_root() { return ::geteuid() == 0; }

private:
    // Other tests may be editing /etc/passwd at the same time: the tools then fail on its lock.
    static bool retry(const std::string& command)
    {
        for (int attempt = 0; attempt < 20; ++attempt) {
            if (run(command)) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    void remove() { retry("! id " + name_ + " || userdel " + name_); }

    std::string name_;
    bool created_ = false;
    bool ok_ = false;
};

}  // namespace roost::auth::testing
