// Helpers for the storage library's file-system tests: a temporary directory removed at the
// end, small file helpers and a Maildir storage opened on it.
#pragma once

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "storage/storage.hpp"

namespace roost::storage::testing {

class TempDir {
public:
    TempDir()
    {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "roost-storage-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

inline void write_text(const std::string& path, const std::string& data)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
}

inline std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Names of the regular files in `dir`, sorted.
inline std::vector<std::string> files_in(const std::string& dir)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.is_regular_file()) {
            out.push_back(e.path().filename().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline std::unique_ptr<Storage> open_maildir(const std::string& root, std::string options = "",
                                             bool fsync = false)
{
    StorageSettings settings;
    settings.mail_location = "maildir:" + root + options;
    settings.fsync = fsync;
    settings.locks.timeout = std::chrono::seconds(20);
    auto storage = open_storage(settings);
    if (!storage) {
        ADD_FAILURE() << storage.error().message;
        return nullptr;
    }
    return std::move(storage.value());
}

inline std::unique_ptr<Mailbox> open_box(Storage& storage, const std::string& name,
                                         bool read_only = false)
{
    OpenOptions options;
    options.read_only = read_only;
    auto box = storage.open_mailbox(name, options);
    if (!box) {
        ADD_FAILURE() << box.error().message;
        return nullptr;
    }
    return std::move(box.value());
}

inline std::string message_text(const std::string& subject, const std::string& body = "hello\n")
{
    return "From: a@example.org\nTo: b@example.org\nSubject: " + subject + "\n\n" + body;
}

inline std::uint32_t append_text(Mailbox& box, const std::string& data, Flags flags = {},
                                 std::vector<std::string> keywords = {},
                                 std::optional<std::int64_t> date = std::nullopt)
{
    AppendRequest req;
    req.data = data;
    req.flags = flags;
    req.keywords = std::move(keywords);
    req.internal_date = date;
    auto uid = box.append(req);
    if (!uid) {
        ADD_FAILURE() << uid.error().message;
        return 0;
    }
    return *uid;
}

}  // namespace roost::storage::testing
