// imap-login: the IMAP conversation before authentication (CAPABILITY, NOOP, LOGOUT, STARTTLS,
// LOGIN, AUTHENTICATE with SASL-IR, ID), LOGINDISABLED until TLS where plaintext is refused,
// then the hand-over to the user's imap worker, which answers the login command's tag.
#pragma once

#include <string>

#include "login/login_client.hpp"

namespace roost::imap {

// The capabilities announced before login (mechanisms come from the auth service).
std::string pre_login_capability(login::LoginClient& client, const std::vector<std::string>& mechanisms);

net::asio::awaitable<void> serve_imap_login(login::LoginClient& client);

}  // namespace roost::imap
