// What the LMTP session process and a delivery worker (a process running as the recipient's
// uid) say to each other over their socket pair: a job (the user, the envelope and the message)
// and its result, each one netstring frame ("<length>:<bytes>,") of netstring fields. Pure: no
// I/O, so the framing is tested fed whole and byte by byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "lda/deliver.hpp"
#include "worker/mail_user.hpp"

namespace roost::lmtp {

struct DeliveryJob {
    // Deliver the message, or only check the user's quota at RCPT (lmtp_rcpt_check_quota).
    enum class Kind { Deliver, QuotaCheck };
    Kind kind = Kind::Deliver;
    std::uint64_t size = 0;  // QuotaCheck: the size MAIL announced (0: unknown)
    worker::MailUser user;
    lda::DeliveryRequest request;
    std::string message;
};

// One frame holding the encoded job or result.
std::string encode_job(const DeliveryJob& job);
std::string encode_result(const lda::DeliveryResult& result);

// The payload of a frame back into a job or result; an error names what is malformed.
Result<DeliveryJob> decode_job(std::string_view payload);
Result<lda::DeliveryResult> decode_result(std::string_view payload);

// Splits a byte stream into frame payloads.
class FrameDecoder {
public:
    explicit FrameDecoder(std::size_t max_payload) : max_payload_(max_payload) {}

    void feed(std::string_view bytes) { buffer_ += bytes; }
    // The next whole payload, nullopt while more bytes are needed, or an error for a stream
    // that is not frames (or one over the limit): the peer is then broken and must be dropped.
    Result<std::optional<std::string>> next();

private:
    std::size_t max_payload_;
    std::string buffer_;
};

}  // namespace roost::lmtp
