// AuthCore: the decisions of the auth service, on its database thread: which mechanism a client
// may use, the SASL exchange, what an OK or FAIL carries, finished logins waiting for the
// master's REQUEST, and userdb lookups. No sockets here; the connections post work to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "auth/auth_settings.hpp"
#include "auth/passdb_chain.hpp"
#include "auth/proto/client_commands.hpp"
#include "auth/proto/master_commands.hpp"
#include "auth/proto/server_replies.hpp"
#include "auth/sasl/sasl_engine.hpp"
#include "auth/sasl/sasl_session.hpp"
#include "auth/userdb_chain.hpp"

namespace roost::auth {

// What a client connection knows about itself, passed with each request.
struct ClientIdentity {
    std::uint64_t connection = 0;  // unique per connection in this process
    std::uint32_t client_pid = 0;  // from CPID
    std::string cookie;            // sent in this connection's handshake
};

struct AuthOutcome {
    enum class Kind { Continue, Ok, Fail };
    Kind kind = Kind::Fail;
    std::string challenge;  // raw bytes, for Continue
    Fields reply;           // user=..., extra fields or reason=...
    bool delay = false;     // answer only after auth_failure_delay
    bool penalize = false;  // counts against the client's address
    std::string log;        // why, for auth_verbose (never a password)
};

class AuthCore {
public:
    AuthCore(AuthSettings settings, const SaslEngine& engine, PassdbChain passdbs, UserdbChain userdbs);

    // AUTH: `initial` is the decoded initial response (nullopt when the client sent none).
    AuthOutcome start(const ClientIdentity& client, const proto::AuthCommand& command,
                      std::optional<std::string> initial);
    // CONT for a request that is waiting; nullopt when there is no such request.
    std::optional<AuthOutcome> proceed(const ClientIdentity& client, std::uint32_t id, std::string data);
    // The client went away, or a request timed out.
    void forget(std::uint64_t connection, std::optional<std::uint32_t> id = std::nullopt);

    // Master and userdb sockets.
    proto::MasterReply user(const proto::UserLookup& lookup);
    proto::MasterReply pass(const proto::PassLookup& lookup);
    proto::MasterReply login(const proto::LoginRequest& request);
    std::vector<std::string> list_users(bool& complete);

    const SaslEngine& engine() const { return engine_; }

private:
    struct Pending {
        std::unique_ptr<RequestCredentials> credentials;
        std::unique_ptr<SaslSession> session;
        RequestInfo info;
        ClientIdentity client;
        std::uint32_t id = 0;
    };
    struct Finished {
        std::string cookie;
        std::string user;
        Fields passdb_fields;
        RequestInfo info;
        std::chrono::steady_clock::time_point at;
    };

    AuthOutcome run_step(Pending& p, std::optional<std::string> data);
    AuthOutcome success(Pending& p, SaslStep& step);
    AuthOutcome refuse(const std::string& user, std::string reason, bool public_reason, bool penalize);
    bool plaintext_allowed(const RequestInfo& info) const;
    void expire_finished();

    AuthSettings settings_;
    const SaslEngine& engine_;
    PassdbChain passdbs_;
    UserdbChain userdbs_;
    std::map<std::pair<std::uint64_t, std::uint32_t>, Pending> pending_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, Finished> finished_;  // (client pid, id)
};

}  // namespace roost::auth
