// Handing a logged-in client to its mail worker: the descriptor and the hand-off line go over
// the worker service's unix socket (login/imap, login/pop3 ...). A plain connection leaves this
// process for good; a TLS one stays, this process relaying between the TLS session and a socket
// pair whose other end the worker got.
#pragma once

#include <string>

#include "core/result.hpp"
#include "login/client_stream.hpp"
#include "login/handoff.hpp"

namespace roost::login {

// Sends the client to the worker listening at `worker_socket` and waits for its answer. An error
// (worker unreachable, FAIL) means the client is still ours to tell and to close. On success a
// plain client's descriptor has been passed on (the caller just closes its copy); for a TLS
// client, call relay() next.
asio::awaitable<Result<void>> hand_over(ClientStream& client, const Handoff& handoff, const std::string& worker_socket,
                                        asio::local::stream_protocol::socket& relay_end);

// Whether hand_over() failed because the user has mail_max_userip_connections sessions from the
// client's address; the error's message is then fit for the client.
bool connection_limit_reached(const Error& e);

// Copies bytes both ways between the TLS client and the worker until either side closes.
asio::awaitable<void> relay(ClientStream& client, asio::local::stream_protocol::socket& worker);

}  // namespace roost::login
