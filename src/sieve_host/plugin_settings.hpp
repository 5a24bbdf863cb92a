// What every Sieve host (roost-lda, ManageSieve) reads from roost.conf: the plugin { }
// settings of Pigeonhole, with the userdb's fields of the same names overriding them for one
// user, turned into the engine's Settings and the script locations.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "auth/proto/fields.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "sieve/settings.hpp"
#include "sieve_host/script_chain.hpp"

namespace roost::sieve_host {

using PluginValues = std::map<std::string, std::string>;

// Every plugin key the config sets (global and protocol blocks, for `ctx`), then the userdb
// fields that name plugin settings (sieve=..., sieve_dir=..., quota_rule=..., recipient_delimiter=...).
PluginValues plugin_values(const config::Config& cfg, const config::FilterContext& ctx,
                           const std::vector<auth::proto::Param>& user_fields = {});

// sieve, sieve_dir, sieve_default (or sieve_global_path), sieve_global (or sieve_global_dir),
// sieve_before, sieve_before2, ... and the same for sieve_after.
ScriptSettings script_settings(const PluginValues& plugin);

// `base` with every sieve_* engine setting applied (limits, extensions, vacation, spamtest).
// Errors name the plugin key.
Result<sieve::Settings> engine_settings(const PluginValues& plugin, sieve::Settings base);

// sieve_environment_NAME values by NAME.
std::map<std::string, std::string> environment_items(const PluginValues& plugin);

}  // namespace roost::sieve_host
