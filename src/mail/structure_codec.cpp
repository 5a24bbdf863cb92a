// MessageStructure serialisation: varints and length-prefixed strings, one record per part.
#include "mail/structure_codec.hpp"

#include "mail/mail_error.hpp"

namespace roost::mail {
namespace {

constexpr char kVersion = 1;

class Writer {
public:
    void number(std::uint64_t v)
    {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void string(std::string_view s)
    {
        number(s.size());
        out_.append(s);
    }
    void optional(const std::optional<std::string>& s)
    {
        number(s ? 1 : 0);
        if (s) {
            string(*s);
        }
    }
    void params(const std::vector<MimeParam>& params)
    {
        number(params.size());
        for (const MimeParam& p : params) {
            string(p.name);
            string(p.value);
        }
    }
    void addresses(const std::optional<AddressList>& list)
    {
        number(list ? list->size() + 1 : 0);
        if (!list) {
            return;
        }
        for (const Address& a : *list) {
            optional(a.name);
            optional(a.route);
            optional(a.mailbox);
            optional(a.domain);
        }
    }
    void size(const PartSize& s)
    {
        number(s.physical);
        number(s.virtual_size);
        number(s.lines);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == in_.size(); }

    std::uint64_t number()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) {
                ok_ = false;
                return 0;
            }
            const auto b = static_cast<unsigned char>(in_[pos_++]);
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        ok_ = false;
        return 0;
    }
    std::string string()
    {
        const std::uint64_t n = number();
        if (!ok_ || n > in_.size() - pos_) {
            ok_ = false;
            return {};
        }
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    std::optional<std::string> optional()
    {
        const std::uint64_t flag = number();
        if (flag > 1) {
            ok_ = false;
        }
        if (flag == 1 && ok_) {
            return string();
        }
        return std::nullopt;
    }
    // A count of items each taking at least `min_bytes`, checked against what is left.
    std::uint64_t count(std::uint64_t min_bytes) { return checked_count(number(), min_bytes); }
    std::vector<MimeParam> params()
    {
        std::vector<MimeParam> out(count(2));
        for (MimeParam& p : out) {
            p.name = string();
            p.value = string();
        }
        return out;
    }
    std::optional<AddressList> addresses()
    {
        // Written as size + 1 (0 for no list): an empty list takes no bytes after its count.
        const std::uint64_t n = number();
        if (n == 0 || !ok_) {
            return std::nullopt;
        }
        AddressList list(checked_count(n - 1, 4));
        for (Address& a : list) {
            a.name = optional();
            a.route = optional();
            a.mailbox = optional();
            a.domain = optional();
        }
        return list;
    }
    PartSize size()
    {
        PartSize s;
        s.physical = number();
        s.virtual_size = number();
        s.lines = number();
        return s;
    }

private:
    // `n` items of at least `min_bytes` each must fit in what is left (0 and not ok otherwise).
    std::uint64_t checked_count(std::uint64_t n, std::uint64_t min_bytes)
    {
        if (!ok_ || n > (in_.size() - pos_) / min_bytes) {
            ok_ = false;
            return 0;
        }
        return n;
    }

    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

void write_mime(Writer& w, const MimeHeader& m)
{
    w.number(m.has_content_type ? 1 : 0);
    w.string(m.type);
    w.string(m.subtype);
    w.params(m.params);
    w.optional(m.id);
    w.optional(m.description);
    w.optional(m.encoding);
    w.optional(m.body_encoding);
    w.optional(m.md5);
    w.optional(m.location);
    w.optional(m.disposition);
    w.params(m.disposition_params);
    w.number(m.languages ? m.languages->size() + 1 : 0);
    if (m.languages) {
        for (const std::string& l : *m.languages) {
            w.string(l);
        }
    }
}

void read_mime(Reader& r, MimeHeader& m)
{
    m.has_content_type = r.number() != 0;
    m.type = r.string();
    m.subtype = r.string();
    m.params = r.params();
    m.id = r.optional();
    m.description = r.optional();
    m.encoding = r.optional();
    m.body_encoding = r.optional();
    m.md5 = r.optional();
    m.location = r.optional();
    m.disposition = r.optional();
    m.disposition_params = r.params();
    const std::uint64_t n = r.count(1);
    if (n > 0) {
        m.languages.emplace(n - 1);
        for (std::string& l : *m.languages) {
            l = r.string();
        }
    }
}

void write_envelope(Writer& w, const Envelope& e)
{
    w.optional(e.date);
    w.optional(e.subject);
    w.addresses(e.from);
    w.addresses(e.sender);
    w.addresses(e.reply_to);
    w.addresses(e.to);
    w.addresses(e.cc);
    w.addresses(e.bcc);
    w.optional(e.in_reply_to);
    w.optional(e.message_id);
}

void read_envelope(Reader& r, Envelope& e)
{
    e.date = r.optional();
    e.subject = r.optional();
    e.from = r.addresses();
    e.sender = r.addresses();
    e.reply_to = r.addresses();
    e.to = r.addresses();
    e.cc = r.addresses();
    e.bcc = r.addresses();
    e.in_reply_to = r.optional();
    e.message_id = r.optional();
}

// The tree links must describe a preorder tree: checked so later navigation cannot go astray.
bool consistent(const MessageStructure& s)
{
    for (std::uint32_t i = 0; i < s.parts.size(); ++i) {
        const MessagePart& p = s.parts[i];
        if (p.subtree == 0 || i + p.subtree > s.parts.size()) {
            return false;
        }
        if (i == 0 ? p.parent != kNoPart || p.subtree != s.parts.size()
                   : p.parent >= i || i >= p.parent + s.parts[p.parent].subtree) {
            return false;
        }
        std::uint32_t children = 0;
        for (std::uint32_t c = i + 1; c < i + p.subtree; c += s.parts[c].subtree) {
            if (s.parts[c].parent != i || s.parts[c].subtree == 0) {
                return false;
            }
            ++children;
        }
        if (children != p.children) {
            return false;
        }
    }
    return !s.parts.empty();
}

}  // namespace

std::string serialize_structure(const MessageStructure& structure)
{
    Writer w;
    std::string out(1, kVersion);
    w.number(structure.parts.size());
    for (const MessagePart& p : structure.parts) {
        w.number(p.parent == kNoPart ? 0 : p.parent + 1);
        w.number(p.subtree);
        w.number(p.children);
        w.number(p.depth);
        w.number(p.flags);
        w.number(p.offset);
        w.size(p.header);
        w.size(p.body);
        write_mime(w, p.mime);
        w.number(p.envelope ? 1 : 0);
        if (p.envelope) {
            write_envelope(w, *p.envelope);
        }
    }
    return out + w.take();
}

Result<MessageStructure> deserialize_structure(std::string_view bytes)
{
    auto bad = [] { return mail_error(MailError::BadCache, "invalid cached message structure"); };
    if (bytes.empty() || bytes[0] != kVersion) {
        return bad();
    }
    Reader r(bytes.substr(1));
    MessageStructure s;
    const std::uint64_t n = r.count(16);
    if (!r.ok() || n == 0 || n > 0xffffffffu) {
        return bad();
    }
    s.parts.resize(n);
    for (MessagePart& p : s.parts) {
        const std::uint64_t parent = r.number();
        p.parent = parent == 0 ? kNoPart : static_cast<std::uint32_t>(parent - 1);
        p.subtree = static_cast<std::uint32_t>(r.number());
        p.children = static_cast<std::uint32_t>(r.number());
        p.depth = static_cast<std::uint32_t>(r.number());
        p.flags = static_cast<std::uint32_t>(r.number());
        p.offset = r.number();
        p.header = r.size();
        p.body = r.size();
        read_mime(r, p.mime);
        const std::uint64_t has_envelope = r.number();
        if (has_envelope > 1) {
            return bad();
        }
        if (has_envelope == 1) {
            read_envelope(r, p.envelope.emplace());
        }
        if (!r.ok()) {
            return bad();
        }
    }
    if (!r.at_end() || !consistent(s)) {
        return bad();
    }
    return s;
}

}  // namespace roost::mail
