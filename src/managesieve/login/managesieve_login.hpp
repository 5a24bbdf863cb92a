// The ManageSieve login conversation (RFC 5804 before authentication): the capability
// greeting, CAPABILITY, STARTTLS, AUTHENTICATE with SASL (initial response allowed), NOOP,
// LOGOUT; a logged-in client is handed to the managesieve worker.
#pragma once

#include "login/login_client.hpp"

namespace roost::managesieve {

net::asio::awaitable<void> serve_managesieve_login(login::LoginClient& client);

}  // namespace roost::managesieve
