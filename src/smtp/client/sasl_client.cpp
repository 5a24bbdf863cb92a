#include "smtp/client/sasl_client.hpp"

#include <sasl/sasl.h>

#include <algorithm>
#include <cstring>

#include "core/strings.hpp"

namespace roost::smtp::client {
namespace {

Error sasl_error(const std::string& what, int rc, sasl_conn_t* conn = nullptr)
{
    const char* detail = conn != nullptr ? sasl_errdetail(conn) : sasl_errstring(rc, nullptr, nullptr);
    return Error{std::make_error_code(std::errc::protocol_error), what + ": " + (detail != nullptr ? detail : "")};
}

// libsasl2 stores every callback as int (*)(void); the cast through void (*)() says so on purpose.
template <class F>
int (*as_callback(F* fn))()
{
    return reinterpret_cast<int (*)()>(reinterpret_cast<void (*)()>(fn));
}

}  // namespace

struct SaslClient::Callbacks {
    sasl_callback_t list[4];

    static int simple(void* context, int id, const char** result, unsigned* len)
    {
        const auto* self = static_cast<const SaslClient*>(context);
        const std::string& value = id == SASL_CB_AUTHNAME ? self->credentials_.authname : self->credentials_.authzid;
        *result = value.c_str();
        if (len != nullptr) {
            *len = static_cast<unsigned>(value.size());
        }
        return SASL_OK;
    }

    static int pass(sasl_conn_t*, void* context, int, sasl_secret_t** secret)
    {
        auto* self = static_cast<SaslClient*>(context);
        *secret = reinterpret_cast<sasl_secret_t*>(self->secret_.data());
        return SASL_OK;
    }
};

Result<void> SaslClient::init()
{
    static const int rc = sasl_client_init(nullptr);
    if (rc != SASL_OK) {
        return sasl_error("libsasl2 client start-up", rc);
    }
    return Result<void>();
}

SaslClient::SaslClient(SaslCredentials credentials)
    : credentials_(std::move(credentials)), callbacks_(std::make_unique<Callbacks>())
{
    secret_.resize(sizeof(sasl_secret_t) + credentials_.password.size());
    auto* secret = reinterpret_cast<sasl_secret_t*>(secret_.data());
    secret->len = credentials_.password.size();
    std::memcpy(secret->data, credentials_.password.data(), credentials_.password.size());
    callbacks_->list[0] = {SASL_CB_AUTHNAME, as_callback(&Callbacks::simple), this};
    callbacks_->list[1] = {SASL_CB_USER, as_callback(&Callbacks::simple), this};
    callbacks_->list[2] = {SASL_CB_PASS, as_callback(&Callbacks::pass), this};
    callbacks_->list[3] = {SASL_CB_LIST_END, nullptr, nullptr};
}

SaslClient::~SaslClient()
{
    if (conn_ != nullptr) {
        auto* conn = static_cast<sasl_conn_t*>(conn_);
        sasl_dispose(&conn);
    }
    std::memset(secret_.data(), 0, secret_.size());
}

Result<std::unique_ptr<SaslClient>> SaslClient::create(const std::string& service, const std::string& server_name,
                                                       SaslCredentials credentials)
{
    if (auto ready = init(); !ready) {
        return ready.error();
    }
    std::unique_ptr<SaslClient> client(new SaslClient(std::move(credentials)));
    sasl_conn_t* conn = nullptr;
    const int rc = sasl_client_new(service.c_str(), server_name.c_str(), nullptr, nullptr, client->callbacks_->list,
                                   0, &conn);
    if (rc != SASL_OK) {
        return sasl_error("SASL client", rc);
    }
    client->conn_ = conn;
    // Plaintext mechanisms are what relays offer (over TLS, which the relay settings decide).
    sasl_security_properties_t props{};
    props.maxbufsize = 0;  // no SASL security layer: TLS protects the connection, or nothing does
    sasl_setprop(conn, SASL_SEC_PROPS, &props);
    return client;
}

Result<SaslClient::Start> SaslClient::start(const std::vector<std::string>& offered,
                                            const std::vector<std::string>& allowed)
{
    std::string list;
    for (const std::string& m : offered) {
        const bool ok = allowed.empty() || std::find_if(allowed.begin(), allowed.end(), [&](const std::string& a) {
                                               return iequals(a, m);
                                           }) != allowed.end();
        if (ok) {
            list += (list.empty() ? "" : " ") + m;
        }
    }
    if (list.empty()) {
        return Error{std::make_error_code(std::errc::protocol_error), "the server offers no usable SASL mechanism"};
    }
    auto* conn = static_cast<sasl_conn_t*>(conn_);
    const char* out = nullptr;
    unsigned out_len = 0;
    const char* chosen = nullptr;
    const int rc = sasl_client_start(conn, list.c_str(), nullptr, &out, &out_len, &chosen);
    if (rc != SASL_OK && rc != SASL_CONTINUE) {
        return sasl_error("SASL start (" + list + ")", rc, conn);
    }
    Start s;
    s.mechanism = chosen != nullptr ? chosen : "";
    if (out != nullptr) {
        s.initial = std::string(out, out_len);
    }
    return s;
}

Result<std::string> SaslClient::step(std::string_view challenge)
{
    auto* conn = static_cast<sasl_conn_t*>(conn_);
    const char* out = nullptr;
    unsigned out_len = 0;
    const int rc = sasl_client_step(conn, challenge.data(), static_cast<unsigned>(challenge.size()), nullptr, &out,
                                    &out_len);
    if (rc != SASL_OK && rc != SASL_CONTINUE) {
        return sasl_error("SASL step", rc, conn);
    }
    return std::string(out != nullptr ? out : "", out_len);
}

}  // namespace roost::smtp::client
