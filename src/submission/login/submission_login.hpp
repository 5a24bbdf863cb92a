// submission-login: the SMTP submission conversation before authentication (RFC 6409 with
// RFC 3207 STARTTLS and RFC 4954 AUTH), then the hand-over to the user's submission worker,
// which says "235 2.7.0" itself once it serves the client.
#pragma once

#include "login/login_client.hpp"

namespace roost::submission {

net::asio::awaitable<void> serve_submission_login(login::LoginClient& client);

}  // namespace roost::submission
