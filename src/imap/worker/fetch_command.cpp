// FETCH and UID FETCH: flags, dates, sizes, ENVELOPE, BODY[STRUCTURE], BODY[section]<partial>,
// the RFC822 forms, BINARY[.SIZE] (RFC 3516), MODSEQ and CHANGEDSINCE (RFC 7162). A body fetch
// that is not a PEEK sets \Seen first and reports FLAGS with the message.
#include <algorithm>
#include <ctime>

#include "core/log.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/session.hpp"
#include "mail/imap/binary_reader.hpp"
#include "mail/imap/body_structure_writer.hpp"
#include "mail/imap/envelope_writer.hpp"
#include "mail/imap/preview.hpp"
#include "mail/imap/section_reader.hpp"
#include "mail/mail_error.hpp"
#include "storage/cache/cached_fields.hpp"
#include "storage/cache/message_cache.hpp"
#include "storage/storage_error.hpp"

namespace roost::imap {
namespace {

using Att = proto::FetchAtt;

// Minutes east of UTC of the server's zone at `t`: INTERNALDATE is shown in local time.
int local_zone_minutes(std::int64_t t)
{
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    ::localtime_r(&tt, &tm);
    return static_cast<int>(tm.tm_gmtoff / 60);
}

bool needs_content(const Att& att)
{
    switch (att.kind) {
        case Att::Kind::Flags:
        case Att::Kind::InternalDate:
        case Att::Kind::Uid:
        case Att::Kind::ModSeq:
        case Att::Kind::Rfc822Size:
            return false;
        default:
            return true;
    }
}

// The cached field that answers `att` without the message file (doc/storage-cache.md), if any.
std::optional<storage::cache::CacheField> cache_field_for(const Att& att)
{
    using storage::cache::CacheField;
    switch (att.kind) {
        case Att::Kind::Envelope: return CacheField::Envelope;
        case Att::Kind::Body: return CacheField::Body;
        case Att::Kind::BodyStructure: return CacheField::BodyStructure;
        case Att::Kind::Rfc822Header:
        case Att::Kind::BodySection:
            if (storage::cache::is_cached_header_section(att.content_item()->section)) {
                return CacheField::Header;
            }
            return std::nullopt;
        default: return std::nullopt;
    }
}

// The cached fields of `uid` when they answer every item, otherwise nullopt (read the file).
std::optional<storage::cache::CachedMessage> cached_answer(storage::cache::MessageCache* cache,
                                                           const std::vector<Att>& items, std::uint32_t uid)
{
    if (cache == nullptr) {
        return std::nullopt;
    }
    for (const Att& att : items) {
        if (needs_content(att) && !cache_field_for(att)) {
            return std::nullopt;
        }
    }
    auto cached = cache->find(uid);
    for (const Att& att : items) {
        if (cached && needs_content(att) && !(*cached)[*cache_field_for(att)]) {
            cached.reset();  // e.g. a header too big to cache
        }
    }
    return cached;
}

}  // namespace

Reply Session::cmd_fetch(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const auto& args = std::get<proto::FetchArgs>(cmd.args);
    if (args.vanished && !qresync_) {
        return Reply::bad("Error in IMAP command UID FETCH: QRESYNC isn't enabled");
    }
    bool sets_seen = false;
    bool wants_flags = false;
    bool wants_modseq = false;
    for (const Att& att : args.items) {
        switch (att.kind) {
            case Att::Kind::SaveDate:
            case Att::Kind::EmailId:
            case Att::Kind::ThreadId:
                return Reply::bad("Error in IMAP command FETCH: Unknown parameter " + att.response_name());
            case Att::Kind::Flags: wants_flags = true; break;
            case Att::Kind::ModSeq: wants_modseq = true; break;
            default: break;
        }
        sets_seen = sets_seen || att.sets_seen();
    }
    // CHANGEDSINCE implies MODSEQ (RFC 7162 3.1.4.1).
    const bool add_modseq = args.changed_since.has_value() && !wants_modseq;
    if (!condstore_ && (wants_modseq || add_modseq)) {
        // The first CONDSTORE enabling command tells the mailbox's HIGHESTMODSEQ (RFC 7162 3.1).
        condstore_ = true;
        const auto highest =
            proto::ResponseCode::with_number(Kind::HighestModSeq, box_->highest_modseq());
        proto::StatusResponse{{}, proto::Status::Ok, highest, "Highest"}.append_to(out());
    }
    Reply bad;
    auto seqs = resolve(args.set, cmd.uid, bad);
    if (!seqs) {
        return bad;
    }
    if (args.changed_since) {
        std::erase_if(*seqs, [&](std::uint32_t seq) { return box_->message(seq).modseq <= *args.changed_since; });
    }
    if (args.vanished) {
        send_vanished_earlier(args.set);  // before the FETCH responses, as Dovecot (qresync.cpp)
    }

    // \Seen first, in one store for every message that lacks it (RFC 3501 6.4.5).
    std::vector<std::uint32_t> newly_seen;
    if (sets_seen && !box_->read_only()) {
        for (const std::uint32_t seq : *seqs) {
            if (!box_->message(seq).flags.has(storage::Flag::Seen)) {
                newly_seen.push_back(box_->message(seq).uid);
            }
        }
        if (!newly_seen.empty()) {
            auto stored = box_->store(newly_seen, storage::StoreMode::Add, storage::Flags(storage::Flag::Seen), {});
            if (!stored) {
                return failure(stored.error(), box_client_name_);
            }
            newly_seen = std::move(*stored);
            std::sort(newly_seen.begin(), newly_seen.end());
        }
    }

    const bool any_content = std::any_of(args.items.begin(), args.items.end(), needs_content);
    storage::cache::MessageCache* cache = any_content ? box_->message_cache() : nullptr;
    const bool wants_body = std::any_of(args.items.begin(), args.items.end(),
                                        [](const Att& att) { return att.kind == Att::Kind::Body; });
    bool expunged = false;
    for (const std::uint32_t seq : *seqs) {
        const storage::MessageInfo& info = box_->message(seq);
        proto::FetchResponse fr(seq);
        bool uid_sent = false;
        if (cmd.uid) {
            fr.add_number("UID", info.uid);
            uid_sent = true;
        }
        const LoadedMessage* msg = nullptr;
        auto cached = cached_answer(cache, args.items, info.uid);
        const bool from_cache = cached.has_value();
        bool gone = false;
        std::optional<Reply> failed;
        for (const Att& att : args.items) {
            if (needs_content(att) && msg == nullptr && !from_cache) {
                auto loaded = load_message(info.uid);
                if (!loaded) {
                    if (storage::storage_code_of(loaded.error()) != storage::StorageError::Expunged) {
                        failed = failure(loaded.error(), box_client_name_);
                    }
                    gone = true;
                    break;
                }
                msg = *loaded;
                bool add = cache != nullptr && !cache->contains(info.uid);
                if (cache != nullptr && !add && wants_body) {
                    // BODY is cached once a client asks for it: a later record replaces this one.
                    const auto existing = cache->find(info.uid);
                    add = existing && !(*existing)[storage::cache::CacheField::Body];
                }
                if (add) {
                    // Computed once, for the cache and for this answer.
                    cached = storage::cache::cached_fields_of(msg->structure, msg->data, wants_body);
                    cache->add(info.uid, *cached);
                }
            }
            switch (att.kind) {
                case Att::Kind::Flags: fr.add_flags(message_flags(seq)); break;
                case Att::Kind::Uid:
                    if (!uid_sent) {
                        fr.add_number("UID", info.uid);
                        uid_sent = true;
                    }
                    break;
                case Att::Kind::InternalDate:
                    fr.add_internal_date(info.internal_date, local_zone_minutes(info.internal_date));
                    break;
                case Att::Kind::ModSeq:
                    fr.add_modseq(info.modseq);
                    shown_modseq(info.modseq);
                    break;
                case Att::Kind::Rfc822Size: {
                    auto size = box_->virtual_size(seq);
                    if (!size) {
                        gone = true;
                        break;
                    }
                    fr.add_number("RFC822.SIZE", *size);
                    break;
                }
                case Att::Kind::Envelope:
                    if (cached) {
                        fr.add_raw("ENVELOPE") += *(*cached)[storage::cache::CacheField::Envelope];
                        break;
                    }
                    mail::imap::write_envelope(fr.add_raw("ENVELOPE"),
                                               msg->structure.root().envelope.value_or(mail::Envelope{}));
                    break;
                case Att::Kind::Body:
                case Att::Kind::BodyStructure: {
                    const bool extended = att.kind == Att::Kind::BodyStructure;
                    if (cached) {
                        fr.add_raw(extended ? "BODYSTRUCTURE" : "BODY") += *(*cached)[*cache_field_for(att)];
                        break;
                    }
                    mail::imap::write_body_structure(fr.add_raw(extended ? "BODYSTRUCTURE" : "BODY"), msg->structure, 0,
                                                     extended);
                    break;
                }
                case Att::Kind::Rfc822:
                case Att::Kind::Rfc822Header:
                case Att::Kind::Rfc822Text:
                case Att::Kind::BodySection: {
                    const auto item = att.content_item();
                    auto from_header = cached ? storage::cache::header_section_from_cache(*cached, item->section)
                                              : std::nullopt;
                    const std::string data = from_header ? std::move(*from_header)
                                                         : mail::imap::read_section(msg->structure, msg->data,
                                                                                    item->section);
                    const std::string_view sent =
                        item->partial ? mail::imap::apply_partial(data, *item->partial) : std::string_view(data);
                    counts_.fetched(is_header_section(item->section), info.uid, sent.size());
                    fr.add_literal(att.response_name(), sent);
                    break;
                }
                case Att::Kind::Binary: {
                    auto data = mail::imap::read_binary(msg->structure, msg->data, att.section);
                    if (!data) {
                        failed = data.error().code == mail::make_error_code(mail::MailError::UnknownEncoding)
                                     ? Reply::no("Unknown Content-Transfer-Encoding.",
                                                 proto::ResponseCode::simple(Kind::UnknownCte))
                                     : Reply::bad("Error in IMAP command FETCH: Invalid BINARY section");
                        break;
                    }
                    const std::string_view view = att.partial ? mail::imap::apply_partial(data->data, *att.partial)
                                                              : std::string_view(data->data);
                    counts_.fetched(is_header_section(att.section), info.uid, view.size());
                    fr.add_literal(att.response_name(), view, data->binary);
                    break;
                }
                case Att::Kind::BinarySize: {
                    auto size = mail::imap::binary_size(msg->structure, msg->data, att.section);
                    if (!size) {
                        failed = size.error().code == mail::make_error_code(mail::MailError::UnknownEncoding)
                                     ? Reply::no("Unknown Content-Transfer-Encoding.",
                                                 proto::ResponseCode::simple(Kind::UnknownCte))
                                     : Reply::bad("Error in IMAP command FETCH: Invalid BINARY section");
                        break;
                    }
                    fr.add_number(att.response_name(), *size);
                    break;
                }
                case Att::Kind::Preview:
                    fr.add_nstring("PREVIEW", mail::imap::preview_text(msg->structure, msg->data));
                    break;
                case Att::Kind::SaveDate:
                case Att::Kind::EmailId:
                case Att::Kind::ThreadId:
                    break;  // refused above
            }
            if (gone || failed) {
                break;
            }
        }
        if (failed) {
            return *failed;
        }
        if (gone) {
            expunged = true;  // another session expunged it: leave it out (Dovecot does too)
            continue;
        }
        if (!wants_flags && std::binary_search(newly_seen.begin(), newly_seen.end(), info.uid)) {
            fr.add_flags(message_flags(seq));
        }
        if (add_modseq ||
            (condstore_ && !wants_modseq && std::binary_search(newly_seen.begin(), newly_seen.end(), info.uid))) {
            fr.add_modseq(info.modseq);
            shown_modseq(info.modseq);
        }
        fr.append_to(out());
        conn_.maybe_flush();
    }
    if (cache != nullptr) {
        auto flushed = cache->flush();
        if (!flushed) {
            log::warning("mailbox ", box_->name(), ": message cache: ", flushed.error().message);
        }
    }
    if (expunged) {
        return Reply::no("Some of the requested messages no longer exist",
                         proto::ResponseCode::simple(Kind::ExpungeIssued));
    }
    return Reply::ok("Fetch completed.");
}

}  // namespace roost::imap
