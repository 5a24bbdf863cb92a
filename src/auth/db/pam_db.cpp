// The PAM passdb.
#include "auth/db/pam_db.hpp"

#include <security/pam_appl.h>

#include <cstdlib>
#include <cstring>

#include "core/log.hpp"
#include "core/strings.hpp"

namespace roost::auth {
namespace {

// What the conversation function answers with, and what the modules told us.
struct Conversation {
    std::string_view user;
    std::string_view password;
    std::string message;  // the last PAM_ERROR_MSG / PAM_TEXT_INFO, for failure_show_msg
};

void free_responses(pam_response* responses, int count)
{
    for (int i = 0; i < count; ++i) {
        std::free(responses[i].resp);
    }
    std::free(responses);
}

// Answers the password prompt (echo off) with the password and the name prompt (echo on) with
// the user; other prompts (one-time codes ...) cannot be answered by a mail client's login.
int converse(int count, const pam_message** messages, pam_response** reply, void* data)
{
    if (count <= 0 || count > PAM_MAX_NUM_MSG || messages == nullptr || reply == nullptr) {
        return PAM_CONV_ERR;
    }
    auto& conv = *static_cast<Conversation*>(data);
    // PAM frees the array and every resp with free(), so they come from malloc.
    auto* responses = static_cast<pam_response*>(
        std::calloc(static_cast<std::size_t>(count), sizeof(pam_response)));
    if (responses == nullptr) {
        return PAM_BUF_ERR;
    }
    for (int i = 0; i < count; ++i) {
        const pam_message& m = *messages[i];
        std::string_view answer;
        switch (m.msg_style) {
            case PAM_PROMPT_ECHO_OFF:
                answer = conv.password;
                break;
            case PAM_PROMPT_ECHO_ON:
                answer = conv.user;
                break;
            case PAM_ERROR_MSG:
            case PAM_TEXT_INFO:
                conv.message = m.msg == nullptr ? "" : m.msg;
                log::debug("pam(", conv.user, "): ", conv.message);
                continue;
            default:
                free_responses(responses, count);
                return PAM_CONV_ERR;
        }
        responses[i].resp = strndup(answer.data(), answer.size());
        if (responses[i].resp == nullptr) {
            free_responses(responses, count);
            return PAM_BUF_ERR;
        }
    }
    *reply = responses;
    return PAM_SUCCESS;
}

// PAM modules sleep after a failure (pam_unix: 2 s) unless the application takes the delay
// over; the auth service has its own auth_failure_delay, which does not block a thread.
void no_delay(int status, unsigned delay_usec, void* data)
{
    (void)status;
    (void)delay_usec;
    (void)data;
}

// Owns a PAM transaction: pam_end with the last status when it goes away.
class Transaction {
public:
    explicit Transaction(pam_handle_t* handle) : handle_(handle) {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() { ::pam_end(handle_, status_); }

    pam_handle_t* get() const { return handle_; }
    int record(int status) { return status_ = status; }
    std::string text(int status) const { return ::pam_strerror(handle_, status); }

private:
    pam_handle_t* handle_;
    int status_ = PAM_SUCCESS;
};

enum class Stage { Authenticate, Account, Credentials, Session };

std::string_view stage_name(Stage stage)
{
    switch (stage) {
        case Stage::Authenticate:
            return "pam_authenticate";
        case Stage::Account:
            return "pam_acct_mgmt";
        case Stage::Credentials:
            return "pam_setcred";
        case Stage::Session:
            return "pam_open_session";
    }
    return "pam";
}

PassdbStatus status_of(int pam_status, Stage stage)
{
    switch (pam_status) {
        case PAM_SUCCESS:
            return PassdbStatus::Ok;
        // The account stack refusing a user whose password was right: Debian's common-account
        // turns pam_unix's PAM_ACCT_EXPIRED into pam_deny's PAM_AUTH_ERR, so the stage decides.
        case PAM_AUTH_ERR:
        case PAM_PERM_DENIED:
            return stage == Stage::Account ? PassdbStatus::UserDisabled
                                           : PassdbStatus::PasswordMismatch;
        // Wrong password and unknown user look the same to the client.
        case PAM_USER_UNKNOWN:
        case PAM_MAXTRIES:
        case PAM_CRED_INSUFFICIENT:
            return PassdbStatus::PasswordMismatch;
        case PAM_NEW_AUTHTOK_REQD:
        case PAM_ACCT_EXPIRED:
            return PassdbStatus::UserDisabled;
        default:
            return PassdbStatus::TempFail;  // PAM_AUTHINFO_UNAVAIL, PAM_SYSTEM_ERR, PAM_CONV_ERR
                                            // ...
    }
}

}  // namespace

Result<PamArgs> PamArgs::parse(std::string_view args)
{
    PamArgs out;
    bool named = false;
    for (const std::string_view word : split_words(args)) {
        const std::size_t eq = word.find('=');
        if (eq == std::string_view::npos) {
            if (named) {
                return Error{
                    std::make_error_code(std::errc::invalid_argument),
                    "passdb pam: more than one service name in args: " + std::string(args)};
            }
            named = true;
            if (word == "*") {
                out.service_from_request = true;
            } else {
                out.service = std::string(word);
            }
            continue;
        }
        const std::string_view key = word.substr(0, eq);
        const std::string_view value = word.substr(eq + 1);
        const bool yes = value == "yes" || value == "y";
        if (key == "session") {
            out.session = yes;
        } else if (key == "setcred") {
            out.setcred = yes;
        } else if (key == "failure_show_msg") {
            out.failure_show_msg = yes;
        } else if (key != "max_requests" && key != "cache_key") {
            return Error{std::make_error_code(std::errc::invalid_argument),
                         "passdb pam: unknown argument " + std::string(word)};
        }
    }
    return out;
}

PassdbResult PamPassdb::lookup(const RequestInfo& request)
{
    PassdbResult out;
    out.user = request.user;
    out.status = PassdbStatus::TempFail;
    out.error =
        "passdb pam cannot look users up without a password (use a passwd or static userdb "
        "with allow_all_users=yes)";
    return out;
}

PassdbResult PamPassdb::verify(const RequestInfo& request, std::string_view password)
{
    PassdbResult out;
    out.user = request.user;
    const std::string service =
        args_.service_from_request && !request.service.empty() ? request.service : args_.service;

    Conversation conv{request.user, password, {}};
    const pam_conv pam_conversation{&converse, &conv};
    pam_handle_t* handle = nullptr;
    const int started =
        ::pam_start(service.c_str(), request.user.c_str(), &pam_conversation, &handle);
    if (started != PAM_SUCCESS || handle == nullptr) {
        out.status = PassdbStatus::TempFail;
        out.error = "pam_start(" + service + ") failed: " + ::pam_strerror(handle, started);
        if (handle != nullptr) {
            ::pam_end(handle, started);
        }
        return out;
    }
    Transaction pam(handle);

    const auto fail = [&](Stage stage, int status) {
        pam.record(status);
        out.status = status_of(status, stage);
        out.error =
            std::string(stage_name(stage)) + "(" + service + ") failed: " + pam.text(status);
        if (args_.failure_show_msg && out.status != PassdbStatus::TempFail) {
            set_field(out.extra, "reason", conv.message.empty() ? pam.text(status) : conv.message);
        }
        log::debug("pam(", request.user, "): ", out.error);
        return out;
    };

    // pam_access and pam_tally match on these; Dovecot sets the same two items.
    if (!request.remote_ip.empty()) {
        if (const int s = ::pam_set_item(handle, PAM_RHOST, request.remote_ip.c_str());
            s != PAM_SUCCESS) {
            return fail(Stage::Authenticate, s);
        }
    }
    if (const int s = ::pam_set_item(handle, PAM_TTY, service.c_str()); s != PAM_SUCCESS) {
        return fail(Stage::Authenticate, s);
    }
    void (*delay)(int, unsigned, void*) = &no_delay;
    if (const int s = ::pam_set_item(handle, PAM_FAIL_DELAY, reinterpret_cast<const void*>(delay));
        s != PAM_SUCCESS) {
        return fail(Stage::Authenticate, s);
    }

    // A null password must not open an account that has none ("nullok" in common-auth).
    if (const int s = ::pam_authenticate(handle, PAM_DISALLOW_NULL_AUTHTOK); s != PAM_SUCCESS) {
        return fail(Stage::Authenticate, s);
    }
    if (const int s = ::pam_acct_mgmt(handle, PAM_DISALLOW_NULL_AUTHTOK); s != PAM_SUCCESS) {
        return fail(Stage::Account, s);
    }
    // Sessions and credentials are opened and closed at once: the auth process is not where the
    // user's session lives, but modules such as pam_mkhomedir or lastlog act on opening.
    if (args_.setcred) {
        if (const int s = ::pam_setcred(handle, PAM_ESTABLISH_CRED); s != PAM_SUCCESS) {
            return fail(Stage::Credentials, s);
        }
    }
    if (args_.session) {
        if (const int s = ::pam_open_session(handle, 0); s != PAM_SUCCESS) {
            return fail(Stage::Session, s);
        }
        ::pam_close_session(handle, 0);
    }
    if (args_.setcred) {
        ::pam_setcred(handle, PAM_DELETE_CRED);
    }

    const void* item = nullptr;
    if (::pam_get_item(handle, PAM_USER, &item) == PAM_SUCCESS && item != nullptr) {
        out.user = static_cast<const char*>(item);
    }
    out.status = PassdbStatus::Ok;
    return out;
}

}  // namespace roost::auth
