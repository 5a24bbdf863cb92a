#include "lmtp/delivery_job.hpp"

#include <charconv>
#include <system_error>
#include <type_traits>
#include <vector>

namespace roost::lmtp {
namespace {

constexpr std::size_t kMaxLengthDigits = 20;

Error malformed(const std::string& what)
{
    return Error{std::make_error_code(std::errc::protocol_error), "delivery worker: malformed " + what};
}

void put(std::string& out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ',';
}

std::string frame(std::string_view payload)
{
    std::string out;
    out.reserve(payload.size() + kMaxLengthDigits + 2);
    put(out, payload);
    return out;
}

// "<length>:" at the start of `in`: the length and where the bytes start; nullopt when the
// digits are not all there yet; an error when it cannot be a netstring.
Result<std::optional<std::pair<std::size_t, std::size_t>>> netstring_head(std::string_view in)
{
    const auto colon = in.find(':');
    if (colon == std::string_view::npos) {
        if (in.size() > kMaxLengthDigits) {
            return malformed("length");
        }
        for (char c : in) {
            if (c < '0' || c > '9') {
                return malformed("length");
            }
        }
        return std::optional<std::pair<std::size_t, std::size_t>>{};
    }
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(in.data(), in.data() + colon, length);
    if (colon == 0 || ec != std::errc() || end != in.data() + colon) {
        return malformed("length");
    }
    return std::optional<std::pair<std::size_t, std::size_t>>{std::pair{length, colon + 1}};
}

// Reads the fields of a payload in order.
class Fields {
public:
    explicit Fields(std::string_view payload) : rest_(payload) {}

    Result<std::string_view> next(const char* what)
    {
        auto head = netstring_head(rest_);
        if (!head || !*head || (*head)->second + (*head)->first >= rest_.size() ||
            rest_[(*head)->second + (*head)->first] != ',') {
            return malformed(what);
        }
        const auto [length, start] = **head;
        const std::string_view field = rest_.substr(start, length);
        rest_.remove_prefix(start + length + 1);
        return field;
    }

    Result<unsigned long long> number(const char* what)
    {
        auto field = next(what);
        if (!field) {
            return field.error();
        }
        unsigned long long n = 0;
        const auto [end, ec] = std::from_chars(field->data(), field->data() + field->size(), n);
        if (field->empty() || ec != std::errc() || end != field->data() + field->size()) {
            return malformed(what);
        }
        return n;
    }

    bool empty() const { return rest_.empty(); }

private:
    std::string_view rest_;
};

}  // namespace

std::string encode_job(const DeliveryJob& job)
{
    const worker::MailUser& u = job.user;
    std::string p;
    p.reserve(job.message.size() + 1024);
    put(p, job.kind == DeliveryJob::Kind::QuotaCheck ? "Q" : "D");
    put(p, std::to_string(job.size));
    put(p, u.name);
    put(p, std::to_string(u.uid));
    put(p, std::to_string(u.gid));
    put(p, std::to_string(u.extra_groups.size()));
    for (gid_t g : u.extra_groups) {
        put(p, std::to_string(g));
    }
    put(p, u.home);
    put(p, u.chroot);
    put(p, u.mail_location);
    put(p, std::to_string(u.fields.size()));
    for (const auth::proto::Param& f : u.fields) {
        put(p, f.key);
        put(p, f.value);
        put(p, f.has_value ? "1" : "0");
    }
    const lda::DeliveryRequest& r = job.request;
    put(p, r.sender);
    put(p, r.original_recipient);
    put(p, r.final_recipient);
    put(p, r.mailbox);
    put(p, r.refuse_over_quota ? "1" : "0");
    put(p, job.message);
    return frame(p);
}

Result<DeliveryJob> decode_job(std::string_view payload)
{
    Fields in(payload);
    DeliveryJob job;
    worker::MailUser& u = job.user;
    // Each step either fills its part or returns the error; a macro would hide the flow.
    auto text = [&in](std::string& out, const char* what) -> bool {
        auto f = in.next(what);
        if (f) {
            out = std::string(*f);
        }
        return f.ok();
    };
    auto number = [&in](auto& out, const char* what) -> bool {
        auto n = in.number(what);
        if (n) {
            out = static_cast<std::remove_reference_t<decltype(out)>>(*n);
        }
        return n.ok();
    };
    std::string kind;
    if (!text(kind, "kind") || (kind != "D" && kind != "Q") || !number(job.size, "size")) {
        return malformed("job kind");
    }
    job.kind = kind == "Q" ? DeliveryJob::Kind::QuotaCheck : DeliveryJob::Kind::Deliver;
    std::size_t groups = 0;
    if (!text(u.name, "user") || !number(u.uid, "uid") || !number(u.gid, "gid") || !number(groups, "groups") ||
        groups > 65536) {
        return malformed("job header");
    }
    u.extra_groups.resize(groups);
    for (gid_t& g : u.extra_groups) {
        if (!number(g, "group")) {
            return malformed("group");
        }
    }
    std::size_t fields = 0;
    if (!text(u.home, "home") || !text(u.chroot, "chroot") || !text(u.mail_location, "mail_location") ||
        !number(fields, "field count") || fields > 65536) {
        return malformed("user");
    }
    u.fields.resize(fields);
    for (auth::proto::Param& f : u.fields) {
        std::string flag;
        if (!text(f.key, "field") || !text(f.value, "field") || !text(flag, "field")) {
            return malformed("userdb field");
        }
        f.has_value = flag == "1";
    }
    lda::DeliveryRequest& r = job.request;
    std::string refuse;
    if (!text(r.sender, "sender") || !text(r.original_recipient, "recipient") ||
        !text(r.final_recipient, "recipient") || !text(r.mailbox, "mailbox") || !text(refuse, "flag") ||
        !text(job.message, "message") || !in.empty()) {
        return malformed("request");
    }
    r.refuse_over_quota = refuse == "1";
    return job;
}

std::string encode_result(const lda::DeliveryResult& result)
{
    std::string p;
    put(p, std::to_string(static_cast<int>(result.status)));
    put(p, result.code);
    put(p, result.text);
    return frame(p);
}

Result<lda::DeliveryResult> decode_result(std::string_view payload)
{
    Fields in(payload);
    auto status = in.number("status");
    auto code = in.next("code");
    auto text = in.next("text");
    if (!status || !code || !text || !in.empty() ||
        *status > static_cast<unsigned long long>(lda::DeliveryResult::Status::Refused)) {
        return malformed("result");
    }
    return lda::DeliveryResult{static_cast<lda::DeliveryResult::Status>(*status), std::string(*code),
                               std::string(*text)};
}

Result<std::optional<std::string>> FrameDecoder::next()
{
    auto head = netstring_head(buffer_);
    if (!head) {
        return head.error();
    }
    if (!*head) {
        return std::optional<std::string>{};
    }
    const auto [length, start] = **head;
    if (length > max_payload_) {
        return malformed("frame: too large");
    }
    if (buffer_.size() < start + length + 1) {
        return std::optional<std::string>{};
    }
    if (buffer_[start + length] != ',') {
        return malformed("frame end");
    }
    std::string payload = buffer_.substr(start, length);
    buffer_.erase(0, start + length + 1);
    return std::optional<std::string>{std::move(payload)};
}

}  // namespace roost::lmtp
