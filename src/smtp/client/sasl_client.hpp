// SaslClient: Roost logging in to another server (the submission relay) with libsasl2's client
// side. libsasl2 picks the mechanism from those the server offers and `allowed`, and computes
// each response; SmtpClient carries them over SMTP (base64 is its job).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "smtp/client/sasl_exchange.hpp"

namespace roost::smtp::client {

struct SaslCredentials {
    std::string authname;  // who logs in (the master user when one is used)
    std::string authzid;   // whom to act as; empty: the same as authname
    std::string password;
};

class SaslClient final : public SaslExchange {
public:
    // Loads libsasl2's client plugins; call once per process before any privilege drop or
    // chroot, since the plugins are files. Errors when libsasl2 cannot start.
    static Result<void> init();

    // One login to `service` ("smtp") at `server_name`.
    static Result<std::unique_ptr<SaslClient>> create(const std::string& service,
                                                      const std::string& server_name,
                                                      SaslCredentials credentials);
    ~SaslClient() override;
    SaslClient(const SaslClient&) = delete;
    SaslClient& operator=(const SaslClient&) = delete;

    Result<Start> start(const std::vector<std::string>& offered,
                        const std::vector<std::string>& allowed) override;
    Result<std::string> step(std::string_view challenge) override;

private:
    explicit SaslClient(SaslCredentials credentials);
    SaslCredentials credentials_;
    std::vector<unsigned char> secret_;  // a sasl_secret_t: its length, then the password
    struct Callbacks;                    // libsasl2's callback table and the functions in it
    std::unique_ptr<Callbacks> callbacks_;
    void* conn_ = nullptr;  // sasl_conn_t
};

}  // namespace roost::smtp::client
