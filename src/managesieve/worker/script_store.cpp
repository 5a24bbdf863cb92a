#include "managesieve/worker/script_store.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/unique_fd.hpp"
#include "mail/utf8.hpp"

namespace roost::managesieve {
namespace {

class ScriptCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "sieve-script"; }
    std::string message(int c) const override
    {
        switch (static_cast<ScriptError>(c)) {
        case ScriptError::Ok: return "ok";
        case ScriptError::NonExistent: return "no such script";
        case ScriptError::Active: return "the script is active";
        case ScriptError::AlreadyExists: return "a script of that name exists";
        case ScriptError::BadName: return "invalid script name";
        case ScriptError::QuotaMaxScripts: return "too many scripts";
        case ScriptError::QuotaMaxSize: return "script too large";
        case ScriptError::QuotaStorage: return "quota exceeded";
        case ScriptError::Io: return "file system error";
        }
        return "unknown";
    }
};

Error script_error(ScriptError e, std::string message)
{
    return Error{make_error_code(e), std::move(message)};
}

Error io_error(const std::string& what)
{
    const int err = errno;
    return script_error(ScriptError::Io, what + ": " + std::generic_category().message(err));
}

std::string parent_of(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

const std::error_category& script_category()
{
    static const ScriptCategory c;
    return c;
}

ScriptError script_error_of(const Error& e)
{
    return e.code.category() == script_category() ? static_cast<ScriptError>(e.code.value()) : ScriptError::Io;
}

bool ScriptStore::valid_name(std::string_view name)
{
    if (name.empty() || name.size() > 255 || name[0] == '.' || name.find('/') != std::string_view::npos ||
        !mail::is_valid_utf8(name)) {
        return false;
    }
    for (std::size_t i = 0; i < name.size();) {
        const char32_t cp = mail::utf8_next(name, i);
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
            return false;
        }
    }
    return true;
}

Result<void> ScriptStore::ensure_dir() const
{
    if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
        return io_error("mkdir " + dir_);
    }
    return {};
}

Result<std::vector<ScriptEntry>> ScriptStore::list() const
{
    std::vector<ScriptEntry> out;
    DIR* d = ::opendir(dir_.c_str());
    if (d == nullptr) {
        if (errno == ENOENT) {
            return out;
        }
        return io_error("opendir " + dir_);
    }
    const std::optional<std::string> active = active_name();
    while (const dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n.size() <= 6 || !n.ends_with(".sieve") || n[0] == '.') {
            continue;
        }
        n.remove_suffix(6);
        out.push_back({std::string(n), active && *active == n});
    }
    ::closedir(d);
    std::sort(out.begin(), out.end(), [](const ScriptEntry& a, const ScriptEntry& b) { return a.name < b.name; });
    return out;
}

Result<std::string> ScriptStore::get(std::string_view name) const
{
    if (!valid_name(name)) {
        return script_error(ScriptError::BadName, "Invalid script name.");
    }
    UniqueFd fd(::open(path_of(name).c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return errno == ENOENT ? script_error(ScriptError::NonExistent, "There is no script by that name.")
                               : io_error("open " + path_of(name));
    }
    std::string text;
    char buf[16384];
    ssize_t n;
    while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) {
        text.append(buf, static_cast<std::size_t>(n));
    }
    if (n < 0) {
        return io_error("read " + path_of(name));
    }
    return text;
}

Result<void> ScriptStore::check_space(std::string_view name, std::uint64_t size) const
{
    if (!valid_name(name)) {
        return script_error(ScriptError::BadName, "Invalid script name.");
    }
    if (quota_.max_script_size != 0 && size > quota_.max_script_size) {
        return script_error(ScriptError::QuotaMaxSize, "Script is too large.");
    }
    auto scripts = list();
    if (!scripts) {
        return scripts.error();
    }
    const bool replacing = std::any_of(scripts->begin(), scripts->end(), [&](const ScriptEntry& e) { return e.name == name; });
    if (quota_.max_scripts != 0 && !replacing && scripts->size() + 1 > quota_.max_scripts) {
        return script_error(ScriptError::QuotaMaxScripts, "Script count quota exceeded.");
    }
    if (quota_.max_storage != 0) {
        std::uint64_t total = size;
        for (const ScriptEntry& e : *scripts) {
            struct stat st {};
            if (e.name != name && ::stat(path_of(e.name).c_str(), &st) == 0) {
                total += static_cast<std::uint64_t>(st.st_size);
            }
        }
        if (total > quota_.max_storage) {
            return script_error(ScriptError::QuotaStorage, "Script storage quota exceeded.");
        }
    }
    return {};
}

