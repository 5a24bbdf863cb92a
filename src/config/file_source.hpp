// FileSource: the only way the config reader reaches files, so the reader stays pure and can be
// tested and fuzzed over in-memory trees.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace roost::config {

class FileSource {
public:
    virtual ~FileSource() = default;
    // The whole content of a file.
    virtual Result<std::string> read(const std::string& path) = 0;
    // Paths matching a glob(7) pattern, sorted; empty when nothing matches.
    virtual std::vector<std::string> glob(const std::string& pattern) = 0;
    virtual bool exists(const std::string& path) = 0;
};

// The real file system.
class DiskFileSource final : public FileSource {
public:
    Result<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;
    bool exists(const std::string& path) override;
};

// Files held in memory, for tests and fuzzing. Globs support '*' and '?'.
class MemoryFileSource final : public FileSource {
public:
    void add(std::string path, std::string content) { files_[std::move(path)] = std::move(content); }
    Result<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;
    bool exists(const std::string& path) override { return files_.count(path) > 0; }

private:
    std::map<std::string, std::string> files_;
};

}  // namespace roost::config
