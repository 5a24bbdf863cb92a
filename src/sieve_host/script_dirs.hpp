// ScriptDirs: the part of a Sieve host that finds included scripts (RFC 6609): "include
// :personal" reads NAME.sieve from the user's script directory, ":global" from sieve_global.
// roost-lda's environment builds on it; ManageSieve compiles uploads with it.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "sieve/environment.hpp"

namespace roost::sieve_host {

class ScriptDirs : public sieve::Environment {
public:
    ScriptDirs(std::string personal_dir, std::string global_dir)
        : personal_dir_(std::move(personal_dir)), global_dir_(std::move(global_dir))
    {
    }

    Result<std::optional<std::string>> load_script(sieve::ScriptLocation location, std::string_view name) override;

private:
    std::string personal_dir_;
    std::string global_dir_;
};

// Reads a whole file: nullopt when it does not exist, an error when it cannot be read.
Result<std::optional<std::string>> read_optional_file(const std::string& path);

}  // namespace roost::sieve_host