Result<void> ScriptStore::put(std::string_view name, std::string_view text)
{
    if (auto space = check_space(name, text.size()); !space) {
        return space;
    }
    if (auto made = ensure_dir(); !made) {
        return made;
    }
    const std::string tmp = dir_ + "/.tmp." + std::to_string(::getpid()) + "." + std::string(name);
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) {
        return io_error("create " + tmp);
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n <= 0) {
            ::unlink(tmp.c_str());
            return io_error("write " + tmp);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0 || ::rename(tmp.c_str(), path_of(name).c_str()) != 0) {
        ::unlink(tmp.c_str());
        return io_error("save " + path_of(name));
    }
    return {};
}

std::optional<std::string> ScriptStore::active_name() const
{
    char target[4096];
    const ssize_t n = ::readlink(link_.c_str(), target, sizeof target - 1);
    if (n <= 0) {
        return std::nullopt;
    }
    std::string t(target, static_cast<std::size_t>(n));
    const auto slash = t.rfind('/');
    std::string base = slash == std::string::npos ? t : t.substr(slash + 1);
    if (base.size() <= 6 || !base.ends_with(".sieve")) {
        return std::nullopt;
    }
    base.resize(base.size() - 6);
    struct stat st {};
    if (!valid_name(base) || ::stat(path_of(base).c_str(), &st) != 0) {
        return std::nullopt;
    }
    return base;
}

Result<void> ScriptStore::set_active(std::string_view name)
{
    if (name.empty()) {
        struct stat st {};
        if (::lstat(link_.c_str(), &st) == 0 && S_ISLNK(st.st_mode) && ::unlink(link_.c_str()) != 0) {
            return io_error("unlink " + link_);
        }
        return {};
    }
    if (!valid_name(name)) {
        return script_error(ScriptError::BadName, "Invalid script name.");
    }
    struct stat st {};
    if (::stat(path_of(name).c_str(), &st) != 0) {
        return script_error(ScriptError::NonExistent, "There is no script by that name.");
    }
    // A script written by hand at the active path is kept as a script, as Pigeonhole does.
    if (::lstat(link_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        const std::string keep = path_of("dovecot.orig");
        if (::rename(link_.c_str(), keep.c_str()) != 0) {
            return io_error("move " + link_ + " to " + keep);
        }
    }
    // The link is relative when the directory is below the link's directory.
    const std::string link_dir = parent_of(link_);
    std::string target = path_of(name);
    if (target.starts_with(link_dir + "/")) {
        target = target.substr(link_dir.size() + 1);
    }
    const std::string tmp = link_ + ".roost-tmp";
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) != 0) {
        return io_error("symlink " + tmp);
    }
    if (::rename(tmp.c_str(), link_.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return io_error("rename " + tmp + " to " + link_);
    }
    return {};
}

Result<void> ScriptStore::remove(std::string_view name)
{
    if (!valid_name(name)) {
        return script_error(ScriptError::BadName, "Invalid script name.");
    }
    if (active_name() == name) {
        return script_error(ScriptError::Active, "Cannot delete the active script.");
    }
    if (::unlink(path_of(name).c_str()) != 0) {
        return errno == ENOENT ? script_error(ScriptError::NonExistent, "There is no script by that name.")
                               : io_error("unlink " + path_of(name));
    }
    return {};
}

Result<void> ScriptStore::rename(std::string_view from, std::string_view to)
{
    if (!valid_name(from) || !valid_name(to)) {
        return script_error(ScriptError::BadName, "Invalid script name.");
    }
    struct stat st {};
    if (::stat(path_of(from).c_str(), &st) != 0) {
        return script_error(ScriptError::NonExistent, "There is no script by that name.");
    }
    if (::stat(path_of(to).c_str(), &st) == 0) {
        return script_error(ScriptError::AlreadyExists, "A script by that name already exists.");
    }
    const bool was_active = active_name() == from;
    // link() refuses to replace, so a concurrent PUTSCRIPT of `to` is never overwritten.
    if (::link(path_of(from).c_str(), path_of(to).c_str()) != 0) {
        return errno == EEXIST ? script_error(ScriptError::AlreadyExists, "A script by that name already exists.")
                               : io_error("link " + path_of(to));
    }
    if (was_active) {
        if (auto a = set_active(to); !a) {
            ::unlink(path_of(to).c_str());
            return a;
        }
    }
    ::unlink(path_of(from).c_str());
    return {};
}

}  // namespace roost::managesieve
