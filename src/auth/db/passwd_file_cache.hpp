// PasswdFileCache: passwd-files read once and parsed, re-read when they change on disk; one
// cache serves a passwd-file passdb and userdb reading the same file.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/db/passwd_file_parser.hpp"
#include "core/result.hpp"

namespace roost::auth {

class PasswdFileCache {
public:
    // The cache every passwd-file driver of the process uses unless given another one.
    static std::shared_ptr<PasswdFileCache> shared();

    // The parsed content of `path`. The file is stat()ed on every call and read again when its
    // inode, size or mtime differ from the copy held. Errors keep errno's code, so a missing
    // file is std::errc::no_such_file_or_directory; the message names the path. Parser warnings
    // are logged once per read. Thread-safe; the returned parse stays valid however the file
    // changes afterwards.
    Result<std::shared_ptr<const PasswdFileParse>> get(const std::string& path);

    // How many times a file was actually read (for tests and debug logging).
    unsigned reads() const;

private:
    struct Identity {
        dev_t dev = 0;
        ino_t ino = 0;
        off_t size = 0;
        timespec mtime{};
        bool operator==(const Identity& other) const;
    };
    struct Cached {
        Identity identity;
        std::shared_ptr<const PasswdFileParse> parse;
    };

    static Result<Cached> read(const std::string& path);

    mutable std::mutex mutex_;
    std::map<std::string, Cached, std::less<>> files_;
    unsigned reads_ = 0;
};

}  // namespace roost::auth
