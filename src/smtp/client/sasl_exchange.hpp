// SaslExchange: one SASL login as SmtpClient's AUTH sees it: pick a mechanism, answer each
// challenge. The client carries the exchange over SMTP (base64, 334 rounds); how the responses
// are computed lives elsewhere (libsasl2's client side in SaslClient), so the SMTP client itself
// links no SASL library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace roost::smtp::client {

class SaslExchange {
public:
    virtual ~SaslExchange() = default;

    struct Start {
        std::string mechanism;
        std::optional<std::string> initial;  // the initial response, when the mechanism has one
    };
    // Chooses among `offered` (limited to `allowed` when not empty). Errors when none fits.
    virtual Result<Start> start(const std::vector<std::string>& offered,
                                const std::vector<std::string>& allowed) = 0;
    // The response to one (decoded) challenge.
    virtual Result<std::string> step(std::string_view challenge) = 0;
};

}  // namespace roost::smtp::client
