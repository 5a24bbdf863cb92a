// Running SEARCH keys over messages.
#include "imap/worker/search_program.hpp"

#include <algorithm>

#include "imap/proto/proto_error.hpp"
#include "mail/charset.hpp"
#include "mail/header_field.hpp"
#include "mail/mail_error.hpp"
#include "mail/message_parser.hpp"
#include "mail/search_match.hpp"

namespace roost::imap {

using Key = proto::SearchKey;

Result<SearchProgram> SearchProgram::compile(const proto::SearchKey& root, const std::optional<std::string>& charset)
{
    if (charset && !mail::is_utf8_compatible(*charset) && !mail::is_known_charset(*charset)) {
        return mail::mail_error(mail::MailError::UnknownCharset, "unknown charset " + *charset);
    }
    SearchProgram program(root);
    if (auto ok = program.prepare(root, charset, 0); !ok) {
        return ok.error();
    }
    return program;
}

Result<void> SearchProgram::prepare(const proto::SearchKey& key, const std::optional<std::string>& charset,
                                    std::size_t depth)
{
    if (depth > proto::kMaxSearchDepth) {
        return proto::bad_syntax("Error in IMAP command SEARCH: Search keys nested too deeply");
    }
    const auto text = [&](mail::SearchKey::Where where, std::string field) {
        std::string needle = charset && !mail::is_utf8_compatible(*charset) ? mail::to_utf8(key.value, *charset)
                                                                              : key.value;
        text_index_[&key] = text_keys_.size();
        headers_only_ = headers_only_ && where == mail::SearchKey::Where::Header;
        text_keys_.push_back({where, std::move(field), std::move(needle)});
    };
    switch (key.kind) {
        case Key::Kind::Body: text(mail::SearchKey::Where::Body, ""); break;
        case Key::Kind::Text: text(mail::SearchKey::Where::Text, ""); break;
        case Key::Kind::Subject: text(mail::SearchKey::Where::Header, "Subject"); break;
        case Key::Kind::From: text(mail::SearchKey::Where::Header, "From"); break;
        case Key::Kind::To: text(mail::SearchKey::Where::Header, "To"); break;
        case Key::Kind::Cc: text(mail::SearchKey::Where::Header, "Cc"); break;
        case Key::Kind::Bcc: text(mail::SearchKey::Where::Header, "Bcc"); break;
        case Key::Kind::Header: text(mail::SearchKey::Where::Header, key.field); break;
        case Key::Kind::ModSeq: uses_modseq_ = true; break;
        case Key::Kind::Fuzzy:
        case Key::Kind::SavedBefore:
        case Key::Kind::SavedOn:
        case Key::Kind::SavedSince:
        case Key::Kind::SaveDateSupported:
        case Key::Kind::EmailId:
        case Key::Kind::ThreadId:
            return proto::bad_syntax("Error in IMAP command SEARCH: Unsupported search key");
        default: break;
    }
    for (const Key& child : key.children) {
        if (auto ok = prepare(child, charset, depth + 1); !ok) {
            return ok;
        }
    }
    return {};
}

// The evaluation of one message: content and text matches are computed on first need.
struct SearchProgram::Run {
    const SearchProgram& program;
    const SearchScope& scope;
    const SearchMessage& message;
    std::optional<std::optional<MessageContent>> content;
    std::optional<std::vector<char>> text_matched;
    std::optional<std::optional<std::string>> header;  // the cached header block, once asked for
    bool gone = false;

    // The message cache's header block when every text key looks at the header only (else
    // nullptr: read the file).
    const std::string* cached_header()
    {
        if (!header) {
            header.emplace();
            if (program.headers_only_ && message.cached_header) {
                *header = message.cached_header();
            }
        }
        return *header ? &**header : nullptr;
    }

    const MessageContent* get_content()
    {
        if (!content) {
            content = message.content();
        }
        if (!*content) {
            gone = true;
            return nullptr;
        }
        return &**content;
    }

    bool text_key(const Key& key)
    {
        if (!text_matched) {
            // Header keys only (SUBJECT, FROM, HEADER ...): the body need not be read at all,
            // and the message cache's header block saves reading the file.
            const std::string* cached = cached_header();
            const MessageContent* c = cached != nullptr ? nullptr : get_content();
            if (cached == nullptr && c == nullptr) {
                return false;
            }
            mail::MessageSearch search;
            for (const mail::SearchKey& k : program.text_keys_) {
                search.add(k);
            }
            if (cached != nullptr) {
                // Header keys look at the message's own fields only: no MIME parse needed.
                mail::HeaderReader reader(*cached);
                while (const auto field = reader.next()) {
                    search.on_header_field(0, *field);
                }
            } else {
                mail::MessageParser parser({}, &search);
                std::string_view data = c->data;
                if (program.headers_only_) {
                    const auto crlf = data.find("\r\n\r\n");
                    const auto lf = data.find("\n\n");
                    const auto end = std::min(crlf == std::string_view::npos ? data.size() : crlf + 4,
                                              lf == std::string_view::npos ? data.size() : lf + 2);
                    data = data.substr(0, end);
                }
                parser.feed(data);
                (void)parser.finish();
            }
            text_matched.emplace();
            for (std::size_t i = 0; i < program.text_keys_.size(); ++i) {
                text_matched->push_back(search.matched(i) ? 1 : 0);
            }
        }
        return (*text_matched)[program.text_index_.at(&key)] != 0;
    }

