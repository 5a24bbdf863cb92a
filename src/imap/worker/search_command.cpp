// SEARCH and UID SEARCH: the IMAP4rev1 SEARCH answer, ESEARCH (RFC 4731) when RETURN is given
// or IMAP4rev2 is enabled, SAVE (RFC 5182), CHARSET, and MODSEQ (RFC 7162).
#include <algorithm>
#include <ctime>

#include "core/log.hpp"
#include "imap/proto/response_data.hpp"
#include "imap/worker/search_program.hpp"
#include "imap/worker/session.hpp"
#include "mail/mail_error.hpp"
#include "storage/cache/cached_fields.hpp"
#include "storage/cache/message_cache.hpp"

namespace roost::imap {

Reply Session::cmd_search(proto::ParsedCommand& cmd)
{
    using Kind = proto::ResponseCode::Kind;
    const auto& args = std::get<proto::SearchArgs>(cmd.args);
    auto program = SearchProgram::compile(args.key, args.charset);
    if (!program) {
        if (program.error().code == mail::make_error_code(mail::MailError::UnknownCharset)) {
            return Reply::no("Unsupported charset",
                             proto::ResponseCode::with_atoms(Kind::BadCharset, {"UTF-8", "US-ASCII"}));
        }
        return Reply::bad(program.error().message);
    }
    if (!condstore_ && program->uses_modseq()) {
        // The first CONDSTORE enabling command tells the mailbox's HIGHESTMODSEQ (RFC 7162 3.1).
        condstore_ = true;
        const auto highest =
            proto::ResponseCode::with_number(Kind::HighestModSeq, box_->highest_modseq());
        proto::StatusResponse{{}, proto::Status::Ok, highest, "Highest"}.append_to(out());
    }

    std::vector<std::uint32_t> saved = saved_uids_;
    std::sort(saved.begin(), saved.end());
    const std::int64_t now = std::time(nullptr);
    std::tm tm{};
    const std::time_t tt = static_cast<std::time_t>(now);
    ::localtime_r(&tt, &tm);
    const std::uint32_t count = box_->count();
    SearchScope scope{count, count > 0 ? box_->message(count).uid : 0, &box_->keywords(), &saved, now,
                      static_cast<int>(tm.tm_gmtoff / 60)};

    // Header keys read the cached header block; messages read for them fill the cache, as a
    // FETCH of their headers would (doc/storage-cache.md).
    storage::cache::MessageCache* cache = program->headers_only() ? box_->message_cache() : nullptr;

    std::vector<std::uint32_t> hits;  // sequence numbers, ascending
    std::uint64_t highest_modseq = 0;
    bool expunged = false;
    for (std::uint32_t seq = 1; seq <= count; ++seq) {
        const storage::MessageInfo& info = box_->message(seq);
        SearchMessage m;
        m.seq = seq;
        m.info = &info;
        m.size = [&]() -> std::optional<std::uint64_t> {
            auto s = box_->virtual_size(seq);
            return s ? std::optional<std::uint64_t>(*s) : std::nullopt;
        };
        m.content = [&]() -> std::optional<MessageContent> {
            auto loaded = load_message(info.uid);
            if (!loaded) {
                return std::nullopt;
            }
            if (cache != nullptr && !cache->contains(info.uid)) {
                cache->add(info.uid, storage::cache::cached_fields_of((*loaded)->structure, (*loaded)->data));
            }
            return MessageContent{(*loaded)->data, &(*loaded)->structure};
        };
        if (cache != nullptr) {
            m.cached_header = [&]() -> std::optional<std::string> {
                auto cached = cache->find(info.uid);
                if (!cached) {
                    return std::nullopt;
                }
                return std::move((*cached)[storage::cache::CacheField::Header]);
            };
        }
        const auto matched = program->matches(scope, m);
        if (!matched) {
            expunged = true;
            continue;
        }
        if (*matched) {
            hits.push_back(seq);
            highest_modseq = std::max(highest_modseq, info.modseq);
        }
    }
    if (cache != nullptr) {
        if (auto flushed = cache->flush(); !flushed) {
            log::warning("mailbox ", box_->name(), ": message cache: ", flushed.error().message);
        }
    }
    std::vector<std::uint32_t> numbers;
    numbers.reserve(hits.size());
    for (const std::uint32_t seq : hits) {
        numbers.push_back(cmd.uid ? box_->message(seq).uid : seq);
    }
    const std::optional<std::uint64_t> modseq =
        program->uses_modseq() && !hits.empty() ? std::optional<std::uint64_t>(highest_modseq) : std::nullopt;

    const bool only_save = args.return_save && !args.return_min && !args.return_max && !args.return_all &&
                           !args.return_count;
    if (args.return_save) {
        // SAVE with MIN or MAX keeps only those (RFC 5182 2.4).
        saved_uids_.clear();
        if (!hits.empty()) {
            const bool min_max = args.return_min || args.return_max;
            if (min_max && !args.return_all && !args.return_count) {
                if (args.return_min) {
                    saved_uids_.push_back(box_->message(hits.front()).uid);
                }
                if (args.return_max && hits.size() > 1) {
                    saved_uids_.push_back(box_->message(hits.back()).uid);
                }
            } else {
                for (const std::uint32_t seq : hits) {
                    saved_uids_.push_back(box_->message(seq).uid);
                }
            }
        }
    }
    if (args.esearch || rev2_) {
        if (!only_save) {
            proto::EsearchData e;
            e.tag = cmd.tag;
            e.uid = cmd.uid;
            const bool all = args.return_all || !args.esearch ||
                             (!args.return_min && !args.return_max && !args.return_count);
            if (args.return_min && !numbers.empty()) {
                e.min = numbers.front();
            }
            if (args.return_max && !numbers.empty()) {
                e.max = numbers.back();
            }
            if (args.return_count) {
                e.count = static_cast<std::uint32_t>(numbers.size());
            }
            if (all && !numbers.empty()) {
                e.all = proto::SequenceSet::from_numbers(numbers);
            }
            e.modseq = modseq;
            e.append_to(out());
        }
    } else {
        proto::SearchData{numbers, modseq}.append_to(out());
    }
    if (expunged) {
        return Reply::no("Some of the requested messages no longer exist",
                         proto::ResponseCode::simple(Kind::ExpungeIssued));
    }
    return Reply::ok("Search completed.");
}

}  // namespace roost::imap
