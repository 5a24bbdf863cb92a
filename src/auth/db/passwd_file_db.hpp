// The passwd-file driver, as passdb and as userdb: users, passwords, uid/gid/home and extra
// fields from a Dovecot passwd-file, possibly one file per domain (/etc/auth/%d/passwd).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "auth/db/passdb.hpp"
#include "auth/db/passwd_file_cache.hpp"
#include "auth/db/userdb.hpp"
#include "config/variables.hpp"
#include "core/result.hpp"

namespace roost::auth {

// `args` as Dovecot writes them: "[scheme=SCHEME] [username_format=FORMAT] PATH".
struct PasswdFileArgs {
    std::string path;              // may hold %variables
    std::string scheme = "CRYPT";  // of passwords stored without {SCHEME}
    std::string username_format = "%u";

    // Errors: no path, an empty option value, or bad %-variable syntax (the message says which).
    static Result<PasswdFileArgs> parse(std::string_view args);
};

// Finds a request's entry: the file named by the expanded path, the key by username_format.
// Shared by both drivers; keeps the parse alive as long as the entry is used.
class PasswdFile {
public:
    PasswdFile(PasswdFileArgs args, std::shared_ptr<PasswdFileCache> cache);

    enum class Status { Found, UserUnknown, TempFail };
    struct Lookup {
        Status status = Status::UserUnknown;
        std::shared_ptr<const PasswdFileParse> file;
        const PasswdFileEntry* entry = nullptr;  // points into `file` when Found
        config::Variables vars;                  // the request's variables, for extra fields
        std::string error;                       // for TempFail
    };
    Lookup find(const RequestInfo& request) const;

    // Every user of the file; false when the path has variables or the file cannot be read.
    bool iterate(const std::function<void(const std::string&)>& each) const;

    const PasswdFileArgs& args() const { return args_; }
    bool per_request_path() const { return per_request_path_; }

private:
    PasswdFileArgs args_;
    std::shared_ptr<PasswdFileCache> cache_;
    bool per_request_path_ = false;
};

// passdb passwd-file. lookup() answers Ok with the stored password ("{SCHEME}..." or bare, then
// `default_scheme` applies; libpam-pwdfile's "hash[13]"/"hash[34]" become {CRYPT}/{MD5-CRYPT})
// and every extra field with %variables expanded, userdb_* included; uid, gid and home are
// added as userdb_uid/gid/home when the line has them and no userdb_ field names them, so a
// prefetch userdb works. An empty password field is returned as an empty password: no password
// matches it, and verify() answers PasswordMismatch unless the line has `nopassword`.
class PasswdFilePassdb final : public Passdb {
public:
    explicit PasswdFilePassdb(PasswdFileArgs args,
                              std::shared_ptr<PasswdFileCache> cache = PasswdFileCache::shared());

    std::string_view driver() const override { return "passwd-file"; }
    PassdbResult lookup(const RequestInfo& request) override;
    PassdbResult verify(const RequestInfo& request, std::string_view password) override;

private:
    PasswdFile file_;
};

// userdb passwd-file: uid, gid and home from their fields (names resolved to numbers), then the
// line's userdb_* extra fields without the prefix (userdb_uid/gid/home override the fields).
// Other extra fields belong to the passdb and are ignored.
class PasswdFileUserdb final : public Userdb {
public:
    explicit PasswdFileUserdb(PasswdFileArgs args,
                              std::shared_ptr<PasswdFileCache> cache = PasswdFileCache::shared());

    std::string_view driver() const override { return "passwd-file"; }
    UserdbResult lookup(const RequestInfo& request, const Fields& passdb_fields) override;
    bool iterate(const std::function<void(const std::string&)>& each) override;

private:
    PasswdFile file_;
};

}  // namespace roost::auth