    // The Date: header's calendar date, or the internal date's when there is none.
    mail::Date sent_date()
    {
        std::optional<std::string> date;
        if (const std::string* cached = cached_header()) {
            // The ENVELOPE's date: the last Date field.
            mail::HeaderReader reader(*cached);
            while (const auto field = reader.next()) {
                if (field->has_colon && iequals_ascii(field->name, "date")) {
                    date = mail::replace_nuls(field->value);
                }
            }
        } else if (const MessageContent* c = get_content();
                   c != nullptr && c->structure->root().envelope && c->structure->root().envelope->date) {
            date = *c->structure->root().envelope->date;
        }
        if (date) {
            if (auto dt = mail::parse_date_time(*date)) {
                return mail::date_of(*dt);
            }
        }
        return mail::date_in_zone(message.info->internal_date, scope.zone_minutes);
    }

    bool keyword(const std::string& name) const
    {
        const auto& kw = *scope.keywords;
        for (std::size_t i = 0; i < kw.size() && i < 64; ++i) {
            if (iequals_ascii(kw[i], name)) {
                return ((message.info->keywords >> i) & 1U) != 0;
            }
        }
        return false;
    }

    static bool iequals_ascii(std::string_view a, std::string_view b)
    {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
               });
    }

    bool in_saved(std::uint32_t uid) const
    {
        return scope.saved_uids != nullptr && std::binary_search(scope.saved_uids->begin(), scope.saved_uids->end(), uid);
    }

    bool eval(const Key& key)
    {
        using storage::Flag;
        const storage::MessageInfo& m = *message.info;
        const auto has = [&](Flag f) { return m.flags.has(f); };
        switch (key.kind) {
            case Key::Kind::And:
                for (const Key& child : key.children) {
                    if (!eval(child) || gone) {
                        return false;
                    }
                }
                return true;
            case Key::Kind::Or:
                return std::any_of(key.children.begin(), key.children.end(), [&](const Key& c) { return eval(c); });
            case Key::Kind::Not: return !key.children.empty() && !eval(key.children.front());
            case Key::Kind::All: return true;
            case Key::Kind::SequenceSet:
                return key.set.is_saved() ? in_saved(m.uid) : key.set.contains(message.seq, scope.max_seq);
            case Key::Kind::Uid: return key.set.is_saved() ? in_saved(m.uid) : key.set.contains(m.uid, scope.max_uid);
            case Key::Kind::Answered: return has(Flag::Answered);
            case Key::Kind::Deleted: return has(Flag::Deleted);
            case Key::Kind::Draft: return has(Flag::Draft);
            case Key::Kind::Flagged: return has(Flag::Flagged);
            case Key::Kind::Seen: return has(Flag::Seen);
            case Key::Kind::Recent: return has(Flag::Recent);
            case Key::Kind::New: return has(Flag::Recent) && !has(Flag::Seen);
            case Key::Kind::Old: return !has(Flag::Recent);
            case Key::Kind::Unanswered: return !has(Flag::Answered);
            case Key::Kind::Undeleted: return !has(Flag::Deleted);
            case Key::Kind::Undraft: return !has(Flag::Draft);
            case Key::Kind::Unflagged: return !has(Flag::Flagged);
            case Key::Kind::Unseen: return !has(Flag::Seen);
            case Key::Kind::Keyword: return keyword(key.value);
            case Key::Kind::Unkeyword: return !keyword(key.value);
            case Key::Kind::Bcc:
            case Key::Kind::Body:
            case Key::Kind::Cc:
            case Key::Kind::From:
            case Key::Kind::Subject:
            case Key::Kind::Text:
            case Key::Kind::To:
            case Key::Kind::Header: return text_key(key);
            case Key::Kind::Before: return mail::date_in_zone(m.internal_date, scope.zone_minutes) < key.date;
            case Key::Kind::On: return mail::date_in_zone(m.internal_date, scope.zone_minutes) == key.date;
            case Key::Kind::Since: return mail::date_in_zone(m.internal_date, scope.zone_minutes) >= key.date;
            case Key::Kind::SentBefore: return sent_date() < key.date;
            case Key::Kind::SentOn: return sent_date() == key.date;
            case Key::Kind::SentSince: return sent_date() >= key.date;
            case Key::Kind::Larger:
            case Key::Kind::Smaller: {
                const auto size = message.size();
                if (!size) {
                    gone = true;
                    return false;
                }
                return key.kind == Key::Kind::Larger ? *size > key.number : *size < key.number;
            }
            case Key::Kind::Older: return m.internal_date <= scope.now - static_cast<std::int64_t>(key.number);
            case Key::Kind::Younger: return m.internal_date >= scope.now - static_cast<std::int64_t>(key.number);
            case Key::Kind::ModSeq: return m.modseq >= key.number;
            default: return false;  // refused in compile()
        }
    }
};

std::optional<bool> SearchProgram::matches(const SearchScope& scope, const SearchMessage& message) const
{
    Run run{*this, scope, message, std::nullopt, std::nullopt, std::nullopt, false};
    const bool matched = run.eval(*root_);
    if (run.gone) {
        return std::nullopt;
    }
    return matched;
}

}  // namespace roost::imap
