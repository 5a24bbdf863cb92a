#include "lda/tracking_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <charconv>

#include "core/unique_fd.hpp"
#include "sieve/mail_composer.hpp"

namespace roost::lda {
namespace {

// Keys may hold any bytes; the file holds their 64-bit hash, one "expiry hash" per line.
std::string file_key(std::string_view key) { return sieve::hash_hex(key); }

std::string read_all(int fd)
{
    std::string out;
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

}  // namespace

TrackingStore::Entries TrackingStore::parse(std::string_view text)
{
    Entries e;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        const auto space = line.find(' ');
        std::int64_t expiry = 0;
        if (space == std::string_view::npos ||
            std::from_chars(line.data(), line.data() + space, expiry).ec != std::errc{}) {
            continue;  // a damaged line forgets one entry, nothing more
        }
        e[std::string(line.substr(space + 1))] = expiry;
    }
    return e;
}

void TrackingStore::load()
{
    if (loaded_) {
        return;
    }
    loaded_ = true;
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd) {
        entries_ = parse(read_all(fd.get()));
    }
}

bool TrackingStore::active(std::string_view key, std::int64_t now)
{
    load();
    const std::string k = file_key(key);
    for (const Entries* e : {&pending_, &entries_}) {
        if (auto it = e->find(k); it != e->end() && it->second > now) {
            return true;
        }
    }
    return false;
}

void TrackingStore::record(std::string_view key, std::int64_t expires, bool restart)
{
    const std::string k = file_key(key);
    pending_[k] = expires;
    pending_restart_[k] = restart;
}

Result<void> TrackingStore::commit(std::int64_t now)
{
    if (pending_.empty()) {
        return {};
    }
    // The lock file stays; the data file is replaced by rename so a reader never sees half.
    UniqueFd lock(::open((path_ + ".lock").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!lock || ::flock(lock.get(), LOCK_EX) != 0) {
        return errno_error("cannot lock " + path_ + ".lock");
    }
    Entries merged;
    if (UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC)); fd) {
        merged = parse(read_all(fd.get()));
    }
    for (const auto& [k, expiry] : pending_) {
        auto it = merged.find(k);
        if (it == merged.end() || it->second <= now || pending_restart_[k]) {
            merged[k] = expiry;
        }
    }
    std::string text;
    for (const auto& [k, expiry] : merged) {
        if (expiry > now) {
            text += std::to_string(expiry) + " " + k + "\n";
        }
    }
    const std::string tmp = path_ + ".tmp";
    UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!out) {
        return errno_error("cannot create " + tmp);
    }
    if (::write(out.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(out.get()) != 0) {
        return errno_error("cannot write " + tmp);
    }
    if (::rename(tmp.c_str(), path_.c_str()) != 0) {
        return errno_error("cannot rename " + tmp);
    }
    entries_ = std::move(merged);
    pending_.clear();
    pending_restart_.clear();
    return {};
}

}  // namespace roost::lda
