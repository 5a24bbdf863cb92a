// pop3-login: the POP3 conversation before authentication (RFC 1939 USER/PASS, RFC 2449 CAPA,
// RFC 2595 STLS, RFC 5034 AUTH), then the hand-over to the user's pop3 worker, which says
// "+OK Logged in." itself.
#pragma once

#include "login/login_client.hpp"

namespace roost::pop3 {

net::asio::awaitable<void> serve_pop3_login(login::LoginClient& client);

}  // namespace roost::pop3
