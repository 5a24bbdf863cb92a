// FileSource implementations: the disk, and memory for tests.
#include "config/file_source.hpp"

#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <system_error>

namespace roost::config {

Result<std::string> DiskFileSource::read(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        return Error{std::make_error_code(std::errc::is_a_directory), path + ": Is a directory"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return errno_error(path);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> DiskFileSource::glob(const std::string& pattern)
{
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
        for (std::size_t i = 0; i < g.gl_pathc; ++i) {
            out.emplace_back(g.gl_pathv[i]);  // glob(3) sorts unless GLOB_NOSORT
        }
    }
    ::globfree(&g);
    return out;
}

bool DiskFileSource::exists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

Result<std::string> MemoryFileSource::read(const std::string& path)
{
    const auto it = files_.find(path);
    if (it == files_.end()) {
        return Error{std::make_error_code(std::errc::no_such_file_or_directory),
                     path + ": No such file or directory"};
    }
    return it->second;
}

std::vector<std::string> MemoryFileSource::glob(const std::string& pattern)
{
    std::vector<std::string> out;
    for (const auto& [path, content] : files_) {
        if (::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) {
            out.push_back(path);
        }
    }
    return out;  // std::map keeps them sorted
}

}  // namespace roost::config
