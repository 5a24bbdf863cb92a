// SaslEngine: libsasl2's global set-up, the auxprop plugin and the callbacks into the passdb.
#include "auth/sasl/sasl_engine.hpp"

#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "auth/sasl/sasl_glue.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

// Mechanisms Roost offers, with the flags Dovecot announces for them.
const MechanismInfo kKnown[] = {
    {"PLAIN", {"plaintext"}, true, false},
    {"LOGIN", {"plaintext"}, true, false},
    {"CRAM-MD5", {"dictionary", "active"}, false, true},
    {"SCRAM-SHA-1", {"mutual-auth"}, false, true},
    {"SCRAM-SHA-256", {"mutual-auth"}, false, true},
    {"EXTERNAL", {}, false, false},
    {"ANONYMOUS", {"anonymous"}, false, false},
    // Not SASL: the POP3 APOP command, run by SaslSession itself. "private": logins never list it.
    {"APOP", {"private"}, false, true},
};

// Mechanisms libsasl2 does not run (EXTERNAL is libsasl2's, but needs no plugin).
bool outside_libsasl2(const std::string& name)
{
    return name == "APOP";
}

std::string g_mech_list;  // space-separated, for libsasl2's mech_list option

int getopt_cb(void*, const char*, const char* option, const char** result, unsigned* len)
{
    const char* value = nullptr;
    if (std::strcmp(option, "auxprop_plugin") == 0) {
        value = "roost";
    } else if (std::strcmp(option, "pwcheck_method") == 0) {
        value = "auxprop";
    } else if (std::strcmp(option, "mech_list") == 0) {
        value = g_mech_list.c_str();
    } else if (std::strcmp(option, "log_level") == 0) {
        value = "2";  // errors and failures; never passwords
    }
    if (value == nullptr) {
        return SASL_FAIL;
    }
    *result = value;
    if (len != nullptr) {
        *len = static_cast<unsigned>(std::strlen(value));
    }
    return SASL_OK;
}

int log_cb(void*, int level, const char* message)
{
    if (level <= SASL_LOG_ERR) {
        log::error("sasl: ", message);
    } else {
        log::debug("sasl: ", message);
    }
    return SASL_OK;
}

int auxprop_lookup(void*, sasl_server_params_t* params, unsigned flags, const char* user, unsigned ulen)
{
    return sasl_glue::auxprop_lookup(params, flags, std::string(user, ulen));
}

sasl_auxprop_plug_t g_plugin = {
    0, 0, nullptr, nullptr, auxprop_lookup, const_cast<char*>("roost"), nullptr,  // NOLINT: libsasl2's API
};

int auxprop_init(const sasl_utils_t*, int max_version, int* out_version, sasl_auxprop_plug_t** plug, const char*)
{
    if (max_version < SASL_AUXPROP_PLUG_VERSION) {
        return SASL_BADVERS;
    }
    *out_version = SASL_AUXPROP_PLUG_VERSION;
    *plug = &g_plugin;
    return SASL_OK;
}

sasl_callback_t g_callbacks[] = {
    {SASL_CB_GETOPT, sasl_glue::callback(getopt_cb), nullptr},
    {SASL_CB_LOG, sasl_glue::callback(log_cb), nullptr},
    {SASL_CB_SERVER_USERDB_CHECKPASS, sasl_glue::callback(sasl_glue::checkpass), nullptr},
    {SASL_CB_LIST_END, nullptr, nullptr},
};

}  // namespace

Result<SaslEngine*> SaslEngine::init(const std::vector<std::string>& mechanisms)
{
    static SaslEngine engine;
    static bool initialised = false;
    std::vector<MechanismInfo> chosen;
    std::string list;
    for (const std::string& m : mechanisms) {
        const std::string upper = to_upper(m);
        const MechanismInfo* info = nullptr;
        for (const MechanismInfo& k : kKnown) {
            if (k.name == upper) {
                info = &k;
            }
        }
        if (info == nullptr) {
            return Error{std::make_error_code(std::errc::not_supported), "authentication mechanism " + m + " is not supported"};
        }
        chosen.push_back(*info);
        if (!outside_libsasl2(upper)) {
            list += (list.empty() ? "" : " ") + upper;
        }
    }
    g_mech_list = list;
    if (!initialised) {
        sasl_auxprop_add_plugin("roost", auxprop_init);
        const int rc = sasl_server_init(g_callbacks, "roost");
        if (rc != SASL_OK) {
            return Error{std::make_error_code(std::errc::io_error),
                         std::string("libsasl2 initialisation failed: ") + sasl_errstring(rc, nullptr, nullptr)};
        }
        initialised = true;
    }
    // Every mechanism asked for must really be there (libsasl2-modules provides them).
    const char* available = nullptr;
    sasl_conn_t* probe = nullptr;
    if (sasl_server_new("imap", "localhost", nullptr, nullptr, nullptr, nullptr, 0, &probe) != SASL_OK ||
        sasl_listmech(probe, nullptr, "", " ", "", &available, nullptr, nullptr) != SASL_OK) {
        if (probe != nullptr) {
            sasl_dispose(&probe);
        }
        return Error{std::make_error_code(std::errc::io_error), "libsasl2 lists no mechanisms (is libsasl2-modules installed?)"};
    }
    const std::vector<std::string_view> have = split_words(available);
    for (const MechanismInfo& m : chosen) {
        if (m.name != "EXTERNAL" && !outside_libsasl2(m.name) && std::find(have.begin(), have.end(), m.name) == have.end()) {
            sasl_dispose(&probe);
            return Error{std::make_error_code(std::errc::not_supported),
                         "libsasl2 has no " + m.name + " mechanism (install libsasl2-modules)"};
        }
    }
    sasl_dispose(&probe);
    engine.mechanisms_ = std::move(chosen);
    return &engine;
}

const MechanismInfo* SaslEngine::find(const std::string& name) const
{
    const std::string upper = to_upper(name);
    for (const MechanismInfo& m : mechanisms_) {
        if (m.name == upper) {
            return &m;
        }
    }
    return nullptr;
}

}  // namespace roost::auth
