// The tools' Environment over files and options.
#include "sieve/tools/tool_environment.hpp"

#include <fstream>
#include <sstream>

#include "core/strings.hpp"

namespace roost::sieve::tools {

std::optional<std::string> read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string dir_of(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool ToolEnvironment::mailbox_exists(std::string_view mailbox)
{
    for (const std::string& m : mailboxes) {
        if (m == mailbox || (iequals(m, "INBOX") && iequals(mailbox, "INBOX"))) {
            return true;
        }
    }
    return false;
}

bool ToolEnvironment::duplicate_seen(std::string_view key, std::int64_t)
{
    return seen_duplicates.count(std::string(key)) > 0;
}

bool ToolEnvironment::vacation_responded(std::string_view key)
{
    return vacation_sent.count(std::string(key)) > 0;
}

Result<std::optional<std::string>> ToolEnvironment::load_script(ScriptLocation location,
                                                                std::string_view name)
{
    const std::string& dir = location == ScriptLocation::Global ? global_dir : personal_dir;
    if (dir.empty()) {
        return std::optional<std::string>();
    }
    std::optional<std::string> text = read_file(dir + "/" + std::string(name) + ".sieve");
    if (!text) {
        text = read_file(dir + "/" + std::string(name));
    }
    return text;
}

std::optional<std::string> ToolEnvironment::environment_item(std::string_view name)
{
    for (const auto& [k, v] : items) {
        if (iequals(k, name)) {
            return v;
        }
    }
    return std::nullopt;
}

Now ToolEnvironment::now()
{
    return fixed_now ? *fixed_now : Environment::now();
}

}  // namespace roost::sieve::tools
