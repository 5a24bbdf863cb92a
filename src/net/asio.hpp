// The one include for Boost.Asio: Boost 1.74's awaitable.hpp uses std::exchange without
// including <utility>, so it must come first.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace roost::net {
namespace asio = boost::asio;
}  // namespace roost::net
